package readbeforewait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

//go:embed doc.go
var docFile string

// Analyzer reports variables read while goroutines may still write them.
var Analyzer = &analysis.Analyzer{
	Name:     "readbeforewait",
	Doc:      analysisutil.Doc(docFile, "readbeforewait"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const code = "read-before-wait"

// path names a variable or a part of it: its root variable and the fields
// selected from it. Indexing is dropped, so s[i] and s name the same path;
// "*" stands for an explicit dereference.
type path struct {
	root *types.Var
	segs []string
}

// covers reports whether reading r reads some of what writing w wrote: the
// same path, a part of it, or a struct or array value holding it.
func covers(w, r path, rtype types.Type) bool {
	if w.root != r.root {
		return false
	}
	if len(w.segs) <= len(r.segs) {
		return slices.Equal(w.segs, r.segs[:len(w.segs)])
	}
	if !slices.Equal(r.segs, w.segs[:len(r.segs)]) || rtype == nil {
		return false
	}
	switch rtype.Underlying().(type) {
	case *types.Struct, *types.Array:
		return true
	}
	return false
}

// start is one goroutine started by the function under check.
type start struct {
	node   ast.Node // the go statement or the Go call
	line   int
	inLoop bool
	writes []path // what the goroutine writes of the function's variables
	wait   string // the Wait call that would make reading safe, or ""
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	decls := map[*types.Func]*ast.FuncDecl{}
	var order []*ast.FuncDecl
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		fn := n.(*ast.FuncDecl)
		if f, ok := pass.TypesInfo.Defs[fn.Name].(*types.Func); ok && fn.Body != nil {
			decls[f] = fn
			order = append(order, fn)
		}
	})
	for _, fn := range order {
		// Each function literal starts and reads on its own, like a t.Run
		// body; what it shares with fn counts as fn's variables.
		checkBody(pass, fn, fn.Body, decls)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok {
				checkBody(pass, fn, lit.Body, decls)
			}
			return true
		})
	}
	return nil, nil
}

// checkBody reports the reads in body, a function or a function literal
// inside fn, of what goroutines started in body may still be writing.
func checkBody(pass *analysis.Pass, fn *ast.FuncDecl, body *ast.BlockStmt, decls map[*types.Func]*ast.FuncDecl) {
	info := pass.TypesInfo
	local := func(v *types.Var) bool { return v != nil && !v.IsField() && analysisutil.Within(v.Pos(), fn) }

	// The goroutines the function starts and what each writes.
	var starts []*start
	var syncs []token.Pos // waits, receives, selects and locks
	var calls []*ast.CallExpr
	var goWaits []*ast.GoStmt       // go wg.Wait()
	shared := map[*types.Var]bool{} // what the goroutines use of the function's variables
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // checked as a body of its own
		}
		stack = append(stack, n)
		// go wg.Wait() waits in a new goroutine: this one goes on.
		inGo := slices.ContainsFunc(stack, func(n ast.Node) bool { _, ok := n.(*ast.GoStmt); return ok })
		if isSync(info, n) && !inGo {
			syncs = append(syncs, n.Pos())
		}
		if g, ok := n.(*ast.GoStmt); ok && isSync(info, g.Call) {
			goWaits = append(goWaits, g)
		}
		if call, ok := n.(*ast.CallExpr); ok && !inGo {
			calls = append(calls, call)
		}
		s := &start{node: n, line: pass.Fset.Position(n.Pos()).Line, inLoop: analysisutil.EnclosingLoop(stack) != nil}
		if lit, wg := analysisutil.GoroutineLit(info, n); lit != nil {
			for _, w := range writesIn(info, lit.Body) {
				if local(w.root) && !analysisutil.Within(w.root.Pos(), lit) {
					s.writes = append(s.writes, w)
				}
			}
			s.wait = waitFor(info, wg, lit.Body)
		} else if g, ok := n.(*ast.GoStmt); ok {
			s.writes, s.wait = namedWrites(info, g.Call, decls, local)
		}
		if len(s.writes) > 0 {
			starts = append(starts, s)
			ast.Inspect(n, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && local(v) {
						shared[v] = true
					}
				}
				return true
			})
		}
		return true
	})
	if len(starts) == 0 {
		return
	}
	// A method called on something the goroutines also use, such as a
	// semaphore's Acquire, may wait for them too.
	for _, call := range calls {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if ok && info.Selections[sel] != nil && !slices.Contains([]string{"Add", "Done", "Go"}, sel.Sel.Name) {
			if p, ok := pathOf(info, sel.X); ok && shared[p.root] && !written(starts, p.root) {
				syncs = append(syncs, call.Pos())
			}
		}
	}

	// The reads that follow a start with nothing in between that waits.
	reported := map[*types.Var]bool{}
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs later, or in a goroutine: not a read here
		case *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if lit, _ := analysisutil.GoroutineLit(info, n); lit != nil {
				return false
			}
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || reported[v] || !local(v) {
			return true
		}
		expr, p, read := readAt(info, stack)
		if !read {
			return true
		}
		for _, s := range starts {
			if s.node.End() > id.Pos() || syncBetween(syncs, s.node.End(), id.Pos()) {
				continue
			}
			if !slices.ContainsFunc(s.writes, func(w path) bool { return covers(w, p, info.TypeOf(expr)) }) {
				continue
			}
			if rewritten(info, stack, s.node.End(), p, info.TypeOf(expr)) {
				continue
			}
			reported[v] = true
			var goWait *ast.GoStmt
			for _, g := range goWaits {
				if s.node.End() <= g.Pos() && g.End() <= id.Pos() {
					goWait = g
				}
			}
			report(pass, expr, s, goWait)
			break
		}
		return true
	})
}

