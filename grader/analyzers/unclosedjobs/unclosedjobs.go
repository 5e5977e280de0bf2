package unclosedjobs

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

//go:embed doc.go
var docFile string

// Analyzer reports channels that workers range over and nobody closes.
var Analyzer = &analysis.Analyzer{
	Name:     "unclosedjobs",
	Doc:      analysisutil.Doc(docFile, "unclosedjobs"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const code = "unclosed-jobs"

// param is one parameter of a function declared in the package.
type param struct {
	fn *types.Func
	i  int
}

// paramUse is what a package-local function does with a channel parameter.
type paramUse struct {
	ranged *ast.RangeStmt // a range over it, or nil
	closes bool           // it may close it, or hand it on to code that may
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var fns []*ast.FuncDecl
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		if fn := n.(*ast.FuncDecl); fn.Body != nil {
			fns = append(fns, fn)
		}
	})
	uses := paramUses(pass.TypesInfo, fns)
	for _, fn := range fns {
		checkFunc(pass, fn, uses)
	}
	return nil, nil
}

// paramUses records, for each channel parameter of the package's functions,
// whether the function ranges over it and whether it may close it.
func paramUses(info *types.Info, fns []*ast.FuncDecl) map[param]paramUse {
	uses := map[param]paramUse{}
	for _, fn := range fns {
		f, ok := info.Defs[fn.Name].(*types.Func)
		if !ok {
			continue
		}
		params := f.Signature().Params()
		for i := range params.Len() {
			p := params.At(i)
			if _, ok := p.Type().Underlying().(*types.Chan); !ok {
				continue
			}
			var u paramUse
			ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
				stack = append(stack, n)
				if r, ok := n.(*ast.RangeStmt); ok && isVar(info, r.X, p) && u.ranged == nil {
					u.ranged = r
				}
				if id, ok := n.(*ast.Ident); ok && info.Uses[id] == p && !plainUse(info, stack) {
					u.closes = true
				}
				return true
			})
			uses[param{f, i}] = u
		}
	}
	return uses
}

// plainUse reports whether the channel identifier at the top of stack is
// sent to, received from, ranged over, measured or compared: uses that
// cannot close it.
func plainUse(info *types.Info, stack []ast.Node) bool {
	id := stack[len(stack)-1].(*ast.Ident)
	if len(stack) < 2 {
		return false
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.SendStmt:
		return p.Chan == id
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	case *ast.RangeStmt:
		return p.X == id
	case *ast.BinaryExpr:
		return true
	case *ast.CallExpr:
		return analysisutil.IsBuiltin(info, p, "len") || analysisutil.IsBuiltin(info, p, "cap")
	case *ast.CommClause, *ast.SelectStmt:
		return true
	}
	return false
}

// worker is a range over a channel of the function in a goroutine it starts.
type worker struct {
	ch    *types.Var
	rng   *ast.RangeStmt
	start ast.Node
}

