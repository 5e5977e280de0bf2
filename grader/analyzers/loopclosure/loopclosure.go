package loopclosure

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	vet "golang.org/x/tools/go/analysis/passes/loopclosure"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

//go:embed doc.go
var docFile string

// Analyzer rewords vet's loopclosure for learners. vet decides (it checks
// only files before Go 1.22); only the wording is ours.
var Analyzer = &analysis.Analyzer{
	Name:     "loopclosure",
	Doc:      analysisutil.Doc(docFile, "loopclosure"),
	Requires: vet.Analyzer.Requires,
	Run:      run,
}

const code = "loop-var-capture"

func run(pass *analysis.Pass) (any, error) {
	found, err := analysisutil.VetDiagnostics(pass, vet.Analyzer)
	if err != nil {
		return nil, err
	}
	for _, d := range found {
		reword(pass, d)
	}
	return nil, nil
}

func reword(pass *analysis.Pass, d analysis.Diagnostic) {
	nodes := analysisutil.Enclosing(pass.Files, d.Pos, d.End)
	if len(nodes) == 0 {
		return
	}
	id, ok := nodes[0].(*ast.Ident)
	if !ok {
		return
	}
	file, _ := nodes[len(nodes)-1].(*ast.File)
	version := pass.TypesInfo.FileVersions[file]
	if version == "" {
		version = pass.Pkg.GoVersion()
	}
	runs := "the function literal runs later"
	// What runs the literal: the nodes just outside it.
	for k, n := range nodes {
		if _, ok := n.(*ast.FuncLit); !ok {
			continue
		}
		for _, outer := range nodes[k+1 : min(k+3, len(nodes))] {
			switch outer := outer.(type) {
			case *ast.GoStmt:
				runs = "the goroutine runs later"
			case *ast.DeferStmt:
				runs = "the deferred function runs after the loop"
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(outer.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" {
					runs = "the goroutine runs later"
				}
			}
		}
		break
	}
	typ := "T"
	if t := pass.TypesInfo.TypeOf(id); t != nil {
		typ = types.TypeString(t, types.RelativeTo(pass.Pkg))
	}
	pass.Report(analysis.Diagnostic{
		Pos:      d.Pos,
		End:      d.End,
		Category: code,
		Message: fmt.Sprintf("`%s` is the loop's variable, which every turn of the loop shares before Go 1.22 (this file is %s): %s and may see a later value\n"+
			"copy it in the loop with `%s := %s`, pass it as an argument (`func(%s %s) { … }(%s)`), or move go.mod to go 1.22 or later",
			id.Name, version, runs, id.Name, id.Name, id.Name, typ, id.Name),
	})
}
