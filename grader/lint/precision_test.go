package lint_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

// TestPrecision runs every analyzer over well-reviewed concurrent code that
// is free of the course's mistakes: golang.org/x/sync, the standard library's
// sync and net/http, all with their tests, and x/tools' go/packages (whose
// tests need modules gilgrade does not require). Every error-level finding
// there is a false positive; warnings (use-wg-go) are advice and are logged.
// The corpus is loaded once for all analyzers, and a package that does not
// load fails the test, so that no analyzer is silently skipped.
func TestPrecision(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and type-checks golang.org/x/sync, sync, net/http and go/packages: skipped with -short")
	}
	corpus := []struct {
		name     string
		dir      func(testing.TB) string
		tests    bool
		patterns []string
	}{
		// Loading with tests also yields each package without its tests.
		{"std", workDir, true, []string{"sync", "net/http"}},
		{"go/packages", workDir, false, []string{"golang.org/x/tools/go/packages"}},
		{"golang.org/x/sync", xsyncDir, true, []string{"./..."}},
	}
	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			pkgs := load(t, c.dir(t), c.tests, c.patterns...)
			found := analyze(t, lint.Analyzers, pkgs)
			t.Logf("%d packages: %d findings", len(pkgs), len(found))
			for _, f := range found {
				if lint.Severity(f.code) == diag.Error {
					t.Errorf("false positive at %s: %s: %s", f.pos, f.code, f.msg)
				} else {
					t.Logf("%s at %s: %s", f.code, f.pos, f.msg)
				}
			}
		})
	}
}

func workDir(testing.TB) string { return "." }

// xsyncDir returns the module directory of the latest golang.org/x/sync, or
// of the version this module requires when the proxy cannot be reached, and
// skips the test when neither can be downloaded.
func xsyncDir(tb testing.TB) string {
	tb.Helper()
	var errs []error
	for _, query := range []string{"golang.org/x/sync@latest", "golang.org/x/sync"} {
		out, err := exec.Command("go", "mod", "download", "-json", query).Output()
		var m struct{ Dir, Version string }
		if err == nil {
			err = json.Unmarshal(out, &m)
		}
		if err == nil && m.Dir != "" {
			tb.Logf("golang.org/x/sync %s", m.Version)
			return m.Dir
		}
		errs = append(errs, fmt.Errorf("%s: %v", query, err))
	}
	tb.Skipf("golang.org/x/sync cannot be downloaded, so the analyzers are not measured on it: %v", errs)
	return ""
}

// load loads the packages matching patterns in dir as lint.Run does, with
// syntax and types for them only, and fails if any of them has errors.
func load(tb testing.TB, dir string, tests bool, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{
		// lint.Run's mode: without NeedImports, dependencies come from export
		// data and the checker analyzes the loaded packages only.
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes |
			packages.NeedModule,
		Dir:   dir,
		Tests: tests,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatalf("loading %v: %v", patterns, err)
	}
	if len(pkgs) == 0 {
		tb.Fatalf("loading %v: no packages", patterns)
	}
	for _, p := range pkgs {
		for _, err := range p.Errors {
			tb.Errorf("loading %v: %s: %v", patterns, p.ID, err)
		}
	}
	if tb.Failed() {
		tb.FailNow()
	}
	return pkgs
}

// finding is one diagnostic, with its code as lint.Run computes it.
type finding struct{ pos, code, msg string }

// analyze runs the analyzers over pkgs and fails if any of them fails.
func analyze(tb testing.TB, analyzers []*analysis.Analyzer, pkgs []*packages.Package) []finding {
	tb.Helper()
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var found []finding
	for act := range graph.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			code := d.Category
			if code == "" {
				code = act.Analyzer.Name
			}
			found = append(found, finding{act.Package.Fset.Position(d.Pos).String(), code, d.Message})
		}
	}
	return found
}
