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
	Doc:              "report a mutex locked without unlock, locked again through a call while held, locked by defer, or locked around nothing (codes missing-unlock, double-lock, defer-lock, empty-critical-section)",
	Requires:         []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:        []analysis.Fact{new(locksFact)},
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
	// released holds the mutexes that some function of the package unlocks
	// without ever locking them: the package hands these locks from one
	// function to another (a release helper, an unlock in a callback or in a
	// returned func), so a path that leaves one locked may be by design.
	released map[types.Object]bool
	// facts holds the mutexes each function of the package locks (see
	// locksFact).
	facts map[*types.Func][]string
}

func run(pass *analysis.Pass) (any, error) {
	if pass.TypesInfo == nil || pass.Pkg == nil {
		return nil, nil
	}
	c := &checker{pass: pass, released: make(map[types.Object]bool)}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var decls []*ast.FuncDecl
	for n := range ins.PreorderSeq((*ast.FuncDecl)(nil)) {
		decls = append(decls, n.(*ast.FuncDecl))
	}
	c.lockPaths(decls)
	for _, d := range decls {
		if fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok && d.Body != nil {
			c.reentries(fn, d.Body)
		}
	}
	deferred := make(map[*ast.FuncLit]bool) // part of the function that defers them
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.DeferStmt)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				c.releases(n.Body)
			}
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				deferred[lit] = true
			}
		case *ast.FuncLit:
			if !deferred[n] {
				c.releases(n.Body)
			}
		}
	})
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

// saysLocked reports whether a comment on the line of lock, or on the line
// just before it, speaks of unlocking ("no unlock", "unlocked by Close"):
// the author meant the lock to outlive the function. (analysistest's
// "want" comments are not the author's.)
func (c *checker) saysLocked(lock *ast.CallExpr) bool {
	line := c.pass.Fset.Position(lock.Pos()).Line
	for _, f := range c.pass.Files {
		if f.FileStart > lock.Pos() || lock.Pos() > f.FileEnd {
			continue
		}
		for _, g := range f.Comments {
			l := c.pass.Fset.Position(g.End()).Line
			if l != line && l != line-1 {
				continue
			}
			text := strings.ToLower(g.Text())
			if strings.Contains(text, "unlock") && !strings.HasPrefix(strings.TrimSpace(text), "want ") {
				return true
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
		if obj, _ := c.mutexObj(l.call); obj != nil && c.released[obj] {
			continue
		}
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
		// A lock whose line says, in a comment about unlocking, that it
		// stays locked is held for good on purpose: client-go's
		// FakeControllerSource.Shutdown has `f.lock.Lock() // Purposely no
		// unlock.` so that any later call blocks.
		if !unlocked[l.key] && c.saysLocked(l.call) {
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
		ret, relock := c.lockedExit(g, body, l.key, l.call)
		switch {
		case ret != nil:
			c.reportMissing(body, l.key, l.op, l.call, ret, unlocked[l.key])
		case relock:
			c.reportRelock(body, l.key, l.op, l.call)
		}
	}
}

// releases records the mutexes body unlocks (deferred literals included) and
// never locks.
func (c *checker) releases(body *ast.BlockStmt) {
	locked := make(map[types.Object]bool)
	unlocked := make(map[types.Object]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						if obj, o := c.mutexObj(call); o.unlocks() && obj != nil {
							unlocked[obj] = true
						}
					}
					return true
				})
			}
		case *ast.CallExpr:
			obj, o := c.mutexObj(n)
			if _, method, recv := analysisutil.SyncMethod(c.pass.TypesInfo, n); method == "TryLock" || method == "TryRLock" {
				// What TryLock takes, the function gives back itself.
				obj, o = c.recvObj(n, recv), opLock
			}
			if obj == nil {
				break
			}
			switch {
			case o.locks():
				locked[obj] = true
			case o.unlocks():
				unlocked[obj] = true
			}
		}
		return true
	})
	for obj := range unlocked {
		if !locked[obj] {
			c.released[obj] = true
		}
	}
}

