package lockcheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const (
	codeMissingUnlock = "missing-unlock"
	codeDeferLock     = "defer-lock"
	codeEmpty         = "empty-critical-section"
)

var Analyzer = &analysis.Analyzer{
	Name:             "lockcheck",
	Doc:              "report a mutex locked without unlock, locked by defer, or locked around nothing (codes missing-unlock, defer-lock, empty-critical-section)",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	RunDespiteErrors: true,
	Run:              run,
}

// op is what a call does to a mutex.
type op int

const (
	opNone op = iota
	opLock
	opRLock
	opUnlock
	opRUnlock
)

func (o op) locks() bool   { return o == opLock || o == opRLock }
func (o op) unlocks() bool { return o == opUnlock || o == opRUnlock }

// undo returns the method that undoes a lock operation.
func (o op) undo() string {
	if o == opRLock {
		return "RUnlock"
	}
	return "Unlock"
}

type checker struct {
	pass *analysis.Pass
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	c := &checker{pass: pass}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	filter := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				c.function(n.Name.Name, n.Body, nil)
			}
		case *ast.FuncLit:
			c.function("", n.Body, outermost(stack))
		case *ast.BlockStmt:
			c.emptySections(n.List, stack)
		case *ast.CaseClause:
			c.emptySections(n.Body, stack)
		case *ast.CommClause:
			c.emptySections(n.Body, stack)
		}
		return true
	})
	return nil, nil
}

// outermost returns the body of the outermost function on the stack.
func outermost(stack []ast.Node) *ast.BlockStmt {
	for _, n := range stack {
		switch n := n.(type) {
		case *ast.FuncDecl:
			return n.Body
		case *ast.FuncLit:
			return n.Body
		}
	}
	return nil
}

// innermost returns the innermost function on the stack.
func innermost(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// mutexOp returns the mutex a call operates on, rendered as the learner wrote
// it ("c.mu"), and the operation. Calls through the sync.Locker interface are
// not followed: what they lock is unknown.
func (c *checker) mutexOp(call *ast.CallExpr) (string, op) {
	typ, method, recv := analysisutil.SyncMethod(c.pass.TypesInfo, call)
	if typ != "Mutex" && typ != "RWMutex" {
		return "", opNone
	}
	var o op
	switch method {
	case "Lock":
		o = opLock
	case "RLock":
		o = opRLock
	case "Unlock":
		o = opUnlock
	case "RUnlock":
		o = opRUnlock
	default:
		return "", opNone
	}
	return key(c.pass.Fset, recv), o
}

// key renders the mutex expression so that mu, (mu) and &mu name one mutex.
func key(fset *token.FileSet, x ast.Expr) string {
	return analysisutil.Render(fset, analysisutil.Unref(x))
}

// stmtOp returns the mutex operation of a statement that is a single call.
func (c *checker) stmtOp(s ast.Node) (string, op, *ast.CallExpr) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return "", opNone, nil
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return "", opNone, nil
	}
	k, o := c.mutexOp(call)
	return k, o, call
}

// emptySections reports Lock immediately followed by its Unlock.
func (c *checker) emptySections(list []ast.Stmt, stack []ast.Node) {
	for i := 0; i+1 < len(list); i++ {
		k1, o1, lockCall := c.stmtOp(list[i])
		if !o1.locks() {
			continue
		}
		k2, o2, unlockCall := c.stmtOp(list[i+1])
		if k1 != k2 || (o1 == opLock) != (o2 == opUnlock) || !o2.unlocks() {
			continue // RLock then Unlock is a different mistake
		}
		// Lock and Unlock also serve to wait for another holder to let go
		// (a barrier), or to exercise the mutex itself. The mistake is the
		// one where the next statement writes the data the lock should
		// guard, and no comment explains the pair.
		if i+2 >= len(list) || !c.writesShared(list[i+2], innermost(stack)) || c.commented(list[i], list[i+1], list[i+2]) {
			continue
		}
		lock, unlock := analysisutil.Render(c.pass.Fset, lockCall), analysisutil.Render(c.pass.Fset, unlockCall)
		c.pass.Report(analysis.Diagnostic{
			Pos:      lockCall.Pos(),
			End:      unlockCall.End(),
			Category: codeEmpty,
			Message: fmt.Sprintf("`%s` is followed at once by `%s`, so nothing runs while `%s` is held and the lock protects nothing\n"+
				"move the code that reads or writes the shared data between `%s` and `%s`",
				lock, unlock, k1, lock, unlock),
		})
	}
}

