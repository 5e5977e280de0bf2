package testoutput

// A test that sees the calls overlap too little or too much knows the symptom,
// not the learner's line. It can hand gilgrade evidence with t.Attr: the
// stacks of the goroutines taken while they wait (AttrGoroutines), from which
// the line that keeps them apart is read, or a pattern of the line it blames
// (AttrLine). Both are only read for a failed test, and a reading that is not
// plain gives no line rather than a wrong one.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// evidence is what a test's attributes say about the learner's line.
type evidence struct {
	at      frame
	message string // "" keeps the test's own message
	hint    string // "" keeps the code's hint
	details []string
}

// fromAttrs reads the evidence a failed test attached, and reports whether it
// names a learner line.
func (e *explainer) fromAttrs(attrs map[string]string) (evidence, bool) {
	if v, ok := attrs[AttrGoroutines]; ok {
		if s, err := strconv.Unquote(v); err == nil {
			// A line the learner's file does not have is no evidence.
			if ev, ok := e.fromSnapshot(s); ok && e.source(ev.at.File, ev.at.Line) != "" {
				return ev, true
			}
		}
	}
	if v, ok := attrs[AttrLine]; ok {
		if f, ok := e.matchLine(v); ok {
			return evidence{at: f}, true
		}
	}
	return evidence{}, false
}

// matchLine returns the one learner line the pattern matches (comments
// dropped), and false when it matches none or several.
func (e *explainer) matchLine(pattern string) (frame, bool) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return frame{}, false
	}
	var found []frame
	for _, f := range e.learnerFiles() {
		for i, l := range e.lines(f) {
			if re.MatchString(codeOf(l)) {
				found = append(found, frame{File: f, Line: i + 1})
			}
		}
	}
	if len(found) != 1 {
		return frame{}, false
	}
	return found[0], true
}

// A snapped goroutine is one goroutine of a test's snapshot that runs the
// learner's code.
type snapped struct {
	at     frame // its innermost learner frame
	status string
	inCall bool // a frame of the course's tests sits above it: it is inside a call to the test's fake
	caller bool // the test started it to run the code under test; otherwise the learner's code did
}

// fromSnapshot reads the stacks a test took while the calls it counts were
// running, and names the line that kept the other calls from running: a call
// the code under test makes in its own goroutine, goroutines queued at one
// line before their call (at a semaphore whose capacity is then the line to
// blame), a wait of the code under test before it has started every call; or
// the line that let too many run: a semaphore's slot given back before the
// call, or its capacity.
func (e *explainer) fromSnapshot(dump string) (evidence, bool) {
	gs, _ := parseDump(strings.Split(dump, "\n"), maxGoroutines)
	var all []snapped
	for _, g := range gs {
		// A test may name its package's files relative to the package.
		for i, f := range g.Frames {
			if !strings.Contains(f.File, "/") && e.exDir != "" {
				g.Frames[i].File = e.exDir + "/" + f.File
			}
		}
		i := slices.IndexFunc(g.Frames, func(f frame) bool { return !f.Created && e.kind(f.File) == kindLearner })
		if i < 0 {
			continue
		}
		s := snapped{at: g.Frames[i], status: g.Status}
		s.inCall = slices.ContainsFunc(g.Frames[:i], func(f frame) bool { return e.kind(f.File) == kindTest })
		for _, f := range g.Frames {
			if f.Created {
				s.caller = e.kind(f.File) == kindTest
			}
		}
		all = append(all, s)
	}
	inCall := 0
	for _, s := range all {
		if s.inCall {
			inCall++
		}
	}
	if inCall == 0 {
		// Nothing was calling when the test looked: it looked at the wrong
		// moment, and the stacks say nothing about overlap.
		return evidence{}, false
	}
	calls := plural(inCall, "call ran", "calls ran")

	// The code under test makes a call itself.
	for _, s := range all {
		if s.caller && s.inCall {
			src := codeOf(e.source(s.at.File, s.at.Line))
			fn := shortFunc(s.at.Func)
			return evidence{
				at: s.at,
				message: fmt.Sprintf("`%s` makes its slow call in %s's own goroutine, so %s waits for it to return before it can start the next one",
					src, fn, fn),
				hint: "make the call inside the goroutine's function, `wg.Go(func() { … })` or `go func() { … }()`, so that it runs while the next one starts; the arguments of `go f(x)` are worked out before the goroutine starts",
			}, true
		}
	}

	// Goroutines the learner started, queued at one line before their call.
	type queue struct {
		at     frame
		status string
		n      int
	}
	var queues []*queue
	for _, s := range all {
		if s.caller || s.inCall || !e.beforeCall(s.at, all) {
			continue
		}
		k := slices.IndexFunc(queues, func(q *queue) bool {
			return q.at.File == s.at.File && q.at.Line == s.at.Line && q.status == s.status
		})
		if k < 0 {
			queues = append(queues, &queue{at: s.at, status: s.status})
			k = len(queues) - 1
		}
		queues[k].n++
	}
	if len(queues) > 0 {
		q := slices.MaxFunc(queues, func(a, b *queue) int {
			if a.n != b.n {
				return a.n - b.n
			}
			return b.at.Line - a.at.Line // the earlier line on a tie
		})
		src := codeOf(e.source(q.at.File, q.at.Line))
		waiting := plural(q.n, "goroutine", "goroutines")
		if q.status == "chan send" {
			if ch, mk, capacity, ok := e.sendsOnMade(q.at); ok {
				return evidence{
					at: mk,
					message: fmt.Sprintf("`%s` gives `%s` a buffer of `%s`, so %s at once while %s waited at line %d (`%s`) for room in it",
						codeOf(e.source(mk.File, mk.Line)), ch, capacity, calls, waiting, q.at.Line, src),
					hint: fmt.Sprintf("the capacity of `%s` is how many goroutines get past `%s` at the same time: make it with room for exactly as many calls as may run at once", ch, src),
				}, true
			}
		}
		their := "their calls"
		if q.n == 1 {
			their = "its call"
		}
		return evidence{
			at:      q.at,
			message: fmt.Sprintf("%s %s here before making %s, while only %s at once", waiting, waitWords(q.status, q.n), their, calls),
			hint:    "the goroutines wait here for their turn: let as many of them through as may run at once",
		}, true
	}

	// The code under test waits before it has started every call.
	for _, s := range all {
		if !s.caller || s.inCall || !e.startsAfter(s.at) {
			continue
		}
		src := codeOf(e.source(s.at.File, s.at.Line))
		fn := shortFunc(s.at.Func)
		return evidence{
			at: s.at,
			message: fmt.Sprintf("`%s` makes %s wait for the calls started so far before it starts the next one, so only %s at once",
				src, fn, calls),
			hint: "start every goroutine first, then wait once, after the last one has started",
		}, true
	}

	// Every goroutine the learner started is in a call at once, so whatever
	// should have held some back let them all through.
	return e.nothingHeldBack(all, inCall)
}