func report(pass *analysis.Pass, expr ast.Expr, s *start, goWait *ast.GoStmt) {
	who := fmt.Sprintf("the goroutine started on line %d", s.line)
	if s.inLoop {
		who = fmt.Sprintf("the goroutines started on line %d", s.line)
	}
	hint := "call `" + s.wait + "` before reading it"
	if s.wait == "" {
		hint = "wait for the goroutine to finish before reading it: use a `sync.WaitGroup` and call its `Wait` first, or receive from a done channel"
		if s.inLoop {
			hint = "wait for the goroutines to finish before reading it: use a `sync.WaitGroup` and call its `Wait` first"
		}
	}
	if goWait != nil {
		wait := types.ExprString(goWait.Call)
		hint = fmt.Sprintf("`go %s` on line %d waits in a new goroutine, and this one goes on at once: call `%s` without `go`",
			wait, pass.Fset.Position(goWait.Pos()).Line, wait)
	}
	pass.Report(analysis.Diagnostic{
		Pos:      expr.Pos(),
		End:      expr.End(),
		Category: code,
		Message:  "`" + types.ExprString(expr) + "` is read here while " + who + " may still be writing it\n" + hint,
	})
}

// readAt reports whether the identifier at the top of stack is read there,
// and returns the whole expression read and its path.
func readAt(info *types.Info, stack []ast.Node) (ast.Expr, path, bool) {
	i := len(stack) - 1
	expr := stack[i].(ast.Expr)
	for i > 0 {
		switch parent := stack[i-1].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			expr = parent.(ast.Expr)
			i--
			continue
		case *ast.IndexExpr:
			if parent.X == expr {
				expr = parent
				i--
				continue
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[parent]; parent.X == expr && sel != nil {
				if sel.Kind() != types.FieldVal {
					return nil, path{}, false // a method call: what it does is unknown
				}
				expr = parent
				i--
				continue
			}
		}
		break
	}
	if i > 0 {
		switch parent := stack[i-1].(type) {
		case *ast.AssignStmt:
			if slices.Contains(parent.Lhs, expr) {
				return nil, path{}, false
			}
		case *ast.IncDecStmt:
			return nil, path{}, false
		case *ast.UnaryExpr:
			if parent.Op == token.AND {
				return nil, path{}, false
			}
		case *ast.RangeStmt:
			if parent.Key == expr || parent.Value == expr {
				return nil, path{}, false
			}
		}
	}
	p, ok := pathOf(info, expr)
	return expr, p, ok
}

// pathOf returns the path of x, x.f, x[i], *x and their combinations.
func pathOf(info *types.Info, e ast.Expr) (path, bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		return path{root: v}, ok
	case *ast.SelectorExpr:
		p, ok := pathOf(info, x.X)
		if sel := info.Selections[x]; !ok || sel == nil || sel.Kind() != types.FieldVal {
			return path{}, false
		}
		if n := len(p.segs); n > 0 && p.segs[n-1] == "*" {
			p.segs = p.segs[:n-1] // (*p).f is p.f
		}
		p.segs = append(slices.Clip(p.segs), x.Sel.Name)
		return p, true
	case *ast.IndexExpr:
		return pathOf(info, x.X)
	case *ast.StarExpr:
		p, ok := pathOf(info, x.X)
		p.segs = append(slices.Clip(p.segs), "*")
		return p, ok
	}
	return path{}, false
}

// writesIn returns the paths that body assigns, increments or deletes from,
// including in function literals inside it.
func writesIn(info *types.Info, body ast.Node) []path {
	var ws []path
	add := func(e ast.Expr) {
		if p, ok := pathOf(info, e); ok && p.root != nil && p.root.Name() != "_" && !synchronized(p.root.Type()) {
			ws = append(ws, p)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					add(l)
				}
			}
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) == 2 {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "delete" {
					add(n.Args[0])
				}
			}
		}
		return true
	})
	return ws
}

