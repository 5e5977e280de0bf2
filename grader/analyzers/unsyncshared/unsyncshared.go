package unsyncshared

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
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

// Analyzer reports shared variables changed by goroutines with no lock held.
var Analyzer = &analysis.Analyzer{
	Name:     "unsyncshared",
	Doc:      analysisutil.Doc(docFile, "unsyncshared"),
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const code = "unsync-shared"

// kind is the way a goroutine changes a shared variable.
type kind int

const (
	counter  kind = iota // n++, n += x
	appends              // s = append(s, x)
	mapWrite             // m[k] = v, delete(m, k)
	element              // s[0] = v: the same element from every goroutine
)

// write is one unlocked change of a captured variable inside a goroutine.
type write struct {
	stmt  ast.Node
	obj   *types.Var // the variable at the root of the changed expression
	shown string     // the changed expression as written: n, s, m, s.count
	kind  kind
	start ast.Node // the go statement or Go call that started the goroutine
	loop  ast.Node // the loop around start, or nil
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	insp.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		if fn := n.(*ast.FuncDecl); fn.Body != nil {
			checkFunc(pass, fn)
		}
	})
	return nil, nil
}

// checkFunc reports the unlocked writes to variables of fn that more than
// one goroutine makes: goroutines started in a loop, or several starts.
func checkFunc(pass *analysis.Pass, fn *ast.FuncDecl) {
	var writes []write
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		stack = append(stack, n)
		if lit, _ := analysisutil.GoroutineLit(pass.TypesInfo, n); lit != nil {
			loop := analysisutil.EnclosingLoop(stack)
			for _, w := range unlockedWrites(pass, fn, lit, loop) {
				w.start, w.loop = n, loop
				writes = append(writes, w)
			}
		}
		return true
	})
	if len(writes) == 0 {
		return
	}
	starts := map[*types.Var]map[ast.Node]bool{}
	for _, w := range writes {
		if starts[w.obj] == nil {
			starts[w.obj] = map[ast.Node]bool{}
		}
		starts[w.obj][w.start] = true
	}
	mu := visibleMutex(pass, fn)
	for _, w := range writes {
		inLoop := w.loop != nil && !analysisutil.Within(w.obj.Pos(), w.loop)
		if !inLoop && (w.kind == element || len(starts[w.obj]) < 2) {
			continue
		}
		// Goroutines that a receive or a Wait orders one after another
		// (a hand-off, synctest.Wait, a Wait inside the loop) do not run
		// at once.
		if inLoop && waitsAfter(pass.TypesInfo, w.loop, w.start) ||
			!inLoop && ordered(pass.TypesInfo, fn.Body, starts[w.obj]) {
			continue
		}
		report(pass, w, mu)
	}
}

func report(pass *analysis.Pass, w write, mu string) {
	stmt := render(w.stmt)
	var msg, hint string
	switch w.kind {
	case counter:
		msg = "`" + stmt + "` updates `" + w.shown + "` from several goroutines at once with no lock held, so updates are lost (a data race)"
		hint = "make `" + w.shown + "` an `atomic.Int64` and call its `Add`, or guard it with a `sync.Mutex`"
	case appends:
		msg = "`" + stmt + "` appends to `" + w.shown + "` from several goroutines at once with no lock held, so results are lost (a data race)"
		hint = "guard it with a `sync.Mutex`, write to your own element `" + w.shown + "[i]`, or send the results on a channel"
	case mapWrite:
		msg = "`" + stmt + "` writes the map `" + w.shown + "` from several goroutines at once with no lock held, which can crash with \"concurrent map writes\""
		hint = "guard it with a `sync.Mutex` (lock before, unlock after)"
	case element:
		msg = "`" + stmt + "` writes the same element of `" + w.shown + "` from every goroutine with no lock held (a data race)"
		hint = "give each goroutine its own index, or guard the write with a `sync.Mutex`"
	}
	if mu != "" {
		hint = "call `" + mu + ".Lock()` before it and `" + mu + ".Unlock()` after it"
	}
	pass.Report(analysis.Diagnostic{
		Pos:      w.stmt.Pos(),
		End:      w.stmt.End(),
		Category: code,
		Message:  msg + "\n" + hint,
	})
}

