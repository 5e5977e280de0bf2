package unclosedjobs_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/unclosedjobs"
)

func TestAnalyzer(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), unclosedjobs.Analyzer, "a") {
		for _, d := range r.Diagnostics {
			checkMessage(t, d.Category, d.Message)
		}
	}
}

// checkMessage holds every diagnostic to the learner-message shape: the
// stable code, then exactly a message line and a hint line, both
// lowercase-first without a final period.
func checkMessage(t *testing.T, category, msg string) {
	t.Helper()
	if category != "unclosed-jobs" {
		t.Errorf("category %q, want unclosed-jobs", category)
	}
	lines := strings.Split(msg, "\n")
	if len(lines) != 2 {
		t.Fatalf("message %q has %d lines, want a message line and a hint line", msg, len(lines))
	}
	for _, l := range lines {
		if l == "" || strings.ToLower(l[:1]) != l[:1] && l[0] != '`' || strings.HasSuffix(l, ".") {
			t.Errorf("line %q must be lowercase-first with no final period", l)
		}
	}
}

func TestDoc(t *testing.T) {
	title, body, _ := strings.Cut(unclosedjobs.Analyzer.Doc, "\n")
	if title == "" || strings.ToLower(title[:1]) != title[:1] || !strings.Contains(body, "WRONG") || !strings.Contains(body, "RIGHT") {
		t.Errorf("Doc must start with a lowercase title and show WRONG and RIGHT examples, got:\n%s", unclosedjobs.Analyzer.Doc)
	}
}
