package lockcheck

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

// A sync.Mutex is not reentrant: a function that calls, while it holds a
// mutex, a function that locks the same mutex waits for itself forever. The
// lock may be taken several calls away and in another package, so each
// function exports a fact listing the mutexes it locks, named relative to
// its receiver, its parameters or a package variable.

const codeDoubleLock = "double-lock"

// locksFact lists the mutexes a function locks (directly or through the
// functions it calls) without unlocking them first, each as a path: "r.mu"
// for its receiver's field mu, "p1.mu" for its second parameter's, "v:path.name"
// for a package variable. A trailing "!r" marks a read lock.
type locksFact struct{ Mutexes []string }

func (*locksFact) AFact() {}

func (f *locksFact) String() string { return "locks " + strings.Join(f.Mutexes, " ") }

// lockPaths computes the locksFact of every function declared in the
// package, following calls inside the package until nothing changes, and
// exports them.
func (c *checker) lockPaths(decls []*ast.FuncDecl) {
	facts := make(map[*types.Func][]string)
	for range 4 { // call chains longer than this within one package are rare
		changed := false
		for _, d := range decls {
			fn, ok := c.pass.TypesInfo.Defs[d.Name].(*types.Func)
			if !ok || d.Body == nil {
				continue
			}
			paths := c.locksOf(fn, d.Body, facts)
			if !slices.Equal(paths, facts[fn]) {
				facts[fn] = paths
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	c.facts = facts
	// Only exported functions can be called from another package; the
	// others' locks stay in c.facts.
	for fn, paths := range facts {
		if len(paths) > 0 && fn.Exported() {
			c.pass.ExportObjectFact(fn, &locksFact{Mutexes: paths})
		}
	}
}

// locksOf returns the sorted paths of the mutexes body locks before any
// unlock of them, outside function literals, and those locked by the
// functions it calls. Only locks taken by the body's own top-level
// statements count, not those under an if, a loop, a switch or a select:
// a caller that holds the mutex may call a function that locks it only in a
// state the caller rules out (OpenTelemetry's AcquireSharedMeasurement
// locks only while a collection runs), and a double lock it cannot be sure
// of is left unsaid.
func (c *checker) locksOf(fn *types.Func, body *ast.BlockStmt, facts map[*types.Func][]string) []string {
	firstUnlock := make(map[string]int) // path -> position of its first unlock
	type lockAt struct {
		path string
		pos  int
	}
	var locks []lockAt
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false // runs later, or in another goroutine
		case *ast.CallExpr:
			always := len(stack) >= 2 && (topLevel(stack[1]) || len(stack) >= 3 && headOf(stack[1], stack[2]))
			if _, method, recv := analysisutil.SyncMethod(c.pass.TypesInfo, n); recv != nil {
				p := c.pathOf(fn, recv)
				if p == "" {
					return true
				}
				switch method {
				case "Lock":
					if always {
						locks = append(locks, lockAt{p, int(n.Pos())})
					}
				case "RLock":
					if always {
						locks = append(locks, lockAt{p + "!r", int(n.Pos())})
					}
				case "Unlock", "RUnlock":
					if _, ok := firstUnlock[p]; !ok {
						firstUnlock[p] = int(n.Pos())
					}
				}
				return true
			}
			if !always {
				return true
			}
			for _, m := range c.calleeLocks(n, facts) {
				p := "v:" + m.pkgVar
				if m.pkgVar == "" {
					p = c.pathOf(fn, m.expr)
				}
				if p != "" {
					if m.read {
						p += "!r"
					}
					locks = append(locks, lockAt{strings.TrimSuffix(p, "!r") + m.rest + strings.TrimPrefix(p, strings.TrimSuffix(p, "!r")), int(n.Pos())})
				}
			}
		}
		return true
	})
	var out []string
	for _, l := range locks {
		base := strings.TrimSuffix(l.path, "!r")
		// A function that unlocks before it locks is called with the lock
		// held and gives it back: calling it locked is its contract.
		if p, ok := firstUnlock[base]; ok && p < l.pos {
			continue
		}
		if !slices.Contains(out, l.path) {
			out = append(out, l.path)
		}
	}
	slices.Sort(out)
	return out
}