// writesShared reports whether s assigns to or increments data that outlives
// the function fn: a variable declared outside it, or data reached through a
// field, an element or a pointer.
func (c *checker) writesShared(s ast.Stmt, fn ast.Node) bool {
	var lhs []ast.Expr
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			return false
		}
		lhs = s.Lhs
	case *ast.IncDecStmt:
		lhs = []ast.Expr{s.X}
	default:
		return false
	}
	for _, x := range lhs {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			obj, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if ok && fn != nil && (obj.Pos() < fn.Pos() || fn.End() <= obj.Pos()) {
				return true
			}
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
			return true
		}
	}
	return false
}

// commented reports whether a comment on a line of its own lies between the
// lock statement and the statement after the unlock. (Trailing comments on the
// two calls are left out: tests put their expectations there.)
func (c *checker) commented(lock, unlock, next ast.Stmt) bool {
	line := func(p token.Pos) int { return c.pass.Fset.Position(p).Line }
	for _, f := range c.pass.Files {
		if f.FileStart <= lock.Pos() && lock.Pos() <= f.FileEnd {
			for _, g := range f.Comments {
				l := line(g.Pos())
				if lock.Pos() < g.Pos() && g.Pos() < next.Pos() && l != line(lock.End()) && l != line(unlock.End()) {
					return true
				}
			}
		}
	}
	return false
}

// function checks one function body for defer-lock and missing-unlock.
// outer is the body of the function declaring a function literal, if any.
func (c *checker) function(name string, body, outer *ast.BlockStmt) {
	type lockSite struct {
		key  string
		op   op
		call *ast.CallExpr
	}
	var locks []lockSite
	firstUnlock := make(map[string]token.Pos) // mutex -> its first unlock in the body
	unlocked := make(map[string]bool)         // mutex -> unlocked somewhere, deferred included
	var defers []*ast.DeferStmt

	// Walk this function only: nested function literals are functions of
	// their own, except a deferred one, whose unlocks run at return.
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			defers = append(defers, n)
			for k := range c.deferredUnlocks(n) {
				unlocked[k] = true
			}
		case *ast.CallExpr:
			k, o := c.mutexOp(n)
			switch {
			case o.locks():
				locks = append(locks, lockSite{k, o, n})
			case o.unlocks():
				unlocked[k] = true
				if p, ok := firstUnlock[k]; !ok || n.Pos() < p {
					firstUnlock[k] = n.Pos()
				}
			}
		}
		return true
	})

	for _, d := range defers {
		k, o := c.mutexOp(d.Call)
		if !o.locks() {
			continue
		}
		// `mu.Unlock(); defer mu.Lock()` gives the lock back on return to a
		// caller that holds it: that is right.
		if p, ok := firstUnlock[k]; ok && p < d.Pos() {
			continue
		}
		call := analysisutil.Render(c.pass.Fset, d.Call)
		c.pass.Report(analysis.Diagnostic{
			Pos:      d.Pos(),
			End:      d.End(),
			Category: codeDeferLock,
			Message: fmt.Sprintf("`defer %s` locks `%s` again when the function returns instead of unlocking it, so the next `%s` waits forever\nwrite `defer %s.%s()`",
				call, k, call, k, o.undo()),
		})
	}

	if len(locks) == 0 || returnsLocked(name) {
		return
	}
	var g *cfg.CFG
	for _, l := range locks {
		// A function that unlocks before it locks is called with the lock
		// held and gives it back locked, by design.
		if p, ok := firstUnlock[l.key]; ok && p < l.call.Pos() {
			continue
		}
		// A function that never unlocks a mutex it locks hands the lock
		// over on purpose only when it says so; a learner's forgotten Unlock
		// looks the same, so it is reported unless the lock escapes.
		if !unlocked[l.key] && c.handsOver(body, l.key) {
			continue
		}
		// A mutex may be unlocked by another goroutine than the one that
		// locked it: a function literal that only locks is left alone when
		// the function around it unlocks the same mutex.
		if !unlocked[l.key] && outer != nil && c.unlocksAnywhere(outer, l.key) {
			continue
		}
		// A function that locks a mutex of its own for good, and never
		// unlocks it, harms no caller: the mutex ends with it.
		if !unlocked[l.key] && c.localTo(l.call, body) {
			continue
		}
		if g == nil {
			g = cfg.New(body, c.mayReturn)
		}
		if ret := c.lockedExit(g, l.key, l.call); ret != nil {
			c.reportMissing(body, l.key, l.op, l.call, ret, unlocked[l.key])
		}
	}
}