// synchronized reports whether values of t are safe to share, or are not
// results: channels, functions and the types of sync and sync/atomic.
func synchronized(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t.Underlying().(type) {
	case *types.Chan, *types.Signature:
		return true
	}
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != nil {
		switch named.Obj().Pkg().Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	return false
}

// namedWrites returns what a goroutine started as go f(args) writes through
// its arguments, when f is declared in this package, and the WaitGroup it
// is given.
func namedWrites(info *types.Info, call *ast.CallExpr, decls map[*types.Func]*ast.FuncDecl, local func(*types.Var) bool) ([]path, string) {
	f := typeutil.StaticCallee(info, call)
	decl := decls[f]
	if decl == nil || f.Signature().Recv() != nil || f.Signature().Variadic() {
		return nil, ""
	}
	params := f.Signature().Params()
	var ws []path
	wait := ""
	for _, w := range writesIn(info, decl.Body) {
		i := slices.IndexFunc(slices.Collect(params.Variables()), func(p *types.Var) bool { return p == w.root })
		if i < 0 || len(w.segs) == 0 || i >= len(call.Args) {
			continue // assigning the parameter itself changes nothing of the caller's
		}
		arg := ast.Unparen(call.Args[i])
		segs := w.segs
		if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
			arg = u.X
			if segs[0] == "*" {
				segs = segs[1:]
			}
		} else if _, ok := info.TypeOf(arg).Underlying().(*types.Pointer); ok {
			continue // a pointer held in a variable: too far to follow
		}
		if p, ok := pathOf(info, arg); ok && local(p.root) {
			p.segs = append(slices.Clip(p.segs), segs...)
			ws = append(ws, p)
		}
	}
	for _, a := range call.Args {
		if analysisutil.IsWaitGroup(info.TypeOf(a)) {
			wait = render(a) + ".Wait()"
		}
	}
	return ws, wait
}

// waitFor returns the Wait call that waits for a goroutine started by
// wg.Go (wg is its receiver), or one that calls wg.Done in body.
func waitFor(info *types.Info, wg ast.Expr, body ast.Node) string {
	if wg != nil {
		return render(wg) + ".Wait()"
	}
	wait := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && wait == "" {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" && analysisutil.IsWaitGroup(info.TypeOf(sel.X)) {
				wait = render(sel.X) + ".Wait()"
			}
		}
		return wait == ""
	})
	return wait
}

// isSync reports whether n may wait for goroutines to finish: a call of a
// function or method whose name holds "wait", a receive, a select, a range
// over a channel, or a Lock.
func isSync(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.SelectStmt:
		return true
	case *ast.RangeStmt:
		t := info.TypeOf(n.X)
		if t == nil {
			return false
		}
		_, ok := t.Underlying().(*types.Chan)
		return ok
	case *ast.CallExpr:
		f, ok := typeutil.Callee(info, n).(*types.Func)
		if !ok {
			return false
		}
		name := strings.ToLower(f.Name())
		return strings.Contains(name, "wait") || name == "lock" || name == "rlock"
	}
	return false
}

// written reports whether any of the goroutines writes v or a part of it.
func written(starts []*start, v *types.Var) bool {
	return slices.ContainsFunc(starts, func(s *start) bool {
		return slices.ContainsFunc(s.writes, func(w path) bool { return w.root == v })
	})
}

func syncBetween(syncs []token.Pos, from, to token.Pos) bool {
	return slices.ContainsFunc(syncs, func(p token.Pos) bool { return from <= p && p < to })
}

// render prints an expression as the learner wrote it, without a leading &.
func render(e ast.Expr) string {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return types.ExprString(e)
}

// rewritten reports whether the function itself assigns what is read, at the
// top of stack, after from and on every way to the read: a statement before
// it in an enclosing block, or the init of an enclosing if, for or switch.
// The read then sees the function's own value, not the goroutine's result:
//
//	go func() { conn, err = l.Accept() … }()
//	nc, err := opts.Connect()
//	if err != nil { … } // Connect's error
//
// (Seen in nats.go's tests. Sharing err with the goroutine is a write-write
// race of its own, which this analyzer does not claim to find.)
func rewritten(info *types.Info, stack []ast.Node, from token.Pos, read path, rtype types.Type) bool {
	read0 := stack[len(stack)-1].Pos()
	assigns := func(st ast.Stmt) bool {
		a, ok := st.(*ast.AssignStmt)
		if !ok || a.Pos() < from || a.End() > read0 {
			return false
		}
		for _, l := range a.Lhs {
			if w, ok := pathOf(info, l); ok && covers(w, read, rtype) {
				return true
			}
		}
		return false
	}
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if n.Init != nil && n.Init != stack[i+1] && assigns(n.Init) {
				return true
			}
		case *ast.SwitchStmt:
			if n.Init != nil && n.Init != stack[i+1] && assigns(n.Init) {
				return true
			}
		case *ast.ForStmt:
			// The body and post run again after the loop's own assignments.
			if n.Init != nil && n.Init != stack[i+1] && n.Cond == stack[i+1] && assigns(n.Init) {
				return true
			}
		}
		if list, ok := analysisutil.Stmts(stack[i]); ok {
			for _, st := range list {
				if st.End() > read0 {
					break
				}
				if assigns(st) {
					return true
				}
			}
		}
	}
	return false
}