// nothingHeldBack explains a snapshot in which every goroutine the learner
// started is inside its call and none waits, when the calls' goroutine took a
// slot of a semaphore before its call: a receive of that slot before the call
// gave it back too early; otherwise the semaphore's capacity let them all in.
func (e *explainer) nothingHeldBack(all []snapped, inCall int) (evidence, bool) {
	var call *snapped
	for i, s := range all {
		switch {
		case s.caller:
		case !s.inCall:
			return evidence{}, false
		case call == nil:
			call = &all[i]
		}
	}
	if call == nil || inCall < 2 {
		return evidence{}, false
	}
	fset, file, ok := e.parseLearner(call.at.File)
	if !ok {
		return evidence{}, false
	}
	line := func(n ast.Node) int { return fset.Position(n.Pos()).Line }
	// The block holding the call's statement, and the statements before it.
	var before []ast.Stmt
	ast.Inspect(file, func(n ast.Node) bool {
		b, ok := n.(*ast.BlockStmt)
		if !ok || before != nil {
			return before == nil
		}
		for i, st := range b.List {
			if line(st) == call.at.Line && fset.Position(st.End()).Line == call.at.Line {
				before = b.List[:i:i]
				return false
			}
		}
		return true
	})
	var send *ast.SendStmt
	for i, st := range before {
		s, ok := st.(*ast.SendStmt)
		if !ok {
			continue
		}
		ch, ok := s.Chan.(*ast.Ident)
		if !ok {
			continue
		}
		send = s
		for _, later := range before[i+1:] {
			if !receivesFrom(later, ch.Name) {
				continue
			}
			src := codeOf(e.source(call.at.File, line(later)))
			return evidence{
				at: frame{Func: call.at.Func, File: call.at.File, Line: line(later)},
				message: fmt.Sprintf("`%s` gives the slot back before the call on line %d is made, so no goroutine ever waits for a slot: all %d calls ran at once",
					src, call.at.Line, inCall),
				hint: fmt.Sprintf("give the slot back when the call is over: `defer func() { <-%s }()` right after taking it", ch.Name),
			}, true
		}
	}
	if send == nil {
		return evidence{}, false
	}
	ch, mk, capacity, ok := e.sendsOnMade(frame{Func: call.at.Func, File: call.at.File, Line: line(send)})
	if !ok {
		return evidence{}, false
	}
	sendSrc := codeOf(e.source(call.at.File, line(send)))
	return evidence{
		at: mk,
		message: fmt.Sprintf("`%s` gives `%s` a buffer of `%s`, so no goroutine waited at line %d (`%s`): all %d calls ran at once",
			codeOf(e.source(mk.File, mk.Line)), ch, capacity, line(send), sendSrc, inCall),
		hint: fmt.Sprintf("the capacity of `%s` is how many goroutines get past `%s` at the same time: make it with room for exactly as many calls as may run at once", ch, sendSrc),
	}, true
}

