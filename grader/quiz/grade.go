package quiz

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/report"
)

// QuestionResult is the grade of one answer.
type QuestionResult struct {
	ID       string
	Score    float64
	Max      float64
	Answered bool
	// Feedback holds the feedback of each chosen option that has some, in the
	// order chosen, and for trace and order questions a note on what was right.
	Feedback []string
}

// Correct reports whether the answer earned every point.
func (r QuestionResult) Correct() bool { return r.Answered && r.Score >= r.Max-1e-9 }

// Result is the grade of a quiz.
type Result struct {
	Quiz      *Quiz
	Questions []QuestionResult
	Score     float64
	Max       float64
	Answered  int
	// Complete is false when an interactive session ended before the last question.
	Complete bool
}

// Passed reports whether the score reaches the pass mark.
func (r *Result) Passed() bool { return r.Score+1e-9 >= r.Quiz.PassMark }

// Report returns the result as an element of the JSON report's quizzes array.
func (r *Result) Report() report.Quiz {
	st := report.Failed
	if r.Passed() {
		st = report.Passed
	}
	return report.Quiz{
		ID: r.Quiz.ID, Title: r.Quiz.Title, Status: st,
		Score: round2(r.Score), MaxScore: round2(r.Max),
		Answered: r.Answered, Questions: len(r.Quiz.Questions),
		PassMark: r.Quiz.PassMark,
	}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// formatPoints prints points without needless decimals: 1, 0.5, 0.33.
func formatPoints(f float64) string {
	return strconv.FormatFloat(round2(f), 'f', -1, 64)
}

// Grade grades the answers of a file; a question with no answer scores zero.
func Grade(qz *Quiz, a *Answers) *Result {
	r := &Result{Quiz: qz, Complete: true}
	for _, q := range qz.Questions {
		ans, ok := a.Answers[q.ID]
		var qr QuestionResult
		if ok {
			qr = q.Grade(ans)
		} else {
			qr = QuestionResult{ID: q.ID, Max: q.MaxPoints()}
		}
		r.add(qr)
	}
	return r
}

func (r *Result) add(qr QuestionResult) {
	r.Questions = append(r.Questions, qr)
	r.Score += qr.Score
	r.Max += qr.Max
	if qr.Answered {
		r.Answered++
	}
}

// Grade grades one answer to q.
func (q *Question) Grade(a Answer) QuestionResult {
	p := q.MaxPoints()
	r := QuestionResult{ID: q.ID, Max: p, Answered: true}
	switch q.Type {
	case Choice:
		r.Score = p * q.choiceCredit(a.Options)
		for _, id := range a.Options {
			if o := q.option(id); o != nil && o.Feedback != "" {
				r.Feedback = append(r.Feedback, o.Feedback)
			}
		}
	case Short:
		if q.acceptsShort(a.Text) {
			r.Score = p
		}
	case Numeric:
		if q.acceptsNumber(a.Number) {
			r.Score = p
		}
	case Order:
		credit := OrderCredit(stepIDs(q), a.Steps)
		if q.scoring() == AllOrNothing && credit < 1 {
			credit = 0
		}
		r.Score = p * credit
	case Trace:
		switch {
		case a.Outcome != q.Outcome:
		case q.Outcome != Prints || sameOutput(a.Output, q.Output):
			r.Score = p
		default:
			r.Feedback = append(r.Feedback, "The outcome is right but the printed text is not.")
			if q.scoring() == Partial {
				r.Score = p / 2
			}
		}
	}
	return r
}

// choiceCredit is the share of the points the chosen options earn. All-or-nothing:
// 1 for exactly the correct set, else 0. Partial (multi only): each correct option
// chosen earns 1/C and each wrong option chosen costs 1/W, where C and W count the
// correct and wrong options, never below 0 — so choosing every option earns 0.
func (q *Question) choiceCredit(chosen []string) float64 {
	correct := q.correctIDs()
	right, wrong := 0, 0
	for _, id := range chosen {
		if slices.Contains(correct, id) {
			right++
		} else if q.option(id) != nil {
			wrong++
		}
	}
	if q.scoring() != Partial {
		if right == len(correct) && wrong == 0 {
			return 1
		}
		return 0
	}
	c := float64(right) / float64(len(correct))
	if w := len(q.Options) - len(correct); w > 0 {
		c -= float64(wrong) / float64(w)
	}
	return max(c, 0)
}

func (q *Question) acceptsNumber(x float64) bool {
	if q.Value == nil {
		return false
	}
	v := *q.Value
	eps := 1e-9 * max(1, math.Abs(v))
	if q.Min != nil && q.Max != nil {
		return x >= *q.Min-eps && x <= *q.Max+eps
	}
	tol := 0.0
	if q.Tolerance != nil {
		tol = *q.Tolerance
	}
	return math.Abs(x-v) <= tol+eps
}

// OrderCredit is the share of the points an order answer earns, from 0 to 1.
//
// A run is a stretch of consecutive positions in the answer whose steps are
// consecutive steps of the right order, in that order: in the answer B C D A to
// A B C D, "B C D" is a run of 3. With L the length of the longest run and n the
// number of steps, the credit is (L-1)/(n-1): the right order earns 1, an answer
// with no two neighbouring steps in place earns 0 (a lone step is no ordering
// knowledge). Steps the answer misses or repeats, or ids that are not steps, break
// runs. With a single step the credit is 1 when it is given.
func OrderCredit(right, given []string) float64 {
	n := len(right)
	if n == 0 || len(given) == 0 {
		return 0
	}
	pos := make(map[string]int, n)
	for i, id := range right {
		pos[id] = i
	}
	if n == 1 {
		if _, ok := pos[given[0]]; ok {
			return 1
		}
		return 0
	}
	best, run := 0, 0
	prev := -2
	for _, id := range given {
		p, ok := pos[id]
		switch {
		case !ok:
			run, p = 0, -2
		case p == prev+1 && run > 0:
			run++
		default:
			run = 1
		}
		prev = p
		best = max(best, run)
	}
	return float64(best-1) / float64(n-1)
}

// sameOutput compares printed text ignoring trailing spaces on each line, a
// trailing newline and Windows line ends.
func sameOutput(a, b string) bool { return normalizeOutput(a) == normalizeOutput(b) }

func normalizeOutput(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// RightAnswer describes the right answer to q for a learner, as shown after they
// answer; options are named by their text.
func (q *Question) RightAnswer() string {
	switch q.Type {
	case Choice:
		var ts []string
		for _, o := range q.Options {
			if o.Correct {
				ts = append(ts, o.Text)
			}
		}
		return strings.Join(ts, "; ")
	case Short:
		return q.Answer
	case Numeric:
		if q.Value == nil {
			return ""
		}
		s := strconv.FormatFloat(*q.Value, 'f', -1, 64)
		switch {
		case q.Min != nil && q.Max != nil:
			s += fmt.Sprintf(" (anything from %g to %g)", *q.Min, *q.Max)
		case q.Tolerance != nil && *q.Tolerance > 0:
			s += fmt.Sprintf(" (± %g)", *q.Tolerance)
		}
		return s
	case Order:
		ts := make([]string, len(q.Steps))
		for i, s := range q.Steps {
			ts[i] = s.Text
		}
		return strings.Join(ts, " → ")
	case Trace:
		if q.Outcome == Prints {
			return fmt.Sprintf("%s:\n%s", q.Outcome.Describe(), normalizeOutput(q.Output))
		}
		return q.Outcome.Describe()
	}
	return ""
}

// Ungraded is a quiz in the report that scored nothing: not answered, or its
// answers could not be read.
func Ungraded(qz *Quiz) report.Quiz {
	return report.Quiz{ID: qz.ID, Title: qz.Title, Status: report.Failed,
		MaxScore: qz.MaxScore(), Questions: len(qz.Questions), PassMark: qz.PassMark}
}

// DirResult is what GradeDir found.
type DirResult struct {
	Quizzes []report.Quiz // one per quiz, in the quizzes' order
	Missing []string      // the quizzes with no answers file
	NoKey   []string      // the quizzes that carry no key to grade with
	Notes   []string      // why an answers file could not be graded
}

// GradeDir grades the answers file of each quiz in dir (dir/ID.toml). Every
// quiz is in the result: one without an answers file, without a key, or whose
// file cannot be read scores 0 of its points, so a report's maximum never
// depends on which files are there.
func GradeDir(dir string, quizzes []*Quiz) DirResult {
	var r DirResult
	for _, qz := range quizzes {
		name := filepath.Join(dir, qz.ID+".toml")
		if _, err := os.Stat(name); err != nil {
			r.Quizzes = append(r.Quizzes, Ungraded(qz))
			r.Missing = append(r.Missing, qz.ID)
			continue
		}
		if !qz.HasKeys() {
			r.Quizzes = append(r.Quizzes, Ungraded(qz))
			r.NoKey = append(r.NoKey, qz.ID)
			continue
		}
		shown := filepath.Base(dir) + "/" + qz.ID + ".toml"
		src, err := readRegular(name, shown, MaxAnswersSize)
		var a *Answers
		if err == nil {
			a, err = ParseAnswers(shown, src, qz)
		}
		if err != nil {
			r.Quizzes = append(r.Quizzes, Ungraded(qz))
			r.Notes = append(r.Notes, fmt.Sprintf("%s could not be graded: %v", shown, err))
			continue
		}
		r.Quizzes = append(r.Quizzes, Grade(qz, a).Report())
	}
	return r
}
