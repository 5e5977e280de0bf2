package wgadd

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const code = "wg-add-in-goroutine"

var Analyzer = &analysis.Analyzer{
	Name:             "wgadd",
	Doc:              "report WaitGroup.Add called inside the goroutine it should count (code wg-add-in-goroutine)",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	RunDespiteErrors: true,
	Run:              run,
}

// start is one way a goroutine body was started.
type start struct {
	stmt  ast.Node // the go statement or the wg.Go call
	body  *ast.BlockStmt
	named string // the function started, when it is a declared function
	wgGo  string // the receiver of wg.Go, when started by WaitGroup.Go
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	decls := make(map[*types.Func]*ast.FuncDecl)
	for n := range ins.PreorderSeq((*ast.FuncDecl)(nil)) {
		decl := n.(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			decls[fn] = decl
		}
	}
	// bodyOf returns the body run by the function value fun, if it is a
	// literal or a function declared in this package.
	bodyOf := func(fun ast.Expr) (*ast.BlockStmt, string) {
		fun = ast.Unparen(fun)
		if lit, ok := fun.(*ast.FuncLit); ok {
			return lit.Body, ""
		}
		var id *ast.Ident
		switch f := fun.(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		case *ast.IndexExpr: // generic instantiation
			return nil, ""
		}
		if id == nil {
			return nil, ""
		}
		fn, ok := pass.TypesInfo.Uses[id].(*types.Func)
		if !ok {
			return nil, ""
		}
		if decl := decls[fn.Origin()]; decl != nil {
			return decl.Body, decl.Name.Name
		}
		return nil, ""
	}

	var starts []start
	for n := range ins.PreorderSeq((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := n.(type) {
		case *ast.GoStmt:
			if body, named := bodyOf(n.Call.Fun); body != nil {
				starts = append(starts, start{stmt: n, body: body, named: named})
			}
		case *ast.CallExpr:
			if isWaitGroupMethod(pass.TypesInfo, n, "Go") && len(n.Args) == 1 {
				if body, named := bodyOf(n.Args[0]); body != nil {
					recv := analysisutil.Render(pass.Fset, recvOf(n))
					starts = append(starts, start{stmt: n, body: body, named: named, wgGo: recv})
				}
			}
		}
	}

	reported := make(map[token.Pos]bool)
	for _, s := range starts {
		for _, add := range addsIn(pass.TypesInfo, s.body) {
			if reported[add.Pos()] || handedOff(pass, s, add) {
				continue
			}
			reported[add.Pos()] = true
			report(pass, s, add)
		}
	}
	return nil, nil
}

// addsIn returns the calls of WaitGroup.Add in body that count the goroutine
// running body: not those on a WaitGroup declared inside it, and not those
// followed by a go statement (a goroutine that starts more goroutines counts
// them before starting them, which is right).
func addsIn(info *types.Info, body *ast.BlockStmt) []*ast.CallExpr {
	var adds []*ast.CallExpr
	var lastGo token.Pos
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			lastGo = max(lastGo, n.Pos())
		case *ast.CallExpr:
			if isWaitGroupMethod(info, n, "Go") {
				lastGo = max(lastGo, n.Pos())
			}
			// wg.Add(-1) is a Done: it belongs in the goroutine.
			if isWaitGroupMethod(info, n, "Add") && !analysisutil.Decrements(info, n) && !declaredIn(info, recvOf(n), body) {
				adds = append(adds, n)
			}
		}
		return true
	})
	var out []*ast.CallExpr
	for _, add := range adds {
		if add.Pos() < lastGo {
			continue
		}
		out = append(out, add)
	}
	return out
}

func report(pass *analysis.Pass, s start, add *ast.CallExpr) {
	call := analysisutil.Render(pass.Fset, add)
	wg := analysisutil.Render(pass.Fset, recvOf(add))
	started := analysisutil.Render(pass.Fset, s.stmt)
	var msg, hint string
	switch {
	case s.wgGo != "" && s.wgGo == wg:
		msg = fmt.Sprintf("`%s` runs inside a goroutine that `%s.Go` already counted, so the counter never drops back to zero and `%s.Wait()` waits forever", call, wg, wg)
		hint = fmt.Sprintf("remove `%s`: `%s.Go` calls `Add` and `Done` for you", call, wg)
	case s.named != "":
		msg = fmt.Sprintf("`%s` runs inside `%s`, which `%s` starts as a new goroutine, so `Wait` can return before it counts", call, s.named, oneLine(started))
		hint = fmt.Sprintf("call `Add(1)` before `%s`, and keep only `defer %s.Done()` in `%s`", oneLine(started), wg, s.named)
	default:
		msg = fmt.Sprintf("`%s` runs inside the new goroutine, so `%s.Wait()` can return before it counts", call, wg)
		keyword := "go"
		if s.wgGo != "" {
			keyword = s.wgGo + ".Go"
		}
		hint = fmt.Sprintf("call `%s` before `%s`, in the goroutine that calls `Wait`", call, keyword)
	}
	pass.Report(analysis.Diagnostic{
		Pos:      add.Pos(),
		End:      add.End(),
		Category: code,
		Message:  msg + "\n" + hint,
	})
}