// mutexObj returns what identifies the mutex a call operates on across
// functions: the struct field or variable that holds it (every c.mu of one
// type is the same field), or for a mutex embedded in a struct, the struct's
// type name.
func (c *checker) mutexObj(call *ast.CallExpr) (types.Object, op) {
	_, o := c.mutexOp(call)
	if o == opNone {
		return nil, o
	}
	return c.recvObj(call, ast.Unparen(call.Fun).(*ast.SelectorExpr).X), o
}

func (c *checker) recvObj(call *ast.CallExpr, recv ast.Expr) types.Object {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || recv == nil {
		return nil
	}
	if s, ok := c.pass.TypesInfo.Selections[sel]; ok && len(s.Index()) > 1 {
		// x.Lock() promoted from an embedded mutex.
		t := s.Recv()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := t.(*types.Named); ok {
			return named.Obj()
		}
		return nil
	}
	switch x := analysisutil.Unref(recv).(type) {
	case *ast.Ident:
		return c.pass.TypesInfo.Uses[x]
	case *ast.SelectorExpr:
		return c.pass.TypesInfo.Uses[x.Sel]
	}
	return nil
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
	name = strings.ToLower(name)
	return strings.HasSuffix(name, "lock") && !strings.HasSuffix(name, "unlock")
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
// passing an unlock of k, or nil; or, with relock true, reports that a path
// round a loop comes back to the same lock call with k still held.
func (c *checker) lockedExit(g *cfg.CFG, body *ast.BlockStmt, k string, lockCall *ast.CallExpr) (ret *ast.ReturnStmt, relock bool) {
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
		return nil, false
	}
	known := c.knownConditions(body, lockCall)
	seen := make(map[*cfg.Block]bool)
	var walk func(b *cfg.Block, from int)
	walk = func(b *cfg.Block, from int) {
		for _, n := range b.Nodes[from:] {
			if c.unlocksIn(n, k) {
				return
			}
			// Locking again without unlocking is a different mistake
			// (a self-deadlock), except when a loop brings the path
			// back to this very lock.
			if call := lockIn(c, n, k); call != nil {
				if call == lockCall {
					relock = true
				}
				return
			}
		}
		if r := b.Return(); r != nil {
			if ret == nil {
				ret = r
			}
			return
		}
		succs := b.Succs
		// Lock and Unlock under the same condition (if debug { Lock } …
		// if debug { Unlock }): the path that takes the lock takes the
		// same branch again.
		if len(succs) == 2 && len(b.Nodes) > 0 {
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
				if v, ok := known[analysisutil.Render(c.pass.Fset, cond)]; ok {
					if v {
						succs = succs[:1]
					} else {
						succs = succs[1:]
					}
				}
			}
		}
		for _, s := range succs {
			if !seen[s] {
				seen[s] = true
				walk(s, 0)
			}
		}
	}
	// Skip the lock statement itself. A path round the loop back to the
	// lock is the plainer story when there is one.
	walk(start, index+1)
	if relock {
		return nil, true
	}
	return ret, false
}

// knownConditions returns the conditions of the if statements around the
// lock call, rendered, with the value they have where the lock is taken.
// Only conditions without calls whose variables are not assigned after the
// lock are kept: they have the same value wherever they are tested again.
func (c *checker) knownConditions(body *ast.BlockStmt, lockCall *ast.CallExpr) map[string]bool {
	known := make(map[string]bool)
	path := analysisutil.Enclosing(c.pass.Files, lockCall.Pos(), lockCall.End())
	for _, n := range path {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || !analysisutil.Within(ifs.Pos(), body) {
			continue
		}
		if !c.stable(ifs.Cond, body, lockCall.End()) {
			continue
		}
		switch {
		case analysisutil.Within(lockCall.Pos(), ifs.Body):
			known[analysisutil.Render(c.pass.Fset, ifs.Cond)] = true
		case ifs.Else != nil && analysisutil.Within(lockCall.Pos(), ifs.Else):
			known[analysisutil.Render(c.pass.Fset, ifs.Cond)] = false
		}
	}
	return known
}

