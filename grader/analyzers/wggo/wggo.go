package wggo

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var docFile string

// Analyzer suggests wg.Go where Add(1), go and defer Done spell it out.
var Analyzer = &analysis.Analyzer{
	Name:     "wggo",
	Doc:      mustDoc(docFile, "wggo"),
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
			var list []ast.Stmt
			switch b := blk.Node().(type) {
			case *ast.BlockStmt:
				list = b.List
			case *ast.CaseClause:
				list = b.Body
			case *ast.CommClause:
				list = b.Body
			}
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
	name, wg := waitGroupMethod(pass.TypesInfo, addCall)
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
	if name, done := waitGroupMethod(pass.TypesInfo, def.Call); name != "Done" || render(done) != render(wg) {
		return
	}
	// Another Done in the body would make the rewrite change the count.
	dones := 0
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if name, _ := waitGroupMethod(pass.TypesInfo, call); name == "Done" {
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

// waitGroupMethod returns the name of the sync.WaitGroup method that call
// calls and the WaitGroup expression, or "" and nil.
func waitGroupMethod(info *types.Info, call *ast.CallExpr) (string, ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", nil
	}
	f, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || f.Pkg() == nil || f.Pkg().Path() != "sync" {
		return "", nil
	}
	recv := f.Signature().Recv()
	if recv == nil {
		return "", nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if named, ok := t.(*types.Named); !ok || named.Obj().Name() != "WaitGroup" {
		return "", nil
	}
	return f.Name(), sel.X
}

// render prints an expression as the learner wrote it, without a leading &
// or * and without parentheses, so that wg, &wg and (*wg) compare equal.
func render(e ast.Expr) string {
	e = ast.Unparen(e)
	for {
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = ast.Unparen(x.X)
				continue
			}
		case *ast.StarExpr:
			e = ast.Unparen(x.X)
			continue
		}
		return types.ExprString(e)
	}
}

// mustDoc returns the "# Analyzer name" section of the package comment in
// the doc.go source, without the "name: " prefix of its title line.
func mustDoc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil || f.Doc == nil {
		panic("analyzer " + name + ": doc.go has no package comment")
	}
	_, section, ok := strings.Cut(f.Doc.Text(), "# Analyzer "+name+"\n\n"+name+": ")
	if !ok {
		panic("analyzer " + name + ": doc.go has no \"# Analyzer " + name + "\" section")
	}
	section, _, _ = strings.Cut(section, "\n# ")
	return strings.TrimSpace(section)
}