func checkFunc(pass *analysis.Pass, fn *ast.FuncDecl, uses map[param]paramUse) {
	info := pass.TypesInfo
	local := func(e ast.Expr) *types.Var {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || !analysisutil.Within(v.Pos(), fn.Body) {
			return nil
		}
		if _, ok := v.Type().Underlying().(*types.Chan); !ok {
			return nil
		}
		return v
	}
	// calledWorkers returns the ranges over channels of fn that calls in
	// body make through package-local functions.
	calledWorkers := func(start ast.Node, body ast.Node) []worker {
		var ws []worker
		ast.Inspect(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			f := typeutil.StaticCallee(info, call)
			for i, a := range call.Args {
				if u := uses[param{f, i}]; u.ranged != nil {
					if v := local(a); v != nil {
						ws = append(ws, worker{ch: v, rng: u.ranged, start: start})
					}
				}
			}
			return true
		})
		return ws
	}

	var workers []worker
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, _ := analysisutil.GoroutineLit(info, n); lit != nil {
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				if r, ok := m.(*ast.RangeStmt); ok {
					if v := local(r.X); v != nil && !analysisutil.Within(v.Pos(), lit) {
						workers = append(workers, worker{ch: v, rng: r, start: n})
					}
				}
				return true
			})
			workers = append(workers, calledWorkers(n, lit.Body)...)
		} else if g, ok := n.(*ast.GoStmt); ok {
			workers = append(workers, calledWorkers(n, g.Call)...)
		}
		return true
	})
	if len(workers) == 0 {
		return
	}

	// What the function does with each of those channels.
	type chanUse struct {
		lastSend *ast.SendStmt
		closed   bool
		callback bool // sent to from a function literal run later by someone else
	}
	chans := map[*types.Var]*chanUse{}
	for _, w := range workers {
		chans[w.ch] = &chanUse{}
	}
	wait := ""
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		stack = append(stack, n)
		if call, ok := n.(*ast.CallExpr); ok && wait == "" {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Wait" && analysisutil.IsWaitGroup(info.TypeOf(sel.X)) {
				wait = types.ExprString(call)
			}
		}
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		c := chans[v]
		if !ok || c == nil {
			return true
		}
		if s, ok := stack[len(stack)-2].(*ast.SendStmt); ok && s.Chan == id {
			if c.lastSend == nil || s.Pos() > c.lastSend.Pos() {
				c.lastSend = s
			}
			if inCallback(info, stack) {
				c.callback = true
			}
			return true
		}
		if plainUse(info, stack) {
			return true
		}
		if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok {
			f := typeutil.StaticCallee(info, call)
			if i := argIndex(call, id); f != nil && i >= 0 {
				if u, known := uses[param{f, i}]; known && !u.closes {
					return true // handed to a package-local function that does not close it
				}
			}
		}
		if a, ok := stack[len(stack)-2].(*ast.AssignStmt); ok && a.Tok == token.ASSIGN && len(a.Lhs) == 1 && a.Lhs[0] == id {
			return true // ch = make(chan T): a new channel, not a close
		}
		c.closed = true // closed here, or handed to code that may close it
		return true
	})

	reported := map[*types.Var]bool{}
	for _, w := range workers {
		c := chans[w.ch]
		if reported[w.ch] || c.closed || c.lastSend == nil {
			continue
		}
		// A callback's sends have no last one this function can see: a
		// close after them could panic a later call, and the author stops
		// the workers some other way (a context, a count).
		if c.callback || hasExit(info, w) {
			continue
		}
		reported[w.ch] = true
		name := w.ch.Name()
		msg := "`" + name + "` is never closed, so the workers' `" + rangeHeader(w.rng) + "` never ends: they wait forever for another value"
		if wait != "" {
			msg += " and `" + wait + "` never returns"
		}
		pass.Report(analysis.Diagnostic{
			Pos:      c.lastSend.Pos(),
			End:      c.lastSend.End(),
			Category: code,
			Message:  msg + "\ncall `close(" + name + ")` after the last send",
		})
	}
}

// rangeHeader renders "for j := range jobs" from a range statement.
func rangeHeader(r *ast.RangeStmt) string {
	var b strings.Builder
	b.WriteString("for ")
	if r.Key != nil {
		b.WriteString(types.ExprString(r.Key))
		if r.Value != nil {
			b.WriteString(", " + types.ExprString(r.Value))
		}
		b.WriteString(" " + r.Tok.String() + " ")
	}
	b.WriteString("range " + types.ExprString(r.X))
	return b.String()
}

func argIndex(call *ast.CallExpr, id *ast.Ident) int {
	for i, a := range call.Args {
		if ast.Unparen(a) == id {
			return i
		}
	}
	return -1
}

func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// inCallback reports whether the node at the top of stack is inside a
// function literal that is not started as a goroutine: a callback handed to
// other code (js.Subscribe(subj, func(m *Msg) { ch <- m })), which may run
// any number of times, at any time.
func inCallback(info *types.Info, stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		if g, ok := stack[i-1].(*ast.GoStmt); ok && ast.Unparen(g.Call.Fun) == lit {
			continue
		}
		if call, ok := stack[i-1].(*ast.CallExpr); ok {
			if l, _ := analysisutil.GoroutineLit(info, call); l == lit {
				continue
			}
			if ast.Unparen(call.Fun) == lit {
				continue // func() { … }(): runs here and now
			}
		}
		return true
	}
	return false
}

// hasExit reports whether the worker's loop has a way out of its own: a
// select case that receives from another channel (a context's Done, a quit
// channel) and returns, so the loop does not rely on the close to end.
func hasExit(info *types.Info, w worker) bool {
	found := false
	ast.Inspect(w.rng.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		cc, ok := n.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			return true
		}
		var recv ast.Expr
		switch c := cc.Comm.(type) {
		case *ast.ExprStmt:
			recv = c.X
		case *ast.AssignStmt:
			if len(c.Rhs) == 1 {
				recv = c.Rhs[0]
			}
		}
		u, ok := ast.Unparen(recv).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || isVar(info, u.X, w.ch) {
			return true
		}
		for _, st := range cc.Body {
			if _, ok := st.(*ast.ReturnStmt); ok {
				found = true
			}
		}
		return true
	})
	return found
}
