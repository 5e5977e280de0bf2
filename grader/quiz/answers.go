package quiz

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gilgrade/gilgrade/grader/bounded"
	"github.com/gilgrade/gilgrade/grader/tomlpos"
)

// An answers file, committed by a learner and graded without a terminal. Answers
// name questions and options by id, never by position, so reordering or shuffling a
// quiz never changes what an answer means:
//
//	quiz = "goroutines"
//
//	[answers]
//	what-is-gil = "c"                            # choice: an option id
//	race-fixes  = ["mutex", "atomic"]            # choice with multi = true
//	start-method = "start()"                     # short
//	cores = 4                                    # numeric
//	wg-order = ["add", "go", "done", "wait"]     # order: every step id
//	trace-1 = { outcome = "prints", output = "3" } # trace; output only for prints
//
// An empty string, an empty array or an empty outcome means "not answered yet".

// Answer is a learner's answer to one question; which fields are set depends on
// the question's type.
type Answer struct {
	Options []string // choice: chosen option ids
	Text    string   // short
	Number  float64  // numeric
	Steps   []string // order: step ids in the learner's order
	Outcome Outcome  // trace
	Output  string   // trace, when the outcome is prints
}

// Answers is an answers file.
type Answers struct {
	Quiz    string
	Answers map[string]Answer // by question id; a question without an answer is absent
	File    string
}

// MaxAnswersSize bounds an answers file: a real one is a few kilobytes.
const MaxAnswersSize = 1 << 20

// LoadAnswers reads an answers file for qz. It must be a regular file (not a
// device, a pipe or a folder) of at most MaxAnswersSize bytes, so a link to
// /dev/zero cannot make gilgrade read without end.
func LoadAnswers(path string, qz *Quiz) (*Answers, error) {
	src, err := readRegular(path, path, MaxAnswersSize)
	if err != nil {
		return nil, fmt.Errorf("read answers: %w", err)
	}
	return ParseAnswers(path, src, qz)
}

// readRegular reads an answers file; shown is its name in messages.
func readRegular(path, shown string, limit int64) ([]byte, error) {
	src, err := bounded.ReadFile(path, limit)
	switch {
	case errors.Is(err, bounded.ErrNotRegular):
		return nil, fmt.Errorf("%s is not a regular file: write your answers in a plain TOML file", shown)
	case errors.Is(err, bounded.ErrTooLarge):
		return nil, fmt.Errorf("%s is larger than %d KiB: an answers file holds one short answer per question", shown, limit>>10)
	}
	return src, err
}

