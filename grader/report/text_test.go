package report

import (
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
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
