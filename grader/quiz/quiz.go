// Package quiz reads the end-of-lesson quizzes of a gilgrade course (TOML files in
// quizzes/), validates them strictly with file:line errors, grades answers files,
// runs an interactive session over a reader and a writer, and verifies trace
// questions by running their programs under the race detector.
//
// A quiz file:
//
//	id = "goroutines"                 # [a-z0-9][a-z0-9_-]*, unique in the course
//	title = "Goroutines and the race detector"
//	pass_mark = 7                     # points needed to pass, at most the total
//	intro = "…"                       # optional, shown before the first question
//	public = true                     # only in a student's copy, which has no keys
//
//	[[questions]]
//	id = "wg-add"                     # stable: answers files refer to it
//	type = "choice"                   # choice | short | numeric | order | trace
//	points = 1                        # optional, default 1
//	tags = ["waitgroup"]              # optional
//	prompt = """…"""                  # Markdown-ish; ``` fences are code blocks
//	explanation = """…"""             # required, shown after answering
//
// Per type:
//
//   - choice: multi (bool, default false: exactly one correct option), scoring
//     ("all-or-nothing" default, or "partial": multi only), shuffle (default true),
//     and [[questions.options]] with id, text, correct, feedback, pinned. A pinned
//     option keeps its position when the others are shuffled.
//   - short: answer (the model answer shown after answering), accept (strings) and
//     patterns (regular expressions matched against the whole answer). Answers and
//     accepted strings are compared after trimming, collapsing runs of spaces and
//     lowercasing; patterns are matched case-insensitively against the answer with
//     its spaces collapsed. The model answer must be accepted by its own question.
//   - numeric: value, and either tolerance (|x-value| <= tolerance; 0 means exact)
//     or min and max (min <= x <= max, value inside the range).
//   - order: [[questions.steps]] with id and text, written in the right order;
//     shown shuffled. scoring "partial" (the default) or "all-or-nothing"; see
//     OrderCredit for partial credit.
//   - trace: program (a whole Go main package), outcome (prints | deadlock |
//     data-race | panic | compile-error) and, when it prints, output (its exact
//     standard output). scoring "partial" gives half the points for the right
//     outcome with the wrong output.
package quiz

import (
	"regexp"
)

// Type is a question type.
type Type string

const (
	Choice  Type = "choice"
	Short   Type = "short"
	Numeric Type = "numeric"
	Order   Type = "order"
	Trace   Type = "trace"
)

// Scoring says how a question gives partial credit.
type Scoring string

const (
	AllOrNothing Scoring = "all-or-nothing"
	Partial      Scoring = "partial"
)

// Outcome is what a trace program does when run.
type Outcome string

const (
	Prints       Outcome = "prints"
	Deadlock     Outcome = "deadlock"
	DataRace     Outcome = "data-race"
	Panics       Outcome = "panic"
	CompileError Outcome = "compile-error"
)

// Outcomes lists the outcomes in the order a session numbers them.
var Outcomes = []Outcome{Prints, Deadlock, DataRace, Panics, CompileError}

// Describe returns the outcome as a learner reads it.
func (o Outcome) Describe() string {
	switch o {
	case Prints:
		return "it runs and prints something"
	case Deadlock:
		return "it deadlocks"
	case DataRace:
		return "the race detector reports a data race"
	case Panics:
		return "it panics"
	case CompileError:
		return "it does not compile"
	}
	return string(o)
}

// Quiz is one quiz file.
type Quiz struct {
	ID       string  `toml:"id"`
	Title    string  `toml:"title"`
	PassMark float64 `toml:"pass_mark"`
	Intro    string  `toml:"intro"`
	// IsPublic marks a student's copy, written without the keys (see Public).
	IsPublic  bool        `toml:"public"`
	Questions []*Question `toml:"questions"`

	// File is the name the quiz was read from, for error messages.
	File string `toml:"-"`
	// lines finds the line of a key, for errors found after parsing.
	lines lineFinder
}

// Question is one question of a quiz.
type Question struct {
	ID          string   `toml:"id"`
	Type        Type     `toml:"type"`
	Points      *float64 `toml:"points"`
	Tags        []string `toml:"tags"`
	Prompt      string   `toml:"prompt"`
	Explanation string   `toml:"explanation"`
	Scoring     Scoring  `toml:"scoring"`

	// choice
	Multi   bool      `toml:"multi"`
	Shuffle *bool     `toml:"shuffle"`
	Options []*Option `toml:"options"`

	// short
	Answer   string   `toml:"answer"`
	Accept   []string `toml:"accept"`
	Patterns []string `toml:"patterns"`

	// numeric
	Value     *float64 `toml:"value"`
	Tolerance *float64 `toml:"tolerance"`
	Min       *float64 `toml:"min"`
	Max       *float64 `toml:"max"`

	// order
	Steps []*Step `toml:"steps"`

	// trace
	Program string  `toml:"program"`
	Outcome Outcome `toml:"outcome"`
	Output  string  `toml:"output"`

	patterns []*regexp.Regexp
	public   bool // read from a student's copy: no key, steps not in order
	index    int  // 0-based position in the file
}

// Option is one option of a choice question.
type Option struct {
	ID       string `toml:"id"`
	Text     string `toml:"text"`
	Correct  bool   `toml:"correct"`
	Feedback string `toml:"feedback"`
	Pinned   bool   `toml:"pinned"`
}

// Step is one step of an order question.
type Step struct {
	ID   string `toml:"id"`
	Text string `toml:"text"`
}

// MaxPoints returns what the question is worth.
func (q *Question) MaxPoints() float64 {
	if q.Points == nil {
		return 1
	}
	return *q.Points
}

// scoring returns the question's scoring with its type's default filled in.
func (q *Question) scoring() Scoring {
	if q.Scoring != "" {
		return q.Scoring
	}
	if q.Type == Order {
		return Partial
	}
	return AllOrNothing
}

// shuffled reports whether the options of a choice question are shuffled.
func (q *Question) shuffled() bool { return q.Shuffle == nil || *q.Shuffle }

// Correct returns the ids of the correct options of a choice question.
func (q *Question) correctIDs() []string {
	var ids []string
	for _, o := range q.Options {
		if o.Correct {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

func (q *Question) option(id string) *Option {
	for _, o := range q.Options {
		if o.ID == id {
			return o
		}
	}
	return nil
}

func (q *Question) step(id string) *Step {
	for _, s := range q.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// MaxScore returns the sum of the questions' points.
func (qz *Quiz) MaxScore() float64 {
	var t float64
	for _, q := range qz.Questions {
		t += q.MaxPoints()
	}
	return t
}

// Question returns the question with the id, or nil.
func (qz *Quiz) Question(id string) *Question {
	for _, q := range qz.Questions {
		if q.ID == id {
			return q
		}
	}
	return nil
}
