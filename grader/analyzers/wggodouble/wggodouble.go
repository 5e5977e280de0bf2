package wggodouble

import (
	_ "embed"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

//go:embed doc.go
var docFile string

// Analyzer reports a WaitGroup used with Go and also with Add or Done.
var Analyzer = &analysis.Analyzer{
	Name:     "wggodouble",
	Doc:      analysisutil.Doc(docFile, "wggodouble"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const code = "wg-go-double"

// wgCall is one call of a WaitGroup method.
type wgCall struct {
	call  *ast.CallExpr
	stmt  ast.Node // the statement to quote: the call or its defer
	key   string   // the WaitGroup as written, without & or parentheses
	name  string   // Go, Add or Done
	inner bool     // Done reached through a package-local function
}

func run(pass *analysis.Pass) (any, error) {
	if !slices.ContainsFunc(pass.Pkg.Imports(), func(p *types.Package) bool { return p.Path() == "sync" }) {
		return nil, nil
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	donors := doneParams(pass, insp)
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		fn := n.(*ast.FuncDecl)
		if fn.Body != nil {
			checkFunc(pass, fn.Body, donors)
		}
	})
	return nil, nil
}

// checkFunc reports, within one function, every Add and Done on a WaitGroup
// that the same function also uses with Go.
func checkFunc(pass *analysis.Pass, body *ast.BlockStmt, donors map[*types.Func][]int) {
	var calls []wgCall
	withGo := map[string]bool{}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var stmt ast.Node = call
		if len(stack) >= 2 {
			if d, ok := stack[len(stack)-2].(*ast.DeferStmt); ok {
				stmt = d
			}
		}
		if name, recv := analysisutil.WaitGroupMethod(pass.TypesInfo, call); recv != nil {
			key := render(recv)
			switch name {
			case "Go":
				withGo[key] = true
			case "Add", "Done":
				calls = append(calls, wgCall{call: call, stmt: stmt, key: key, name: name})
			}
			return true
		}
		// A package-local function given the WaitGroup that calls Done on it.
		if f := typeutil.StaticCallee(pass.TypesInfo, call); f != nil {
			for _, i := range donors[f] {
				if i < len(call.Args) {
					calls = append(calls, wgCall{call: call, stmt: stmt, key: render(call.Args[i]), name: "Done", inner: true})
				}
			}
		}
		return true
	})
	for _, c := range calls {
		if !withGo[c.key] {
			continue
		}
		quoted := render(c.stmt)
		switch {
		case c.inner:
			pass.Report(analysis.Diagnostic{
				Pos:      c.call.Pos(),
				End:      c.call.End(),
				Category: code,
				Message: "`" + quoted + "` calls `" + c.key + ".Done()`, but `" + c.key + ".Go` already marks the work done when it returns, so the counter goes below zero and panics\n" +
					"remove the `Done` call from the function: `" + c.key + ".Go` adds and marks done for you",
			})
		case c.name == "Done":
			pass.Report(analysis.Diagnostic{
				Pos:      c.stmt.Pos(),
				End:      c.stmt.End(),
				Category: code,
				Message: "`" + quoted + "` is mixed with `" + c.key + ".Go`, which already marks the work done when it returns, so the counter goes below zero and panics\n" +
					"remove `" + quoted + "`: `" + c.key + ".Go` adds and marks done for you",
			})
		default:
			pass.Report(analysis.Diagnostic{
				Pos:      c.stmt.Pos(),
				End:      c.stmt.End(),
				Category: code,
				Message: "`" + quoted + "` is mixed with `" + c.key + ".Go`, which already adds 1 for each function it starts, so `" + c.key + ".Wait()` waits for work that is never done\n" +
					"remove `" + quoted + "`: `" + c.key + ".Go` adds and marks done for you",
			})
		}
	}
}

// doneParams finds the package's functions that call Done on a
// *sync.WaitGroup parameter, and the indexes of those parameters.
func doneParams(pass *analysis.Pass, insp *inspector.Inspector) map[*types.Func][]int {
	donors := map[*types.Func][]int{}
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		fn := n.(*ast.FuncDecl)
		f, ok := pass.TypesInfo.Defs[fn.Name].(*types.Func)
		if !ok || fn.Body == nil {
			return
		}
		params := f.Signature().Params()
		for i := range params.Len() {
			p := params.At(i)
			found := false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if found || !ok {
					return !found
				}
				if name, recv := analysisutil.WaitGroupMethod(pass.TypesInfo, call); name == "Done" {
					if id, ok := recv.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == p {
						found = true
					}
				}
				return !found
			})
			if found {
				donors[f] = append(donors[f], i)
			}
		}
	})
	return donors
}

// render prints an expression or statement as the learner wrote it, without a
// leading & or * and without parentheses, so that wg, &wg and (*wg) compare
// equal.
func render(n ast.Node) string {
	if e, ok := n.(ast.Expr); ok {
		return types.ExprString(analysisutil.Unref(e))
	}
	switch s := n.(type) {
	case *ast.DeferStmt:
		return "defer " + types.ExprString(s.Call)
	}
	return ""
}