// ParseAnswers reads and strictly validates an answers file for qz. The error, if
// any, is an Errors listing every problem with its line.
func ParseAnswers(file string, src []byte, qz *Quiz) (*Answers, error) {
	e := &errs{file: file, lines: lineFinder{ix: tomlpos.New(src)}}
	var top map[string]any
	if _, err := toml.Decode(string(src), &top); err != nil {
		e.decodeError(err)
		return nil, e.err()
	}
	a := &Answers{Answers: map[string]Answer{}, File: file}
	for _, k := range sortedKeys(top) {
		switch k {
		case "quiz":
			s, ok := top[k].(string)
			switch {
			case !ok:
				e.key([]any{k}, "quiz must be a string, the quiz id: quiz = %q", qz.ID)
			case s != qz.ID:
				e.key([]any{k}, "these are answers to quiz %q, not %q: grade them with that quiz or fix the id", s, qz.ID)
			}
			a.Quiz = s
		case "answers":
		default:
			e.key([]any{k}, "unknown key %q%s; an answers file has quiz = %q and an [answers] table", k, suggest(k, []string{"quiz", "answers"}), qz.ID)
		}
	}
	if _, ok := top["quiz"]; !ok {
		e.at(1, "missing quiz id: add quiz = %q at the top", qz.ID)
	}
	table, ok := top["answers"].(map[string]any)
	if _, present := top["answers"]; present && !ok {
		e.key([]any{"answers"}, "answers must be a table: write [answers] and one line per question below it")
	}
	ids := make([]string, len(qz.Questions))
	for i, q := range qz.Questions {
		ids[i] = q.ID
	}
	for _, id := range sortedKeys(table) {
		q := qz.Question(id)
		if q == nil {
			e.key([]any{"answers", id}, "no question %q in quiz %q%s: use the ids of `gilgrade quiz template %s`", id, qz.ID, suggest(id, ids), qz.ID)
			continue
		}
		ans, given, ok := decodeAnswer(e, q, table[id])
		if ok && given {
			a.Answers[id] = ans
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return a, nil
}

// decodeAnswer checks one answer against its question. given is false for an
// empty answer; ok is false when an error was reported.
func decodeAnswer(e *errs, q *Question, v any) (ans Answer, given, ok bool) {
	path := []any{"answers", q.ID}
	fail := func(format string, args ...any) (Answer, bool, bool) {
		e.key(path, "answer to %q: %s", q.ID, fmt.Sprintf(format, args...))
		return Answer{}, false, false
	}
	if s, isStr := v.(string); isStr && strings.TrimSpace(s) == "" {
		return Answer{}, false, true
	}
	if l, isList := v.([]any); isList && len(l) == 0 {
		return Answer{}, false, true
	}
	switch q.Type {
	case Choice:
		var chosen []string
		switch v := v.(type) {
		case string:
			chosen = []string{v}
		case []any:
			for _, x := range v {
				s, isStr := x.(string)
				if !isStr {
					return fail("option ids are strings in quotes, one of %s", optionIDs(q))
				}
				chosen = append(chosen, s)
			}
		default:
			return fail("write an option id in quotes, one of %s", optionIDs(q))
		}
		if len(chosen) > 1 && !q.Multi {
			return fail("this question has one right option: keep one of %s", quoteAll(chosen))
		}
		seen := map[string]bool{}
		for _, c := range chosen {
			if q.option(c) == nil {
				return fail("no option %q: the options are %s", c, optionIDs(q))
			}
			if seen[c] {
				return fail("option %q is listed twice: list it once", c)
			}
			seen[c] = true
		}
		return Answer{Options: chosen}, true, true
	case Short:
		s, isStr := v.(string)
		if !isStr {
			return fail("write the answer as a string in quotes")
		}
		return Answer{Text: s}, true, true
	case Numeric:
		var f float64
		switch v := v.(type) {
		case int64:
			f = float64(v)
		case float64:
			f = v
		case string:
			return fail("write the number without quotes, such as %s = 42", q.ID)
		default:
			return fail("write a number, such as %s = 42", q.ID)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fail("write a finite number")
		}
		return Answer{Number: f}, true, true
	case Order:
		l, isList := v.([]any)
		if !isList {
			return fail("write every step id in order, such as [%s]", strings.Join(quoteAll(stepIDs(q)), ", "))
		}
		var steps []string
		seen := map[string]bool{}
		for _, x := range l {
			s, isStr := x.(string)
			if !isStr {
				return fail("step ids are strings in quotes")
			}
			if q.step(s) == nil {
				return fail("no step %q: the steps are %s", s, strings.Join(quoteAll(stepIDs(q)), ", "))
			}
			if seen[s] {
				return fail("step %q is listed twice: list every step once", s)
			}
			seen[s] = true
			steps = append(steps, s)
		}
		if len(steps) != len(q.Steps) {
			var missing []string
			for _, id := range stepIDs(q) {
				if !seen[id] {
					missing = append(missing, id)
				}
			}
			return fail("list every step once; missing %s", strings.Join(quoteAll(missing), ", "))
		}
		return Answer{Steps: steps}, true, true
	case Trace:
		var a Answer
		switch v := v.(type) {
		case string:
			a.Outcome = Outcome(v)
		case map[string]any:
			for _, k := range sortedKeys(v) {
				s, isStr := v[k].(string)
				switch {
				case k != "outcome" && k != "output":
					e.key(append(path, k), "answer to %q: unknown key %q: a trace answer has outcome and output", q.ID, k)
					return Answer{}, false, false
				case !isStr:
					e.key(append(path, k), "answer to %q: %s must be a string in quotes", q.ID, k)
					return Answer{}, false, false
				case k == "outcome":
					a.Outcome = Outcome(s)
				default:
					a.Output = s
				}
			}
		default:
			return fail(`write { outcome = "prints", output = "…" } or one of the outcomes in quotes`)
		}
		switch a.Outcome {
		case "":
			if a.Output != "" {
				return fail(`output without an outcome: add outcome = "prints"`)
			}
			return Answer{}, false, true
		case Prints:
		case Deadlock, DataRace, Panics, CompileError:
			if a.Output != "" {
				return fail("output is only for outcome = \"prints\": remove it")
			}
		default:
			return fail("unknown outcome %q: use prints, deadlock, data-race, panic or compile-error", a.Outcome)
		}
		return a, true, true
	}
	return fail("question type %q cannot be answered", q.Type)
}

func optionIDs(q *Question) string {
	ids := make([]string, len(q.Options))
	for i, o := range q.Options {
		ids[i] = o.ID
	}
	return strings.Join(quoteAll(ids), ", ")
}

func stepIDs(q *Question) []string {
	ids := make([]string, len(q.Steps))
	for i, s := range q.Steps {
		ids[i] = s.ID
	}
	return ids
}

func quoteAll(ss []string) []string {
	out := slices.Clone(ss)
	for i, s := range out {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
