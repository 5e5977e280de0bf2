package testinggoroutine

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	vet "golang.org/x/tools/go/analysis/passes/testinggoroutine"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const code = "fatal-in-goroutine"

var Analyzer = &analysis.Analyzer{
	Name:     "testinggoroutine",
	Doc:      "report t.Fatal called from a goroutine the test started (code fatal-in-goroutine)",
	Requires: vet.Analyzer.Requires,
	Run:      run,
}

// vet names the method "(*testing.T).Fatal"; a named function started with go
// adds " (helper calls (*testing.T).Fatal)".
var reportRE = regexp.MustCompile(`^call to \(\*testing\.\w+\)\.(\w+) from a non-test goroutine`)

func run(pass *analysis.Pass) (any, error) {
	found, err := analysisutil.VetDiagnostics(pass, vet.Analyzer)
	if err != nil {
		return nil, err
	}
	seen := make(map[token.Pos]bool)
	for _, d := range found {
		m := reportRE.FindStringSubmatch(d.Message)
		if m == nil || seen[d.Pos] {
			continue
		}
		seen[d.Pos] = true
		method := m[1]
		var msg string
		switch n := nodeAt(pass, d.Pos, d.End).(type) {
		case *ast.GoStmt:
			msg = fmt.Sprintf("`%s` starts a goroutine that calls `%s`, which stops only that goroutine, not the test: the test goes on without its result", render(pass.Fset, n), method)
		case ast.Node:
			msg = fmt.Sprintf("`%s` runs in a goroutine the test started, where `%s` stops only that goroutine, not the test: the test goes on without its result", render(pass.Fset, n), method)
		default:
			continue
		}
		hint := "call `t.Error` (or `t.Errorf`) and `return` from the goroutine, or send the error back and call `t." + method + "` in the test itself"
		pass.Report(analysis.Diagnostic{
			Pos:      d.Pos,
			End:      d.End,
			Category: code,
			Message:  msg + "\n" + hint,
		})
	}
	return nil, nil
}

func nodeAt(pass *analysis.Pass, pos, end token.Pos) ast.Node {
	if path := analysisutil.Enclosing(pass.Files, pos, end); len(path) > 0 {
		return path[0]
	}
	return nil
}

// render quotes n on one line, with a long function body elided.
func render(fset *token.FileSet, n ast.Node) string {
	s := analysisutil.Render(fset, n)
	if i := strings.Index(s, " {"); i >= 0 && len(s) > 60 {
		s = s[:i] + " { … }"
	}
	return s
}
