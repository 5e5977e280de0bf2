package wggo

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

//go:embed doc.go
var docFile string

// Analyzer suggests wg.Go where Add(1), go and defer Done spell it out.
var Analyzer = &analysis.Analyzer{
	Name:     "wggo",
	Doc:      analysisutil.Doc(docFile, "wggo"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const code = "use-wg-go"

func run(pass *analysis.Pass) (any, error) {
	if !slices.ContainsFunc(pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "sync" }) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range insp.Root().Preorder((*ast.File)(nil)) {
		file := cur.Node().(*ast.File)
		if !hasWaitGroupGo(pass, file) {
			continue
		}
		for blk := range cur.Preorder((*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
			list, _ := analysisutil.Stmts(blk.Node())
			for i := 0; i+1 < len(list); i++ {
				check(pass, list[i], list[i+1])
			}
		}
	}
	return nil, nil
}

// hasWaitGroupGo reports whether the file's Go version has WaitGroup.Go.
func hasWaitGroupGo(pass *analysis.Pass, file *ast.File) bool {
	v := pass.TypesInfo.FileVersions[file]
	if v == "" {
		v = pass.Pkg.GoVersion()
	}
	return version.IsValid(v) && version.Compare(v, "go1.25") >= 0
}

// check reports add followed by g when they are
//
//	wg.Add(1)
//	go func() {
//		defer wg.Done()
//		...
//	}()
func check(pass *analysis.Pass, add, g ast.Stmt) {
	addStmt, ok := add.(*ast.ExprStmt)
	if !ok {
		return
	}
	addCall, ok := addStmt.X.(*ast.CallExpr)
	if !ok || len(addCall.Args) != 1 {
		return
	}
	name, wg := analysisutil.WaitGroupMethod(pass.TypesInfo, addCall)
	if name != "Add" {
		return
	}
	if tv := pass.TypesInfo.Types[addCall.Args[0]]; tv.Value == nil || constant.Compare(tv.Value, token.NEQ, constant.MakeInt64(1)) {
		return
	}
	goStmt, ok := g.(*ast.GoStmt)
	if !ok || len(goStmt.Call.Args) != 0 {
		return
	}
	lit, ok := ast.Unparen(goStmt.Call.Fun).(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 {
		return
	}
	def, ok := lit.Body.List[0].(*ast.DeferStmt)
	if !ok {
		return
	}
	if name, done := analysisutil.WaitGroupMethod(pass.TypesInfo, def.Call); name != "Done" || render(done) != render(wg) {
		return
	}
	// Another Done in the body would make the rewrite change the count.
	dones := 0
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if name, _ := analysisutil.WaitGroupMethod(pass.TypesInfo, call); name == "Done" {
				dones++
			}
		}
		return true
	})
	if dones != 1 {
		return
	}
	w := render(wg)
	pass.Report(analysis.Diagnostic{
		Pos:      addStmt.Pos(),
		End:      goStmt.End(),
		Category: code,
		Message: "`" + w + ".Add(1)` followed by `go func() { defer " + w + ".Done(); … }()` can be written `" + w + ".Go(func() { … })`\n" +
			"replace the three with `" + w + ".Go(func() { … })`, which adds, starts and marks done for you (Go 1.25+)",
	})
}

// render prints an expression as the learner wrote it, without a leading &
// or * and without parentheses, so that wg, &wg and (*wg) compare equal.
func render(e ast.Expr) string {
	return types.ExprString(analysisutil.Unref(e))
}