// topLevel reports whether a statement of a function's body runs whenever
// the statements before it let the function go on: a simple statement, not
// an if, a loop, a switch, a select, a block, a label or a defer.
func topLevel(n ast.Node) bool {
	switch n.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.ReturnStmt, *ast.IncDecStmt, *ast.SendStmt:
		return true
	}
	return false
}

// headOf reports whether part is the init, condition or tag of the if or
// switch statement stmt, which run whenever stmt does.
func headOf(stmt, part ast.Node) bool {
	switch s := stmt.(type) {
	case *ast.IfStmt:
		return part == s.Init || part == s.Cond
	case *ast.SwitchStmt:
		return part == s.Init || part == s.Tag
	}
	return false
}

// pathOf names the mutex x (a receiver, parameter or package variable and
// fields selected from it) relative to fn, or "".
func (c *checker) pathOf(fn *types.Func, x ast.Expr) string {
	var fields []string
	e := analysisutil.Unref(x)
	for {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s := c.pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.FieldVal {
			break
		}
		fields = append([]string{sel.Sel.Name}, fields...)
		e = analysisutil.Unref(sel.X)
	}
	var obj types.Object
	switch e := e.(type) {
	case *ast.Ident:
		obj = c.pass.TypesInfo.Uses[e]
	case *ast.SelectorExpr: // pkg.Var
		obj = c.pass.TypesInfo.Uses[e.Sel]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.IsField() {
		return ""
	}
	rest := ""
	if len(fields) > 0 {
		rest = "." + strings.Join(fields, ".")
	}
	sig := fn.Signature()
	if r := sig.Recv(); r != nil && r == v {
		return "r" + rest
	}
	for i := range sig.Params().Len() {
		if sig.Params().At(i) == v {
			return "p" + strconv.Itoa(i) + rest
		}
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return "v:" + v.Pkg().Path() + "." + v.Name() + rest
	}
	return ""
}

// calleeLock is a mutex a call locks, as an expression of the caller (the
// receiver or argument it goes through, or nil for a package variable) and
// the fields below it.
type calleeLock struct {
	expr   ast.Expr
	rest   string // ".mu"
	read   bool
	pkgVar string // "path.name" for a package variable
}

// calleeLocks returns the mutexes that the function called by call locks,
// from its fact or, in this package, from facts computed so far.
func (c *checker) calleeLocks(call *ast.CallExpr, facts map[*types.Func][]string) []calleeLock {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok {
		return nil
	}
	fn = fn.Origin()
	paths, ok := facts[fn]
	if !ok && fn.Pkg() != c.pass.Pkg {
		var f locksFact
		if c.pass.ImportObjectFact(fn, &f) {
			paths = f.Mutexes
		}
	}
	var out []calleeLock
	for _, p := range paths {
		read := strings.HasSuffix(p, "!r")
		p = strings.TrimSuffix(p, "!r")
		root, rest, _ := strings.Cut(p, ".")
		if rest != "" {
			rest = "." + rest
		}
		switch {
		case root == "r":
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok || c.pass.TypesInfo.Selections[sel] == nil {
				continue
			}
			out = append(out, calleeLock{expr: sel.X, rest: rest, read: read})
		case strings.HasPrefix(root, "p"):
			i, err := strconv.Atoi(root[1:])
			if err != nil || i >= len(call.Args) || fn.Signature().Variadic() && i >= fn.Signature().Params().Len()-1 {
				continue
			}
			out = append(out, calleeLock{expr: call.Args[i], rest: rest, read: read})
		case strings.HasPrefix(root, "v:"):
			// "v:path.name.f": the package path may itself hold dots.
			full := strings.TrimPrefix(p, "v:")
			out = append(out, calleeLock{pkgVar: full, read: read})
		}
	}
	return out
}

// reentries reports, in one function body, each call made while a mutex is
// held that locks the same mutex again.
func (c *checker) reentries(fn *types.Func, body *ast.BlockStmt) {
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // a function of its own, run later or elsewhere
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if _, _, recv := analysisutil.SyncMethod(c.pass.TypesInfo, call); recv != nil {
			return true
		}
		// go f() locks in another goroutine; defer f() runs when the
		// deferred unlocks may already have run.
		switch stack[len(stack)-1].(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return true
		}
		locks := c.calleeLocks(call, c.facts)
		if len(locks) == 0 {
			return true
		}
		held := c.heldAt(fn, append(stack, n))
		for _, l := range locks {
			var k string
			if l.pkgVar != "" {
				k = "v:" + l.pkgVar
			} else if p := c.pathOf(fn, l.expr); p != "" {
				k = p + l.rest
			} else {
				k = key(c.pass.Fset, l.expr) + l.rest
			}
			h, ok := held[k]
			if !ok || h.read && l.read {
				continue // not held, or two read locks
			}
			c.reportReentry(call, h, l.read)
			return true
		}
		return true
	})
}