// oneLine shortens a rendered go statement to its first line.
func oneLine(s string) string {
	if i := strings.Index(s, "{"); i >= 0 && strings.HasPrefix(s[i:], "{ ") && len(s) > 60 {
		return s[:i] + "{ … }"
	}
	return s
}

// declaredIn reports whether the variable at the root of x (wg in wg, s.wg or
// s.inner.wg) is declared inside body.
func declaredIn(info *types.Info, x ast.Expr, body *ast.BlockStmt) bool {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.SelectorExpr:
			x = e.X
			continue
		case *ast.StarExpr:
			x = e.X
			continue
		case *ast.UnaryExpr:
			x = e.X
			continue
		case *ast.IndexExpr:
			x = e.X
			continue
		case *ast.Ident:
			obj := info.Uses[e]
			if obj == nil {
				obj = info.Defs[e]
			}
			if obj == nil {
				return false
			}
			return body.Pos() <= obj.Pos() && obj.Pos() < body.End()
		}
		return false
	}
}

// recvOf returns x in a call x.M(…).
func recvOf(call *ast.CallExpr) ast.Expr {
	return ast.Unparen(call.Fun).(*ast.SelectorExpr).X
}

// isWaitGroupMethod reports whether call calls method name of sync.WaitGroup.
func isWaitGroupMethod(info *types.Info, call *ast.CallExpr, name string) bool {
	m, _ := analysisutil.WaitGroupMethod(info, call)
	return m == name
}

// handedOff reports whether a goroutine started with go func(){…}() tells the
// function that started it, over a channel, that its Adds are done, and that
// function receives the news before it waits:
//
//	go func() {
//		for … { wg.Add(1); … }
//		done <- struct{}{}
//	}()
//	<-done
//	wg.Wait()
//
// The send (or close) follows the Add and the receive comes before Wait, so
// every Add happens before Wait starts. Seen in nats.go's tests.
func handedOff(pass *analysis.Pass, s start, add *ast.CallExpr) bool {
	g, ok := s.stmt.(*ast.GoStmt)
	if !ok || s.named != "" {
		return false
	}
	// The channels the goroutine sends to or closes after the Add.
	signals := map[string]bool{}
	ast.Inspect(s.body, func(n ast.Node) bool {
		if n == nil || n.Pos() < add.End() {
			return true
		}
		switch n := n.(type) {
		case *ast.SendStmt:
			signals[types.ExprString(n.Chan)] = true
		case *ast.CallExpr:
			if analysisutil.IsBuiltin(pass.TypesInfo, n, "close") && len(n.Args) == 1 {
				signals[types.ExprString(n.Args[0])] = true
			}
		}
		return true
	})
	if len(signals) == 0 {
		return false
	}
	// The function that runs the go statement: its receives after the go
	// statement and before its first Wait on the Add's WaitGroup.
	var body *ast.BlockStmt
	for _, n := range analysisutil.Enclosing(pass.Files, g.Pos(), g.End()) {
		if lit, ok := n.(*ast.FuncLit); ok {
			body = lit.Body
			break
		}
		if decl, ok := n.(*ast.FuncDecl); ok {
			body = decl.Body
			break
		}
	}
	if body == nil {
		return false
	}
	wg := analysisutil.Render(pass.Fset, recvOf(add))
	wait := body.End()
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok && call.Pos() > g.End() && call.Pos() < wait &&
			isWaitGroupMethod(pass.TypesInfo, call, "Wait") && analysisutil.Render(pass.Fset, recvOf(call)) == wg {
			wait = call.Pos()
		}
		return true
	})
	received := false
	ast.Inspect(body, func(n ast.Node) bool {
		if received {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if n == nil || n.Pos() < g.End() || n.Pos() >= wait {
			return true
		}
		var ch ast.Expr
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ch = n.X
			}
		case *ast.RangeStmt:
			if t := pass.TypesInfo.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					ch = n.X
				}
			}
		}
		if ch != nil && signals[types.ExprString(ch)] {
			received = true
		}
		return true
	})
	return received
}
