package wggodouble_test

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gilgrade/gilgrade/grader/analyzers/wggodouble"
)

// TestPrecision runs the analyzer over well-reviewed concurrent code, where
// every finding is a false positive.
func TestPrecision(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and type-checks net/http and golang.org/x/sync: skipped with -short")
	}
	for _, pkgs := range [][]*packages.Package{
		load(t, "", true, "sync", "net/http"),
		// The tests of go/packages need modules gilgrade does not require.
		load(t, "", false, "golang.org/x/tools/go/packages"),
		load(t, xsyncDir(t), true, "./..."),
	} {
		found := analyze(t, pkgs)
		t.Logf("%d packages from %s: %d findings", len(pkgs), pkgs[0].PkgPath, len(found))
		for _, d := range found {
			t.Errorf("false positive at %s: %s", d.pos, d.msg)
		}
	}
}

// BenchmarkExercise measures the analyzer on one exercise-sized package.
func BenchmarkExercise(b *testing.B) {
	pkgs := load(b, filepath.Join("testdata", "src", "a"), false, ".")
	for b.Loop() {
		analyze(b, pkgs)
	}
}

// BenchmarkXSync measures the analyzer on all of golang.org/x/sync.
func BenchmarkXSync(b *testing.B) {
	pkgs := load(b, xsyncDir(b), true, "./...")
	for b.Loop() {
		analyze(b, pkgs)
	}
}

// xsyncDir returns the module directory of golang.org/x/sync, downloading it
// if needed, or skips the test.
func xsyncDir(tb testing.TB) string {
	out, err := exec.Command("go", "mod", "download", "-json", "golang.org/x/sync@latest").Output()
	var mod struct{ Dir string }
	if err != nil || json.Unmarshal(out, &mod) != nil || mod.Dir == "" {
		tb.Skipf("golang.org/x/sync is not downloadable (%v): cannot measure on real code", err)
	}
	return mod.Dir
}

func load(tb testing.TB, dir string, tests bool, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule,
		Dir:   dir,
		Tests: tests,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatalf("loading %v: %v", patterns, err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatalf("loading %v: packages have errors", patterns)
	}
	return pkgs
}

type finding struct{ pos, msg string }

func analyze(tb testing.TB, pkgs []*packages.Package) []finding {
	tb.Helper()
	graph, err := checker.Analyze([]*analysis.Analyzer{wggodouble.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	var found []finding
	for act := range graph.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			found = append(found, finding{act.Package.Fset.Position(d.Pos).String(), d.Message})
		}
	}
	return found
}
