package lint_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

// TestRunCache runs twice on one module with a cache: the second run must
// answer from the cache (its entries are altered in between, and the
// alteration shows), and a changed file must be analyzed afresh.
func TestRunCache(t *testing.T) {
	dir := writeModule(t, map[string]string{"ex.go": mistakes, "ex_test.go": mistakesTest})
	cacheDir := t.TempDir()
	opts := lint.Options{Tests: true, Root: dir, CacheDir: cacheDir}
	run := func() []diag.Diagnostic {
		t.Helper()
		ds, err := lint.Run(context.Background(), dir, []string{"./..."}, opts)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	first := run()
	uncached, err := lint.Run(context.Background(), dir, []string{"./..."}, lint.Options{Tests: true, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(summary(first), summary(uncached)) {
		t.Fatalf("with a cache\n\t%s\nwithout\n\t%s", strings.Join(summary(first), "\n\t"), strings.Join(summary(uncached), "\n\t"))
	}

	// Mark every cached diagnostic: a run that reads the cache returns the
	// marks, one that analyzes again does not.
	entries, _ := filepath.Glob(filepath.Join(cacheDir, "*.json"))
	if len(entries) == 0 {
		t.Fatal("the first run stored nothing")
	}
	for _, name := range entries {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var e map[string]any
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		if ds, ok := e["diagnostics"].([]any); ok {
			for _, d := range ds {
				d.(map[string]any)["hint"] = "from the cache"
			}
		}
		b, _ = json.Marshal(e)
		os.WriteFile(name, b, 0o644)
	}
	second := run()
	if !slices.Equal(summary(second), summary(first)) {
		t.Errorf("cached run\n\t%s\nwant\n\t%s", strings.Join(summary(second), "\n\t"), strings.Join(summary(first), "\n\t"))
	}
	for _, d := range second {
		if d.Hint != "from the cache" {
			t.Errorf("%s:%d %s was analyzed again, not read from the cache", d.File, d.Line, d.Code)
		}
	}

	// Fix the missing unlock: the package's files changed, so its entry no
	// longer applies.
	fixed := strings.Replace(mistakes, "\tc.n++\n}", "\tc.n++\n\tc.mu.Unlock()\n}", 1)
	if err := os.WriteFile(filepath.Join(dir, "ex.go"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	third := run()
	for _, d := range third {
		if d.Code == "missing-unlock" || d.Hint == "from the cache" {
			t.Errorf("stale result after the file changed: %s:%d %s (%s)", d.File, d.Line, d.Code, d.Hint)
		}
	}
	if len(third) == 0 {
		t.Error("the other mistakes are gone too")
	}
}