// stable reports whether cond calls nothing and none of its variables is
// assigned in body after pos.
func (c *checker) stable(cond ast.Expr, body *ast.BlockStmt, pos token.Pos) bool {
	vars := make(map[types.Object]bool)
	ok := true
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr, *ast.UnaryExpr:
			if u, isUnary := n.(*ast.UnaryExpr); !isUnary || u.Op == token.ARROW {
				ok = false
			}
		case *ast.Ident:
			if obj := c.pass.TypesInfo.Uses[n]; obj != nil {
				vars[obj] = true
			}
		}
		return ok
	})
	if !ok {
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || n.End() <= pos {
			return ok
		}
		var lhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs = n.Lhs
		case *ast.IncDecStmt:
			lhs = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				lhs = []ast.Expr{n.X} // its address escapes
			}
		}
		for _, x := range lhs {
			ast.Inspect(x, func(n ast.Node) bool {
				if id, isIdent := n.(*ast.Ident); isIdent && vars[c.pass.TypesInfo.ObjectOf(id)] {
					ok = false
				}
				return ok
			})
		}
		return ok
	})
	return ok
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

// reportRelock reports a lock in a loop that a path (a continue, usually)
// brings round again while it is held.
func (c *checker) reportRelock(body *ast.BlockStmt, k string, o op, lockCall *ast.CallExpr) {
	lock := analysisutil.Render(c.pass.Fset, lockCall)
	unlock := fmt.Sprintf("%s.%s()", k, o.undo())
	where := "the next turn of the loop"
	if cont := c.continueAfter(body, lockCall); cont != nil {
		where = fmt.Sprintf("the `continue` on line %d goes round the loop", c.pass.Fset.Position(cont.Pos()).Line)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      lockCall.Pos(),
		End:      lockCall.End(),
		Category: codeMissingUnlock,
		Message: fmt.Sprintf("`%s` is not undone on every path: %s with `%s` still locked, so this `%s` waits forever\n"+
			"call `%s` before the `continue`, or move the locked part into a function that does `defer %s`",
			lock, where, k, lock, unlock, unlock),
	})
}

// continueAfter returns the first continue statement after the lock call
// that continues the innermost loop around it.
func (c *checker) continueAfter(body *ast.BlockStmt, lockCall *ast.CallExpr) *ast.BranchStmt {
	var loop ast.Node
	var label *ast.Ident
	for _, n := range analysisutil.Enclosing(c.pass.Files, lockCall.Pos(), lockCall.End()) {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if loop == nil {
				loop = n
			}
		case *ast.LabeledStmt:
			if loop != nil && n.Stmt == loop {
				label = n.Label
			}
		}
		if n == body {
			break
		}
	}
	if loop == nil {
		return nil
	}
	var found *ast.BranchStmt
	var visit func(root ast.Node, depth int)
	visit = func(root ast.Node, depth int) {
		ast.Inspect(root, func(m ast.Node) bool {
			if found != nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if m != loop && m != root {
					visit(m, depth+1)
					return false
				}
			case *ast.BranchStmt:
				if m.Tok == token.CONTINUE && m.Pos() > lockCall.End() &&
					(m.Label == nil && depth == 0 || m.Label != nil && label != nil && m.Label.Name == label.Name) {
					found = m
				}
			}
			return true
		})
	}
	visit(loop, 0)
	return found
}

func (c *checker) reportMissing(body *ast.BlockStmt, k string, o op, lockCall *ast.CallExpr, ret *ast.ReturnStmt, unlocksSomewhere bool) {
	lock := analysisutil.Render(c.pass.Fset, lockCall)
	unlock := fmt.Sprintf("%s.%s()", k, o.undo())
	line := c.pass.Fset.Position(ret.Pos()).Line
	var where string
	switch {
	case ret.Pos() == body.Rbrace && unlocksSomewhere:
		where = fmt.Sprintf("the path to the end of the function on line %d", line)
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