// unlocksAnywhere reports whether body, function literals included, unlocks k.
func (c *checker) unlocksAnywhere(body *ast.BlockStmt, k string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if mk, o := c.mutexOp(call); o.unlocks() && mk == k {
				found = true
			}
		}
		return !found
	})
	return found
}

// localTo reports whether the mutex locked by call is a variable declared in
// body (or a field of one).
func (c *checker) localTo(call *ast.CallExpr, body *ast.BlockStmt) bool {
	x := ast.Unparen(call.Fun).(*ast.SelectorExpr).X
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.SelectorExpr:
			x = e.X
			continue
		case *ast.UnaryExpr:
			x = e.X
			continue
		case *ast.Ident:
			obj, ok := c.pass.TypesInfo.Uses[e].(*types.Var)
			return ok && body.Pos() <= obj.Pos() && obj.Pos() < body.End()
		}
		return false
	}
}

// returnsLocked reports whether a function's name says it returns with the
// lock held (lock, rlock, acquireLock, mustLock).
func returnsLocked(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), "lock")
}

// handsOver reports whether the function returns the mutex, a value holding
// it, its unlock method or a function literal that unlocks it: the caller
// unlocks.
func (c *checker) handsOver(body *ast.BlockStmt, k string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if c.handedOver(r, k) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func (c *checker) handedOver(r ast.Expr, k string) bool {
	switch r := ast.Unparen(r).(type) {
	case *ast.SelectorExpr:
		if (r.Sel.Name == "Unlock" || r.Sel.Name == "RUnlock") && key(c.pass.Fset, r.X) == k {
			return true
		}
	case *ast.FuncLit:
		return c.unlocksIn(r.Body, k)
	}
	return holds(key(c.pass.Fset, r), k)
}

// holds reports whether the value e is the mutex k or holds it (c for c.mu).
func holds(e, k string) bool {
	return e == k || strings.HasPrefix(k, e+".")
}

// deferredUnlocks returns the mutexes a defer statement unlocks: defer
// mu.Unlock(), or a deferred literal that calls it.
func (c *checker) deferredUnlocks(d *ast.DeferStmt) map[string]bool {
	out := make(map[string]bool)
	if k, o := c.mutexOp(d.Call); o.unlocks() {
		out[k] = true
	}
	if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if k, o := c.mutexOp(call); o.unlocks() {
					out[k] = true
				}
			}
			return true
		})
	}
	return out
}

