package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
	"github.com/gilgrade/gilgrade/grader/term"
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
		score := fmt.Sprintf("%s/%s points, %d of %d answered", Points(q.Score), Points(q.MaxScore), q.Answered, q.Questions)
		title, fits := shorten(q.Title, o.Width-len([]rune("✓ quiz "+q.ID+" — "+"  "+score)))
		if fits || q.Title == "" {
			fmt.Fprintf(&b, "%s\n", term.Fit(fmt.Sprintf("%s quiz %s%s  %s", mark, s.Bold(q.ID), titleSuffix(title), score), o.Width, "  "))
		} else {
			fmt.Fprintf(&b, "%s\n  %s\n", term.Fit(fmt.Sprintf("%s quiz %s  %s", mark, s.Bold(q.ID), score), o.Width, "  "), term.Wrap(q.Title, o.Width-2, "  "))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "%s %s\n", s.Warn("note:"), term.Wrap(n, o.Width-6, "      "))
	}
	if len(r.Exercises)+len(r.Quizzes) > 1 {
		passed := 0
		for _, ex := range r.Exercises {
			if ex.Status == Passed {
				passed++
			}
		}
		fmt.Fprintf(&b, "\n%s\n", term.Fit(fmt.Sprintf("%s %s/%s points · %d of %d exercises passed", s.Bold("Total:"),
			Points(r.Score), Points(r.MaxScore), passed, len(r.Exercises)), o.Width, "  "))
	}
	_, err := io.WriteString(w, safetext.Defuse(b.String()))
	return err
}

// shorten fits a title into room columns: whole, or cut after a word and ended
// with "…" when at least minTitle columns are left for it. ok is false when
// neither fits.
func shorten(title string, room int) (string, bool) {
	const minTitle = 16
	if len([]rune(title)) <= room {
		return title, true
	}
	if room < minTitle {
		return "", false
	}
	return term.Shorten(title, room), true
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
	var color func(a ...any) string
	switch ex.Status {
	case Passed:
		mark, verdict, color = "✓", "passed", s.Good
	case Unfilled:
		mark, verdict, color = "…", fmt.Sprintf("%d blank%s left", ex.BlanksLeft, plural(ex.BlanksLeft)), s.Warn
	case Error:
		mark, verdict, color = "!", "could not be graded", s.Bad
	default:
		mark, verdict, color = "✗", "failed", s.Bad
	}
	points := fmt.Sprintf("%s/%s", Points(ex.Score), Points(ex.MaxScore))
	// The heading fits the width, so the terminal never breaks it inside a
	// word: a long title is cut at a space, and one that cannot keep a few
	// words goes under the heading, wrapped at spaces.
	title, fits := shorten(ex.Title, o.Width-len([]rune(fmt.Sprintf("%s %s   %s  %s", mark, ex.ID, verdict, points))))
	if fits || ex.Title == "" {
		fmt.Fprintf(b, "%s %s %s  %s  %s\n", color(mark), s.Bold(ex.ID), title, color(verdict), s.Dim(points))
	} else {
		fmt.Fprintf(b, "%s\n  %s\n", term.Fit(fmt.Sprintf("%s %s  %s  %s", color(mark), s.Bold(ex.ID), color(verdict), s.Dim(points)), o.Width, "  "),
			term.Wrap(ex.Title, o.Width-2, "  "))
	}
	if !ex.RaceChecked && ex.Status == Passed {
		fmt.Fprintf(b, "  %s\n", s.Warn(term.Wrap("passed without the race detector: a data race could still hide here", o.Width-2, "  ")))
	}
	if ex.Status == Unfilled {
		if !listBlanks {
			return
		}
		writeBlanks(b, ex, o)
	}
	for _, d := range ex.Diagnostics {
		if !d.Is(diag.Unfilled) {
			writeDiagnostic(b, d, o)
		}
	}
	writeTimelines(b, ex, o)
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
		if !d.Is(diag.Unfilled) {
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
		fmt.Fprintf(b, "    %s  %s\n", s.Dim(fmt.Sprintf("%5s", fmt.Sprintf("%d:%d", d.Line, d.Col))), s.Code(cut(d.Source, o.Width-11)))
	}
	if hint != "" {
		fmt.Fprintf(b, "  %s %s\n", s.Good("→"), term.Wrap(hint, o.Width-4, "    "))
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
	fmt.Fprintf(b, "\n%s\n", term.Fit(fmt.Sprintf("  %s %s %s", sev, s.Dim("["+d.Code+"]"), loc), o.Width, "    "))
	if d.Source != "" {
		fmt.Fprintf(b, "    %s %s\n", s.Dim(fmt.Sprintf("%4d |", d.Line)), s.Code(cut(d.Source, o.Width-11)))
	}
	fmt.Fprintf(b, "    %s\n", term.Wrap(d.Message, o.Width-4, "    "))
	for _, det := range d.Details {
		fmt.Fprintf(b, "    %s %s\n", s.Dim("·"), term.Wrap(det, o.Width-6, "      "))
	}
	if d.Hint != "" {
		fmt.Fprintf(b, "    %s %s\n", s.Good("→"), term.Wrap(d.Hint, o.Width-6, "      "))
	}
	if o.Verbose && d.Verbose != "" {
		b.WriteString(s.Dim(indent(d.Verbose, "      ")))
	}
}

// cut shortens a line of code to n columns, ending it with "…": code is not
// wrapped, and a line longer than the terminal would be broken anywhere.
func cut(s string, n int) string {
	rs := []rune(s)
	if n < 10 || len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
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

// Points prints a score with at most two decimals and no needless zeros (1,
// 0.5, 0.33), halves rounded up: every report, the class report and the command
// line show scores through it, so one score reads the same everywhere.
func Points(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}
