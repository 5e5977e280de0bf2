package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// TextOptions shape the text report.
type TextOptions struct {
	Style   Style
	Verbose bool // show the raw runtime text behind each diagnosis and passing tests
	Width   int  // terminal width; 0 means 80
}

// WriteText writes the report for a person at a terminal, or for a CI log: the
// learner's text shows with its control characters made visible, and no line of
// the report can be read as a workflow command, wherever wrapping breaks it.
func WriteText(w io.Writer, r *Report, o TextOptions) error {
	if o.Width <= 0 {
		o.Width = 80
	}
	r = cleaned(r, safetext.Line, safetext.Terminal)
	s := o.Style
	var b strings.Builder
	// Only the first exercise with blanks left lists them: on a fresh course a list
	// for every exercise would bury what to do next.
	listed := false
	for _, ex := range r.Exercises {
		writeExercise(&b, ex, o, !listed)
		listed = listed || ex.Status == Unfilled
	}
	for _, q := range r.Quizzes {
		mark := s.Good("✓")
		if q.Status != Passed {
			mark = s.Bad("✗")
		}
		fmt.Fprintf(&b, "%s quiz %s%s  %s/%s points, %d of %d answered\n", mark, s.Bold(q.ID), titleSuffix(q.Title),
			num(q.Score), num(q.MaxScore), q.Answered, q.Questions)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "%s %s\n", s.Warn("note:"), n)
	}
	if len(r.Exercises)+len(r.Quizzes) > 1 {
		passed := 0
		for _, ex := range r.Exercises {
			if ex.Status == Passed {
				passed++
			}
		}
		fmt.Fprintf(&b, "\n%s %s/%s points · %d of %d exercises passed\n", s.Bold("Total:"),
			num(r.Score), num(r.MaxScore), passed, len(r.Exercises))
	}
	_, err := io.WriteString(w, safetext.Defuse(b.String()))
	return err
}

func titleSuffix(t string) string {
	if t == "" {
		return ""
	}
	return " — " + t
}

func writeExercise(b *strings.Builder, ex Exercise, o TextOptions, listBlanks bool) {
	s := o.Style
	var mark, verdict string
	switch ex.Status {
	case Passed:
		mark, verdict = s.Good("✓"), s.Good("passed")
	case Unfilled:
		mark, verdict = s.Warn("…"), s.Warn(fmt.Sprintf("%d blank%s left", ex.BlanksLeft, plural(ex.BlanksLeft)))
	case Error:
		mark, verdict = s.Bad("!"), s.Bad("could not be graded")
	default:
		mark, verdict = s.Bad("✗"), s.Bad("failed")
	}
	fmt.Fprintf(b, "%s %s %s  %s  %s\n", mark, s.Bold(ex.ID), ex.Title, verdict,
		s.Dim(fmt.Sprintf("%s/%s", num(ex.Score), num(ex.MaxScore))))
	if !ex.RaceChecked && ex.Status == Passed {
		fmt.Fprintf(b, "  %s\n", s.Warn("passed without the race detector: a data race could still hide here"))
	}
	if ex.Status == Unfilled {
		if !listBlanks {
			return
		}
		writeBlanks(b, ex, o)
	}
	for _, d := range ex.Diagnostics {
		if d.Code != "unfilled" {
			writeDiagnostic(b, d, o)
		}
	}
	if ex.Status == Failed && len(ex.Diagnostics) == 0 {
		for _, t := range ex.Tests {
			if t.Status == TestFail {
				fmt.Fprintf(b, "  %s %s\n%s", s.Bad("FAIL"), t.Name, indent(t.Output, "    "))
			}
		}
	}
	if o.Verbose {
		for _, t := range ex.Tests {
			fmt.Fprintf(b, "  %s %s (%dms)\n", s.Dim(string(t.Status)), t.Name, t.DurationMS)
		}
	}
	b.WriteByte('\n')
}

// writeBlanks lists the blanks left, one line each under their file, with one
// hint for all of them: a fresh exercise has several, and the same advice
// repeated for each would bury them.
func writeBlanks(b *strings.Builder, ex Exercise, o TextOptions) {
	s := o.Style
	const most = 8
	file, shown, hint := "", 0, ""
	for _, d := range ex.Diagnostics {
		if d.Code != "unfilled" {
			continue
		}
		hint = d.Hint
		if shown == most {
			fmt.Fprintf(b, "    %s\n", s.Dim(fmt.Sprintf("… and %d more", ex.BlanksLeft-most)))
		}
		shown++
		if shown > most {
			continue
		}
		if d.File != file {
			file = d.File
			fmt.Fprintf(b, "\n  %s\n", file)
		}
		fmt.Fprintf(b, "    %s  %s\n", s.Dim(fmt.Sprintf("%5s", fmt.Sprintf("%d:%d", d.Line, d.Col))), s.Code(d.Source))
	}
	if hint != "" {
		fmt.Fprintf(b, "  %s %s\n", s.Good("→"), wrap(hint, o.Width-4, "    "))
	}
}

func writeDiagnostic(b *strings.Builder, d diag.Diagnostic, o TextOptions) {
	s := o.Style
	loc := d.File
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d", d.File, d.Line)
		if d.Col > 0 {
			loc += fmt.Sprintf(":%d", d.Col)
		}
	}
	sev := s.Bad(string(d.Severity))
	if d.Severity != diag.Error {
		sev = s.Warn(string(d.Severity))
	}
	fmt.Fprintf(b, "\n  %s %s %s\n", sev, s.Dim("["+d.Code+"]"), loc)
	if d.Source != "" {
		fmt.Fprintf(b, "    %s %s\n", s.Dim(fmt.Sprintf("%4d |", d.Line)), s.Code(d.Source))
	}
	fmt.Fprintf(b, "    %s\n", wrap(d.Message, o.Width-4, "    "))
	for _, det := range d.Details {
		fmt.Fprintf(b, "    %s %s\n", s.Dim("·"), wrap(det, o.Width-6, "      "))
	}
	if d.Hint != "" {
		fmt.Fprintf(b, "    %s %s\n", s.Good("→"), wrap(d.Hint, o.Width-6, "      "))
	}
	if o.Verbose && d.Verbose != "" {
		b.WriteString(s.Dim(indent(d.Verbose, "      ")))
	}
}

// wrap breaks text into lines of at most width columns, indenting the later lines.
func wrap(text string, width int, ind string) string {
	if width < 20 {
		width = 20
	}
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		if i > 0 {
			if col+1+len([]rune(w)) > width {
				b.WriteString("\n" + ind)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len([]rune(w))
	}
	return b.String()
}

func indent(text, ind string) string {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return ""
	}
	return ind + strings.ReplaceAll(text, "\n", "\n"+ind) + "\n"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// num prints a score without needless decimals.
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
