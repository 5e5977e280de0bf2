package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// item is one exercise or quiz as the CI formats see it: each of them has one
// test per item, with its points. Building it once keeps the formats agreeing on
// names, messages and locations.
type item struct {
	quiz       bool
	id         string
	name       string // "ex03: A worker pool that downloads files", "quiz gil: Goroutines"
	status     Status
	score, max float64
	file       string // the learner's file, relative to the course root
	line       int    // the first error's line in file, 0 when unknown
	durationMS int64
	command    string // the command that grades it again
	summary    string // one line saying what happened
	ex         *Exercise
	q          *Quiz
}

func items(r *Report) []item {
	its := make([]item, 0, len(r.Exercises)+len(r.Quizzes))
	for i := range r.Exercises {
		its = append(its, exerciseItem(&r.Exercises[i]))
	}
	for i := range r.Quizzes {
		its = append(its, quizItem(&r.Quizzes[i]))
	}
	return its
}

func exerciseItem(ex *Exercise) item {
	it := item{id: ex.ID, name: ex.ID, status: ex.Status, score: ex.Score, max: ex.MaxScore,
		file: exerciseFile(ex), durationMS: ex.DurationMS, command: "gilgrade check " + ex.ID,
		summary: exerciseSummary(ex), ex: ex}
	if ex.Title != "" {
		it.name += ": " + ex.Title
	} else if ex.Slug != "" {
		it.name += ": " + ex.Slug
	}
	if d, ok := firstError(ex); ok && d.File != "" {
		it.file, it.line = d.File, d.Line
	}
	return it
}

func quizItem(q *Quiz) item {
	it := item{quiz: true, id: q.ID, name: "quiz " + q.ID, status: q.Status, score: q.Score, max: q.MaxScore,
		command: "gilgrade quiz " + q.ID, summary: quizSummary(q), q: q}
	if q.Title != "" {
		it.name += ": " + q.Title
	}
	return it
}

// exerciseFile is the file a CI tool should point at: the learner's first file,
// else the exercise directory.
func exerciseFile(ex *Exercise) string {
	if len(ex.Files) > 0 {
		return ex.Files[0]
	}
	return ex.Dir
}

func firstError(ex *Exercise) (diag.Diagnostic, bool) {
	for _, d := range ex.Diagnostics {
		if d.Severity == diag.Error {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// failedTests returns the tests that failed, in the order they ran.
func failedTests(ex *Exercise) []Test {
	var ts []Test
	for _, t := range ex.Tests {
		if t.Status == TestFail {
			ts = append(ts, t)
		}
	}
	return ts
}

func testNames(ts []Test) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// exerciseSummary says in one line what happened to an exercise.
func exerciseSummary(ex *Exercise) string {
	switch ex.Status {
	case Passed:
		n := 0
		for _, d := range ex.Diagnostics {
			if d.Severity == diag.Warning {
				n++
			}
		}
		if n > 0 {
			return fmt.Sprintf("passed, with %d warning%s", n, plural(n))
		}
		return "passed"
	case Unfilled:
		return fmt.Sprintf("%d blank%s left", ex.BlanksLeft, plural(ex.BlanksLeft))
	}
	errs := 0
	var first diag.Diagnostic
	for _, d := range ex.Diagnostics {
		if d.Severity == diag.Error {
			if errs == 0 {
				first = d
			}
			errs++
		}
	}
	if errs > 0 {
		s := first.Message
		if errs > 1 {
			s += fmt.Sprintf(" (and %d more problem%s)", errs-1, plural(errs-1))
		}
		return s
	}
	if ex.Status == Error {
		return "gilgrade could not grade this exercise"
	}
	if ts := failedTests(ex); len(ts) > 0 {
		return testNames(ts) + " failed"
	}
	return "failed"
}

func quizSummary(q *Quiz) string {
	s := fmt.Sprintf("%s/%s points, %d of %d questions answered", Points(q.Score), Points(q.MaxScore), q.Answered, q.Questions)
	switch {
	case q.Status == Error:
		return "gilgrade could not grade this quiz"
	case q.Status != Passed && q.PassMark > 0:
		s += fmt.Sprintf("; the pass mark is %s", Points(q.PassMark))
	}
	return s
}

// location prints file:line:col, leaving out what is unknown.
func location(file string, line, col int) string {
	s := file
	if line > 0 {
		s += ":" + strconv.Itoa(line)
		if col > 0 {
			s += ":" + strconv.Itoa(col)
		}
	}
	return s
}

// plainDiagnostic renders one diagnosis as plain text, for the formats whose
// readers show text as it is (JUnit, Classroom, Exercism).
func plainDiagnostic(b *strings.Builder, d diag.Diagnostic) {
	if loc := location(d.File, d.Line, d.Col); loc != "" {
		b.WriteString(loc + ": ")
	}
	fmt.Fprintf(b, "%s [%s] %s\n", d.Severity, d.Code, d.Message)
	if d.Source != "" {
		fmt.Fprintf(b, "    %s\n", d.Source)
	}
	for _, det := range d.Details {
		fmt.Fprintf(b, "    %s\n", det)
	}
	if d.Hint != "" {
		fmt.Fprintf(b, "    hint: %s\n", d.Hint)
	}
}

// plainDetail is the full story of an item in plain text: every diagnosis, and
// the output of the failed tests when no diagnosis explains them.
func plainDetail(it item) string {
	var b strings.Builder
	if it.q != nil {
		b.WriteString(it.summary + "\n")
		return b.String()
	}
	for _, d := range it.ex.Diagnostics {
		plainDiagnostic(&b, d)
	}
	if !diag.HasError(it.ex.Diagnostics) {
		b.WriteString(failedOutput(it.ex))
	}
	return b.String()
}

// failedOutput joins the output of the failed tests, which go test ends with
// "--- FAIL: Name"; a test that printed nothing gets that line alone.
func failedOutput(ex *Exercise) string {
	var b strings.Builder
	for _, t := range failedTests(ex) {
		out := t.Output
		if strings.TrimSpace(out) == "" {
			out = "--- FAIL: " + t.Name
		}
		b.WriteString(strings.TrimRight(out, "\n") + "\n")
	}
	return b.String()
}

// truncate cuts s to at most n characters (runes), saying so at the end.
func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	tail := fmt.Sprintf("\n… (cut: %d characters in all)", len(rs))
	keep := n - len([]rune(tail))
	if keep < 0 {
		return string(rs[:n])
	}
	return string(rs[:keep]) + tail
}
