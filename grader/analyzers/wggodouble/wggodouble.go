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
	// in is where the call runs: inGo for the goroutine of a go statement,
	// inWgGo for a function that key.Go runs, or here.
	in place
	// fn is the innermost function literal around the call, or nil.
	fn *ast.FuncLit
}

type place int

const (
	here place = iota
	inGo
	inWgGo
)

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

// where returns where a call whose parents are stack runs, for the
// WaitGroup key, and the innermost function literal around it.
func where(pass *analysis.Pass, stack []ast.Node, key string) (place, *ast.FuncLit) {
	var lit *ast.FuncLit
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.GoStmt:
			return inGo, lit
		case *ast.FuncLit:
			if lit == nil {
				lit = n
			}
			if i > 0 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok {
					if name, recv := analysisutil.WaitGroupMethod(pass.TypesInfo, call); name == "Go" && render(recv) == key {
						return inWgGo, lit
					}
				}
			}
		}
	}
	return here, lit
}

// checkFunc reports, within one function, the Add and Done calls on a
// WaitGroup that the same function also uses with Go, when they unbalance
// it: a Done in a function that Go runs, or an Add that no go statement
// with its own Done follows. Add, go and Done for some goroutines and Go for
// others is a correct mix.
func checkFunc(pass *analysis.Pass, body *ast.BlockStmt, donors map[*types.Func][]int) {
	var calls []wgCall
	var goStmts []*ast.GoStmt
	withGo := map[string]bool{}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		stack = append(stack, n)
		if g, ok := n.(*ast.GoStmt); ok {
			goStmts = append(goStmts, g)
		}
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
				if name == "Add" && analysisutil.Decrements(pass.TypesInfo, call) {
					name = "Done" // wg.Add(-1) is a Done
				}
				in, lit := where(pass, stack, key)
				calls = append(calls, wgCall{call: call, stmt: stmt, key: key, name: name, in: in, fn: lit})
			}
			return true
		}
		// A package-local function given the WaitGroup that calls Done on it.
		if f := typeutil.StaticCallee(pass.TypesInfo, call); f != nil {
			for _, i := range donors[f] {
				if i < len(call.Args) {
					key := render(call.Args[i])
					in, lit := where(pass, stack, key)
					calls = append(calls, wgCall{call: call, stmt: stmt, key: key, name: "Done", inner: true, in: in, fn: lit})
				}
			}
		}
		return true
	})
	// goDone reports whether a go statement after the Add, in the same
	// function, starts a goroutine that calls Done on key.
	goDone := func(add wgCall) bool {
		for _, g := range goStmts {
			if g.Pos() < add.call.End() || !sameFunc(g, add.fn, body) {
				continue
			}
			for _, c := range calls {
				if c.name == "Done" && c.key == add.key && c.in == inGo && analysisutil.Within(c.call.Pos(), g) {
					return true
				}
			}
		}
		return false
	}
	for _, c := range calls {
		if !withGo[c.key] {
			continue
		}
		// A Done in the goroutine of a go statement pairs with an Add
		// before it; an Add followed by such a goroutine pairs with its
		// Done.
		if c.name == "Done" && c.in != inWgGo || c.name == "Add" && goDone(c) {
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

// sameFunc reports whether the go statement g lies directly in the function
// literal lit (or, for nil, in body outside any literal).
func sameFunc(g *ast.GoStmt, lit *ast.FuncLit, body *ast.BlockStmt) bool {
	var inner *ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || !analysisutil.Within(g.Pos(), n) {
			return false
		}
		if l, ok := n.(*ast.FuncLit); ok {
			inner = l
		}
		return n != g
	})
	return inner == lit
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
