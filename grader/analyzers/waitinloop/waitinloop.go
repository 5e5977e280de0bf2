package waitinloop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
	"github.com/gilgrade/gilgrade/grader/diag"
)

//go:embed doc.go
var docFile string

// Analyzer reports a WaitGroup's Wait inside the loop that starts the
// goroutines it waits for.
var Analyzer = &analysis.Analyzer{
	Name:     "waitinloop",
	Doc:      analysisutil.Doc(docFile, "waitinloop"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// code is the diagnosis the test run gives the same mistake when it sees the
// calls did not overlap; the analyzer adds the line.
var code = string(diag.Sequential)

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.Preorder([]ast.Node{(*ast.RangeStmt)(nil), (*ast.ForStmt)(nil)}, func(n ast.Node) {
		var body *ast.BlockStmt
		switch l := n.(type) {
		case *ast.RangeStmt:
			body = l.Body
		case *ast.ForStmt:
			// for {} and for cond {} may run a worker until it is done or
			// restart it: only a counted loop starts one per turn.
			if l.Init == nil && l.Post == nil {
				return
			}
			body = l.Body
		}
		check(pass, n, body)
	})
	return nil, nil
}

// check reports a top-level Wait statement of a loop body that follows a
// start, in the same body, of a goroutine counted by that WaitGroup.
func check(pass *analysis.Pass, loop ast.Node, body *ast.BlockStmt) {
	info := pass.TypesInfo
	for i, s := range body.List {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok {
			continue
		}
		method, wg := analysisutil.WaitGroupMethod(info, call)
		if method != "Wait" {
			continue
		}
		wgObj := root(info, wg)
		if wgObj == nil {
			continue
		}
		// The mistake starts one goroutine a turn and waits for it at
		// once. Work between the start and the Wait overlaps with the
		// goroutine, and several starts a turn make a batch: both are
		// deliberate.
		if i == 0 {
			continue
		}
		start := startFor(info, body.List[i-1], wgObj)
		if start == nil || start.Pos() != body.List[i-1].Pos() {
			continue
		}
		starts := 0
		for _, s := range body.List {
			if startFor(info, s, wgObj) != nil {
				starts++
			}
		}
		// A goroutine that does not use the turn's variables repeats the
		// same thing each turn (a stress test, a panic or Goexit kept
		// apart from the loop): it is not the work of the turns.
		if starts == 1 && usesTurn(info, start, loop, wgObj) {
			report(pass, call, start)
		}
	}
}

// startFor returns the go statement or Go call in s, outside nested loops
// and function literals, that starts a goroutine counted by the WaitGroup
// variable wg: wg.Go, or a go statement whose goroutine uses wg.
func startFor(info *types.Info, s ast.Stmt, wg types.Object) ast.Node {
	var found ast.Node
	ast.Inspect(s, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if uses(info, n, wg) {
				found = n
			}
			return false
		case *ast.CallExpr:
			if method, recv := analysisutil.WaitGroupMethod(info, n); method == "Go" && root(info, recv) == wg {
				found = n
				return false
			}
		}
		return true
	})
	return found
}

// usesTurn reports whether the start n uses a variable declared in the loop
// (its range variables, its counter, or one of its body) other than wg.
func usesTurn(info *types.Info, n, loop ast.Node, wg types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && v != wg && analysisutil.Within(v.Pos(), loop) {
				found = true
			}
		}
		return !found
	})
	return found
}

// uses reports whether n mentions the variable wg.
func uses(info *types.Info, n ast.Node, wg types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == wg {
			found = true
		}
		return !found
	})
	return found
}

// root returns the variable or field that holds the WaitGroup x: wg for wg
// and &wg, the field wg for s.wg.
func root(info *types.Info, x ast.Expr) types.Object {
	switch e := analysisutil.Unref(x).(type) {
	case *ast.Ident:
		return info.Uses[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}

func report(pass *analysis.Pass, wait *ast.CallExpr, start ast.Node) {
	waitCall := analysisutil.Render(pass.Fset, wait)
	pass.Report(analysis.Diagnostic{
		Pos:      wait.Pos(),
		End:      wait.End(),
		Category: code,
		Message: fmt.Sprintf("`%s` inside the loop waits for the goroutine started on line %d before the next one starts, so they run one after another\n"+
			"move `%s` after the loop: start them all, then wait once",
			waitCall, pass.Fset.Position(start.Pos()).Line, waitCall),
	})
}