// unlocksIn reports whether node n unlocks mutex k: an Unlock call anywhere
// in it (outside nested function literals other than deferred ones), or a
// call of a helper whose name says it unlocks (c.unlock(), mu.unlockSlow()).
func (c *checker) unlocksIn(n ast.Node, k string) bool {
	if d, ok := n.(*ast.DeferStmt); ok {
		if c.deferredUnlocks(d)[k] {
			return true
		}
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if mk, o := c.mutexOp(n); o.unlocks() && mk == k {
				found = true
			} else if o == opNone && helperUnlocks(n) {
				found = true
			}
		}
		return !found
	})
	return found
}

func helperUnlocks(call *ast.CallExpr) bool {
	var name string
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
	}
	return strings.Contains(strings.ToLower(name), "unlock")
}

// lockedExit returns a return statement reachable from the lock call without
// passing an unlock of k, or nil.
func (c *checker) lockedExit(g *cfg.CFG, k string, lockCall *ast.CallExpr) *ast.ReturnStmt {
	// Find the block and position of the statement holding the call.
	var start *cfg.Block
	index := -1
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if n.Pos() <= lockCall.Pos() && lockCall.End() <= n.End() {
				start, index = b, i
			}
		}
		if start != nil {
			break
		}
	}
	if start == nil || !start.Live {
		return nil
	}
	seen := make(map[*cfg.Block]bool)
	var walk func(b *cfg.Block, from int) *ast.ReturnStmt
	walk = func(b *cfg.Block, from int) *ast.ReturnStmt {
		for _, n := range b.Nodes[from:] {
			if c.unlocksIn(n, k) {
				return nil
			}
			// Locking again without unlocking is a different mistake
			// (a self-deadlock); stop here.
			if call := lockIn(c, n, k); call != nil {
				return nil
			}
		}
		if ret := b.Return(); ret != nil {
			return ret
		}
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if ret := walk(s, 0); ret != nil {
				return ret
			}
		}
		return nil
	}
	// Skip the lock statement itself.
	return walk(start, index+1)
}

// lockIn returns a call in n that locks k again, if any.
func lockIn(c *checker, n ast.Node, k string) *ast.CallExpr {
	var found *ast.CallExpr
	ast.Inspect(n, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if mk, o := c.mutexOp(n); o.locks() && mk == k {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// mayReturn tells the control-flow graph which calls never return, so that
// a path ending in panic or log.Fatal is not taken for a return.
func (c *checker) mayReturn(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && id.Name == "panic" {
			return false
		}
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return true
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "os.Exit", "runtime.Goexit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
		"testing.Fatal", "testing.Fatalf", "testing.FailNow", "testing.Skip", "testing.Skipf", "testing.SkipNow":
		return false
	}
	return true
}

func (c *checker) reportMissing(body *ast.BlockStmt, k string, o op, lockCall *ast.CallExpr, ret *ast.ReturnStmt, unlocksSomewhere bool) {
	lock := analysisutil.Render(c.pass.Fset, lockCall)
	unlock := fmt.Sprintf("%s.%s()", k, o.undo())
	line := c.pass.Fset.Position(ret.Pos()).Line
	var where string
	switch {
	case ret.Pos() == body.Rbrace:
		where = fmt.Sprintf("the function ends on line %d", line)
	default:
		where = fmt.Sprintf("the `return` on line %d", line)
	}
	var msg string
	if unlocksSomewhere {
		msg = fmt.Sprintf("`%s` is not undone on every path: %s leaves `%s` locked, so the next `Lock` waits forever", lock, where, k)
	} else {
		msg = fmt.Sprintf("`%s` is never undone: %s with `%s` still locked, so the next `Lock` waits forever", lock, strings.Replace(where, "the `return`", "it returns", 1), k)
	}
	hint := fmt.Sprintf("write `defer %s` right after `%s`, or call `%s` before every return", unlock, lock, unlock)
	c.pass.Report(analysis.Diagnostic{
		Pos:      lockCall.Pos(),
		End:      lockCall.End(),
		Category: codeMissingUnlock,
		Message:  msg + "\n" + hint,
	})
}