// unlockedWrites returns the changes that the goroutine body lit makes, with
// no lock held, to variables of fn declared outside lit and outside loop.
func unlockedWrites(pass *analysis.Pass, fn *ast.FuncDecl, lit *ast.FuncLit, loop ast.Node) []write {
	info := pass.TypesInfo
	// shared returns the captured variable at the root of e, or nil.
	shared := func(e ast.Expr) (*types.Var, string) {
		id := rootIdent(e)
		if id == nil {
			return nil, ""
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || !analysisutil.Within(v.Pos(), fn) || analysisutil.Within(v.Pos(), lit) {
			return nil, ""
		}
		return v, render(e)
	}
	// perGoroutine reports whether the index names a variable of this
	// goroutine only: its own, a parameter, or the loop's per-iteration one.
	perIteration := perIterationScope(pass, fn, loop)
	perGoroutine := func(index ast.Expr) bool {
		own := false
		ast.Inspect(index, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				own = true // unknown: stay silent
			case *ast.Ident:
				if v, ok := info.Uses[n].(*types.Var); ok && (analysisutil.Within(v.Pos(), lit) || perIteration != nil && analysisutil.Within(v.Pos(), perIteration)) {
					own = true
				}
			}
			return !own
		})
		return own
	}
	var writes []write
	add := func(stmt ast.Node, target ast.Expr, k kind) {
		// out[j].n++ with j the goroutine's own index changes an element
		// no other goroutine touches.
		if ownElement(info, target, perGoroutine) {
			return
		}
		if v, shown := shared(target); v != nil {
			writes = append(writes, write{stmt: stmt, obj: v, shown: shown, kind: k})
		}
	}
	// indexed classifies a write to x[i].
	indexed := func(stmt ast.Node, ix *ast.IndexExpr, elemKind kind) {
		t := info.TypeOf(ix.X)
		if t == nil {
			return
		}
		switch t.Underlying().(type) {
		case *types.Map:
			add(stmt, ix.X, mapWrite)
		case *types.Slice, *types.Array, *types.Pointer:
			if !perGoroutine(ix.Index) {
				add(stmt, ix.X, elemKind)
			}
		}
	}
	ast.PreorderStack(lit.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		if lit, _ := analysisutil.GoroutineLit(info, n); lit != nil {
			return false // a nested goroutine is checked on its own
		}
		// A function literal handed to a call (t.Cleanup, sort.Slice, a
		// callback) runs when and where its callee decides, often one at a
		// time: what it writes is not known to race. Deferred and
		// immediately called literals run in this goroutine.
		if f, ok := n.(*ast.FuncLit); ok && !runsHere(f, stack) {
			return false
		}
		stack = append(stack, n)
		before := len(writes)
		switch s := n.(type) {
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(s.X).(*ast.IndexExpr); ok {
				indexed(s, ix, element)
			} else {
				add(s, s.X, counter)
			}
		case *ast.AssignStmt:
			if len(s.Lhs) != 1 || len(s.Rhs) != 1 || s.Tok == token.DEFINE {
				break
			}
			lhs := ast.Unparen(s.Lhs[0])
			if ix, ok := lhs.(*ast.IndexExpr); ok {
				indexed(s, ix, element)
			} else if s.Tok != token.ASSIGN {
				add(s, lhs, counter)
			} else if call, ok := ast.Unparen(s.Rhs[0]).(*ast.CallExpr); ok && analysisutil.IsBuiltin(info, call, "append") &&
				len(call.Args) > 0 && render(call.Args[0]) == render(lhs) {
				add(s, lhs, appends)
			}
		case *ast.ExprStmt:
			if call, ok := s.X.(*ast.CallExpr); ok && analysisutil.IsBuiltin(info, call, "delete") && len(call.Args) == 2 {
				add(s, call.Args[0], mapWrite)
			}
		}
		if len(writes) > before && lockHeld(info, stack) {
			writes = writes[:before]
		}
		return true
	})
	return writes
}

// perIterationScope returns the part of loop whose variables are new in each
// iteration: the whole loop from Go 1.22 on, only its body before.
func perIterationScope(pass *analysis.Pass, fn *ast.FuncDecl, loop ast.Node) ast.Node {
	if loop == nil {
		return nil
	}
	v := pass.Pkg.GoVersion()
	for _, f := range pass.Files {
		if analysisutil.Within(fn.Pos(), f) {
			if fv := pass.TypesInfo.FileVersions[f]; fv != "" {
				v = fv
			}
		}
	}
	if !version.IsValid(v) || version.Compare(v, "go1.22") >= 0 {
		return loop
	}
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return loop
}

// waitsAfter reports whether the body of loop waits, after the start of a
// goroutine, for something another goroutine does.
func waitsAfter(info *types.Info, loop, start ast.Node) bool {
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.ForStmt:
		body = l.Body
	case *ast.RangeStmt:
		body = l.Body
	}
	return body != nil && waits(info, body, start.End(), body.End())
}

