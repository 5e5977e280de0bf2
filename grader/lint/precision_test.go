package lint_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

// TestPrecision runs the analyzers over code known to be free of the course's
// mistakes: golang.org/x/sync and the standard library's sync and net/http,
// with their tests. Every error-level finding there is a false positive.
func TestPrecision(t *testing.T) {
	if testing.Short() {
		t.Skip("loads golang.org/x/sync and net/http; skipped with -short")
	}
	cases := []struct {
		name     string
		dir      string
		patterns []string
	}{
		{"golang.org/x/sync", xsyncDir(t), []string{"./..."}},
		{"std", ".", []string{"sync", "net/http"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, tests := range []bool{false, true} {
				ds, err := lint.Run(context.Background(), c.dir, c.patterns, lint.Options{Tests: tests})
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range ds {
					if d.Severity == diag.Error {
						t.Errorf("false positive (tests=%v): %s:%d:%d %s: %s", tests, d.File, d.Line, d.Col, d.Code, d.Message)
					}
				}
			}
		})
	}
}

// xsyncDir returns the module cache directory of the latest golang.org/x/sync,
// or of the version this module requires when the proxy cannot be reached.
func xsyncDir(t testing.TB) string {
	t.Helper()
	for _, query := range []string{"golang.org/x/sync@latest", "golang.org/x/sync"} {
		out, err := exec.Command("go", "mod", "download", "-json", query).Output()
		if err != nil {
			continue
		}
		var m struct{ Dir, Version string }
		if err := json.Unmarshal(out, &m); err == nil && m.Dir != "" {
			t.Logf("golang.org/x/sync %s", m.Version)
			return m.Dir
		}
	}
	t.Fatalf("cannot download golang.org/x/sync")
	return ""
}
