// Package analyzertest holds what every analyzer's test checks besides the
// `// want` expectations of analysistest: that its diagnostics read as
// learner messages and that its Doc can serve `gilgrade explain`.
package analyzertest

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Messages holds every diagnostic of results to the learner-message shape:
// one of the analyzer's codes as its category, then exactly a message line
// and a hint line, both lowercase-first (or opening with quoted code) without
// a final period.
func Messages(t *testing.T, results []*analysistest.Result, codes ...string) {
	t.Helper()
	for _, r := range results {
		for _, d := range r.Diagnostics {
			message(t, codes, d.Category, d.Message)
		}
	}
}

func message(t *testing.T, codes []string, category, msg string) {
	t.Helper()
	if !slices.Contains(codes, category) {
		t.Errorf("category %q, want one of %q", category, codes)
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

// Doc checks that a.Doc starts with a lowercase title and shows WRONG and
// RIGHT examples, as lint's Docs expect of an analyzer that documents itself.
func Doc(t *testing.T, a *analysis.Analyzer) {
	t.Helper()
	title, body, _ := strings.Cut(a.Doc, "\n")
	if title == "" || strings.ToLower(title[:1]) != title[:1] || !strings.Contains(body, "WRONG") || !strings.Contains(body, "RIGHT") {
		t.Errorf("Doc must start with a lowercase title and show WRONG and RIGHT examples, got:\n%s", a.Doc)
	}
}