// ordered reports whether the function waits between every two of the
// goroutine starts.
func ordered(info *types.Info, body *ast.BlockStmt, starts map[ast.Node]bool) bool {
	var pos []ast.Node
	for n := range starts {
		pos = append(pos, n)
	}
	slices.SortFunc(pos, func(a, b ast.Node) int { return int(a.Pos() - b.Pos()) })
	for i := 0; i+1 < len(pos); i++ {
		if !waits(info, body, pos[i].End(), pos[i+1].Pos()) {
			return false
		}
	}
	return true
}

// waits reports whether body, outside function literals, receives from a
// channel or calls a Wait (sync.WaitGroup, synctest.Wait, errgroup) between
// from and to.
func waits(info *types.Info, body *ast.BlockStmt, from, to token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= from || n.Pos() >= to {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && n.Pos() >= from {
				found = true
			}
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil && n.Pos() >= from {
				if _, ok := t.Underlying().(*types.Chan); ok {
					found = true
				}
			}
		case *ast.CallExpr:
			if n.Pos() < from {
				break
			}
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.SelectorExpr:
				found = f.Sel.Name == "Wait"
			case *ast.Ident:
				found = f.Name == "Wait"
			}
		}
		return !found
	})
	return found
}

// runsHere reports whether the function literal f, whose parents are stack,
// runs in the goroutine that defines it: it is called on the spot, deferred,
// or given to go.
func runsHere(f *ast.FuncLit, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	parent := stack[len(stack)-1]
	if _, ok := parent.(*ast.ParenExpr); ok && len(stack) > 1 {
		parent = stack[len(stack)-2]
	}
	call, ok := parent.(*ast.CallExpr)
	return ok && ast.Unparen(call.Fun) == f
}

// ownElement reports whether target reaches an element of a slice or array
// through an index that belongs to this goroutine (out[i].n, (*p)[i].sum).
func ownElement(info *types.Info, target ast.Expr, perGoroutine func(ast.Expr) bool) bool {
	for e := ast.Unparen(target); ; {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
		case *ast.StarExpr:
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			if t := info.TypeOf(x.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Array, *types.Pointer:
					if perGoroutine(x.Index) {
						return true
					}
				}
			}
			e = ast.Unparen(x.X)
		default:
			return false
		}
	}
}

// lockHeld reports whether a Lock call precedes the innermost node of stack
// in one of its enclosing blocks with no Unlock in between.
func lockHeld(info *types.Info, stack []ast.Node) bool {
	held := 0
	for i := 0; i+1 < len(stack); i++ {
		list, ok := analysisutil.Stmts(stack[i])
		if !ok {
			continue
		}
		for _, s := range list {
			if s == stack[i+1] {
				break
			}
			es, ok := s.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := es.X.(*ast.CallExpr)
			if !ok {
				continue
			}
			switch lockMethod(info, call) {
			case "Lock", "RLock":
				held++
			case "Unlock", "RUnlock":
				held--
			}
		}
	}
	return held > 0
}

// lockMethod returns the name of the method call calls when it is a Lock,
// RLock, Unlock or RUnlock method with no arguments, on any type.
func lockMethod(info *types.Info, call *ast.CallExpr) string {
	f, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || len(call.Args) != 0 || f.Signature().Recv() == nil {
		return ""
	}
	switch f.Name() {
	case "Lock", "RLock", "Unlock", "RUnlock":
		return f.Name()
	}
	return ""
}

// visibleMutex returns the first sync.Mutex or sync.RWMutex that fn locks,
// as written, or "".
func visibleMutex(pass *analysis.Pass, fn *ast.FuncDecl) string {
	mu := ""
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if mu != "" || !ok {
			return mu == ""
		}
		if lockMethod(pass.TypesInfo, call) == "Lock" {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && analysisutil.IsMutex(pass.TypesInfo.TypeOf(sel.X)) {
				mu = render(sel.X)
			}
		}
		return mu == ""
	})
	return mu
}

// rootIdent returns the variable at the root of x, x.f, x[i] or *x.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// render prints a statement or expression as the learner wrote it.
func render(n ast.Node) string {
	switch n := n.(type) {
	case ast.Expr:
		return types.ExprString(n)
	case *ast.IncDecStmt:
		return types.ExprString(n.X) + n.Tok.String()
	case *ast.AssignStmt:
		return exprList(n.Lhs) + " " + n.Tok.String() + " " + exprList(n.Rhs)
	case *ast.ExprStmt:
		return types.ExprString(n.X)
	}
	return ""
}

func exprList(list []ast.Expr) string {
	var b strings.Builder
	for i, e := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(types.ExprString(e))
	}
	return b.String()
}
