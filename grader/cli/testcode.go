package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
)

// testCode returns the source of the Go tests an exercise ran (all of its tests
// when none ran), in the order of its test files: the code Exercism shows as
// the test. It reads the course's test files on disk; "" when there is none.
func testCode(c *course.Course, ex *report.Exercise) string {
	want := map[string]bool{}
	for _, t := range ex.Tests {
		if !strings.Contains(t.Name, "/") {
			want[t.Name] = true
		}
	}
	if c == nil || ex.Dir == "" {
		return "" // a saved report, without its course
	}
	// No test ran (the exercise did not build): show every test it has.
	every := len(want) == 0
	dir := filepath.Join(c.Root, filepath.FromSlash(ex.Dir))
	names, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	slices.Sort(names)
	var parts []string
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !(want[fn.Name.Name] || every && strings.HasPrefix(fn.Name.Name, "Test")) {
				continue
			}
			start := fn.Pos()
			if fn.Doc != nil {
				start = fn.Doc.Pos()
			}
			parts = append(parts, string(src[fset.Position(start).Offset:fset.Position(fn.End()).Offset]))
		}
	}
	return strings.Join(parts, "\n\n")
}