// holding is a lock statement whose mutex is still held.
type holding struct {
	call *ast.CallExpr
	read bool
}

// heldAt returns the mutexes held where the last node of stack runs: locked
// by a statement before it in one of the blocks around it, and not unlocked
// (anywhere, deferred unlocks aside) by a statement in between. Mutexes are
// named as pathOf names them, or as written when pathOf cannot.
func (c *checker) heldAt(fn *types.Func, stack []ast.Node) map[string]holding {
	held := make(map[string]holding)
	name := func(x ast.Expr) string {
		if p := c.pathOf(fn, x); p != "" {
			return p
		}
		return key(c.pass.Fset, x)
	}
	for i := 0; i+1 < len(stack); i++ {
		list, ok := analysisutil.Stmts(stack[i])
		if !ok {
			continue
		}
		for _, s := range list {
			if s == stack[i+1] {
				break
			}
			if _, ok := s.(*ast.DeferStmt); ok {
				continue
			}
			if es, ok := s.(*ast.ExprStmt); ok {
				if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
					if _, method, recv := analysisutil.SyncMethod(c.pass.TypesInfo, call); recv != nil && (method == "Lock" || method == "RLock") {
						held[name(recv)] = holding{call, method == "RLock"}
						continue
					}
				}
			}
			// Any unlock in the statement, on any path, lets go.
			ast.Inspect(s, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if _, method, recv := analysisutil.SyncMethod(c.pass.TypesInfo, call); recv != nil && (method == "Unlock" || method == "RUnlock") {
						delete(held, name(recv))
					}
				}
				return true
			})
		}
	}
	return held
}

func (c *checker) reportReentry(call *ast.CallExpr, h holding, read bool) {
	lock := analysisutil.Render(c.pass.Fset, h.call)
	mu := key(c.pass.Fset, ast.Unparen(h.call.Fun).(*ast.SelectorExpr).X)
	callee := analysisutil.Render(c.pass.Fset, call.Fun)
	again := "locks"
	if read {
		again = "read-locks"
	}
	unlock := mu + ".Unlock()"
	if h.read {
		unlock = mu + ".RUnlock()"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: codeDoubleLock,
		Message: fmt.Sprintf("`%s` %s `%s` again while this function still holds it from `%s` on line %d: a mutex is not reentrant, so it waits for itself forever\n"+
			"call `%s` after `%s`, or give it a variant that expects the lock held (`%sLocked`)",
			analysisutil.Render(c.pass.Fset, call), again, mu, lock, c.pass.Fset.Position(h.call.Pos()).Line,
			callee, unlock, lastName(callee)),
	})
}

func lastName(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}