// receivesFrom reports whether a statement is a receive from the channel
// named ch whose value is dropped: `<-ch` or `_ = <-ch`.
func receivesFrom(st ast.Stmt, ch string) bool {
	var x ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		x = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			x = st.Rhs[0]
		}
	}
	u, ok := x.(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	id, ok := u.X.(*ast.Ident)
	return ok && id.Name == ch
}

// beforeCall reports whether a goroutine waiting at f has not made its call
// yet: a goroutine of the same function is inside a call at a later line.
func (e *explainer) beforeCall(f frame, all []snapped) bool {
	return slices.ContainsFunc(all, func(s snapped) bool {
		return s.inCall && !s.caller && s.at.File == f.File && s.at.Func == f.Func && s.at.Line > f.Line
	})
}

// parseLearner parses a learner file for the evidence readers.
func (e *explainer) parseLearner(file string) (*token.FileSet, *ast.File, bool) {
	src, err := e.o.ReadFile(file)
	if err != nil || len(src) > maxSourceFile {
		return nil, nil, false
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, false
	}
	return fset, f, true
}

// enclosing returns the function declaration of f that holds line n.
func enclosing(fset *token.FileSet, f *ast.File, n int) *ast.FuncDecl {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Body != nil && fset.Position(fd.Pos()).Line <= n && n <= fset.Position(fd.End()).Line {
			return fd
		}
	}
	return nil
}

// sendsOnMade reads the statement at f as a send on a channel variable and
// finds, in the same function, the one `make(chan T, capacity)` that variable
// is given: its name, the make's line and the capacity as written.
func (e *explainer) sendsOnMade(f frame) (ch string, mk frame, capacity string, ok bool) {
	fset, file, ok := e.parseLearner(f.File)
	if !ok {
		return "", frame{}, "", false
	}
	fd := enclosing(fset, file, f.Line)
	if fd == nil {
		return "", frame{}, "", false
	}
	var send *ast.SendStmt
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if s, ok := n.(*ast.SendStmt); ok && fset.Position(s.Pos()).Line == f.Line {
			send = s
		}
		return send == nil
	})
	if send == nil {
		return "", frame{}, "", false
	}
	id, isIdent := send.Chan.(*ast.Ident)
	if !isIdent {
		return "", frame{}, "", false
	}
	var makes []ast.Node
	var capExpr ast.Expr
	check := func(n ast.Node, lhs ast.Expr, rhs ast.Expr) {
		l, ok := lhs.(*ast.Ident)
		if !ok || l.Name != id.Name {
			return
		}
		makes = append(makes, n) // any assignment counts, so a second one makes it unplain
		c, ok := rhs.(*ast.CallExpr)
		if !ok || len(c.Args) != 2 {
			return
		}
		if fn, ok := c.Fun.(*ast.Ident); !ok || fn.Name != "make" {
			return
		}
		if _, ok := c.Args[0].(*ast.ChanType); ok {
			capExpr = c.Args[1]
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					check(n, n.Lhs[i], n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					check(n, n.Names[i], n.Values[i])
				}
			}
		}
		return true
	})
	if len(makes) != 1 || capExpr == nil {
		return "", frame{}, "", false
	}
	src, err := e.o.ReadFile(f.File)
	if err != nil {
		return "", frame{}, "", false
	}
	from, to := fset.Position(capExpr.Pos()).Offset, fset.Position(capExpr.End()).Offset
	if from < 0 || to > len(src) || from >= to {
		return "", frame{}, "", false
	}
	line := fset.Position(makes[0].Pos()).Line
	return id.Name, frame{Func: f.Func, File: f.File, Line: line}, string(src[from:to]), true
}

// startsAfter reports whether the function holding line f.Line starts a
// goroutine (`go …` or `x.Go(…)`) after that line, or holds that line in a
// loop whose body starts one: a wait there comes before some start.
func (e *explainer) startsAfter(f frame) bool {
	fset, file, ok := e.parseLearner(f.File)
	if !ok {
		return false
	}
	fd := enclosing(fset, file, f.Line)
	if fd == nil {
		return false
	}
	line := func(n ast.Node) int { return fset.Position(n.Pos()).Line }
	starts := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				found = true
			case *ast.CallExpr:
				if s, ok := n.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Go" {
					found = true
				}
			}
			return !found
		})
		return found
	}
	after := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if after || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			from, to := line(n), fset.Position(n.End()).Line
			if from < f.Line && f.Line <= to && starts(n) {
				after = true
			}
		case *ast.GoStmt:
			if line(n) > f.Line {
				after = true
			}
		case *ast.CallExpr:
			if s, ok := n.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Go" && line(n) > f.Line {
				after = true
			}
		}
		return true
	})
	return after
}

// shortFunc reduces "course/ex.(*T).Run.func1" to "Run".
func shortFunc(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	parts := strings.Split(name, ".")
	for i := len(parts) - 1; i > 0; i-- {
		p := parts[i]
		if strings.Trim(strings.TrimPrefix(p, "func"), "0123456789") == "" {
			continue // a function literal: "func1", or "1" in "func2.1"
		}
		return strings.Trim(p, "()*")
	}
	return name
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
