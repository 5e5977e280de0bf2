package report

import (
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/term"
)

func TestTextListsBlanksOfFirstUnfilledOnly(t *testing.T) {
	unfilled := func(id string) Exercise {
		return Exercise{ID: id, Title: id, Status: Unfilled, BlanksLeft: 1, MaxScore: 1,
			Diagnostics: []diag.Diagnostic{{Code: "unfilled", Severity: diag.Error, File: id + ".go", Line: 3, Col: 2, Source: "___ // " + id}}}
	}
	r := New()
	r.Exercises = []Exercise{unfilled("ex01"), unfilled("ex02")}
	r.Total()
	var b strings.Builder
	if err := WriteText(&b, r, TextOptions{Style: NewStyle(false)}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "___ // ex01") || strings.Contains(out, "___ // ex02") || !strings.Contains(out, "ex02 ex02  1 blank left") {
		t.Errorf("text report:\n%s", out)
	}
}

// TestTextFitsWidth: at 40 columns no line gilgrade writes is wider than the
// terminal (which would break it anywhere, mid-word), except a single word
// longer than a line; the tests' own output (indented by four) is shown as
// printed.
func TestTextFitsWidth(t *testing.T) {
	for _, width := range []int{40, 60, 80} {
		var b strings.Builder
		if err := WriteText(&b, sampleReport(), TextOptions{Style: NewStyle(false), Width: width}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(b.String(), "\n") {
			if n := len([]rune(l)); n > width && len(strings.Fields(l)) > 1 && !strings.HasPrefix(l, "    ") {
				t.Errorf("width %d: line of %d columns: %q", width, n, l)
			}
		}
	}
}

func TestFitLine(t *testing.T) {
	s := NewStyle(true)
	line := s.Bold("Total:") + " 15.5/33 points · 2 of 6 exercises passed"
	got := term.Fit(line, 30, "  ")
	for _, l := range strings.Split(got, "\n") {
		if term.VisibleWidth(l) > 30 {
			t.Errorf("line of %d columns: %q", term.VisibleWidth(l), l)
		}
	}
	if strings.Count(got, "\n") != 1 || !strings.HasPrefix(strings.Split(got, "\n")[1], "  ") {
		t.Errorf("fitLine = %q", got)
	}
	if term.Fit("short", 30, "  ") != "short" {
		t.Error("a short line changed")
	}
}
