package check

// The headline of an exercise is the first error-level diagnosis of its report:
// the one sentence the text report puts beside the verdict and every CI format
// shows first. It must name the learner's cause, so it is chosen from the whole
// evidence (integrity checks, compiler, analyzers, run, tests) by what each kind
// of diagnosis knows: an analyzer that names the line and the mistake beats the
// run-time symptom it explains (a deadlock, a race), which beats a test's
// complaint about a wrong result.

import (
	"bytes"
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
	"github.com/gilgrade/gilgrade/grader/report"
)

// Headline returns the diagnosis that explains why the exercise did not pass,
// and false when it has no error-level diagnosis.
func Headline(ex *report.Exercise) (diag.Diagnostic, bool) {
	for _, d := range ex.Diagnostics {
		if d.Severity == diag.Error {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// order sorts an exercise's diagnoses by place, then moves the best
// explanation to the front, where reports take the headline from.
func order(ex *report.Exercise) {
	diag.Sort(ex.Diagnostics)
	best := -1
	for i, d := range ex.Diagnostics {
		if d.Severity != diag.Error {
			continue
		}
		if best < 0 || better(ex, d, ex.Diagnostics[best]) {
			best = i
		}
	}
	if best > 0 {
		d := ex.Diagnostics[best]
		copy(ex.Diagnostics[1:best+1], ex.Diagnostics[:best])
		ex.Diagnostics[0] = d
	}
}

// better reports whether a explains the exercise's failure better than b.
func better(ex *report.Exercise, a, b diag.Diagnostic) bool {
	if c := cmp.Compare(rank(a.Code), rank(b.Code)); c != 0 {
		return c < 0
	}
	// Among diagnoses of one kind, one at the learner's line beats one without.
	return atLearner(ex, a) && !atLearner(ex, b)
}

func atLearner(ex *report.Exercise, d diag.Diagnostic) bool {
	return d.Line > 0 && slices.Contains(ex.Files, d.File)
}

// Ranks of the kinds of diagnosis, best explanation first.
const (
	rankIntegrity   = iota // the answer cannot be graded as it is
	rankCallNotPass        // the analyzer's reading of a compile error
	rankCompile
	rankStatic  // an analyzer names the mistake
	rankCrash   // a panic or fatal error at a line
	rankBlocked // a race, a deadlock, a timeout: symptoms
	rankTestSet // a code a test chose (sequential)
	rankTestFailed
	rankProgram // the program failed with no test to blame
)

var runtimeRank = map[diag.Code]int{
	diag.Unfilled:         rankIntegrity,
	diag.Modified:         rankIntegrity,
	diag.EditOutsideBlank: rankIntegrity,
	diag.ExtraFile:        rankIntegrity,
	diag.FakeResult:       rankIntegrity,
	diag.GraderError:      rankIntegrity,
	diag.NoTests:          rankIntegrity,
	// callnotpass names its code only inside its package; the literal is the
	// one use of an analyzer's code outside the analyzers.
	"call-not-pass":          rankCallNotPass,
	diag.CompileError:        rankCompile,
	diag.LockHeld:            rankCrash,
	diag.StillRunning:        rankCrash,
	diag.Panic:               rankCrash,
	diag.NilMapWrite:         rankCrash,
	diag.NegativeWaitGroup:   rankCrash,
	diag.UnlockOfUnlocked:    rankCrash,
	diag.SendOnClosed:        rankCrash,
	diag.CloseOfClosed:       rankCrash,
	diag.ConcurrentMapWrites: rankCrash,
	diag.DataRace:            rankBlocked,
	diag.Deadlock:            rankBlocked,
	diag.Timeout:             rankBlocked,
	diag.Sequential:          rankTestSet,
	diag.TestFailed:          rankTestFailed,
	diag.NotRun:              rankProgram,
	diag.ProgramFailed:       rankProgram,
	diag.OutputLimit:         rankProgram,
}

func rank(code string) int {
	if r, ok := runtimeRank[diag.Code(code)]; ok {
		return r
	}
	if slices.ContainsFunc(lint.Docs(), func(d diag.Doc) bool { return d.Code == code }) {
		return rankStatic
	}
	return rankTestSet // a code a test set with t.Attr
}

// learnerLines returns, per learner file of u (relative to the course root), the
// lines the learner wrote (see changedLines). It returns nil when the template is
// unknown (a course gilgrade does not ship), and then nothing is filtered.
func (g *grading) learnerLines(u Unit) map[string]map[int]bool {
	tmpls := g.o.Templates
	if tmpls == nil {
		tmpls = g.o.Canonical
	}
	if tmpls == nil {
		return nil
	}
	out := map[string]map[int]bool{}
	for _, f := range u.Exercise.Files {
		tmpl, err := fs.ReadFile(tmpls, path.Join(u.Exercise.Dir, f))
		if err != nil {
			return nil
		}
		local := filepath.Join(u.Dir, f)
		have, err := g.read(local)
		if err != nil {
			return nil
		}
		out[g.rel(local)] = changedLines(tmpl, have)
	}
	return out
}

// changedLines returns the lines of have the learner wrote: the lines its
// blanks' fills cover. When have is not tmpl with its blanks filled (an edit
// outside them, possible without --strict), the fills cannot be told apart, and
// the learner's lines are those whose text the template does not have: a line
// kept from the template draws no advice, as it would not in a filled copy.
func changedLines(tmpl, have []byte) map[int]bool {
	spans, m := blanks.Match(tmpl, have)
	changed := map[int]bool{}
	if m != nil {
		kept := map[string]int{}
		for line := range bytes.Lines(tmpl) {
			kept[string(bytes.TrimSpace(line))]++
		}
		n := 0
		for line := range bytes.Lines(have) {
			n++
			text := string(bytes.TrimSpace(line))
			if kept[text] > 0 {
				kept[text]--
				continue
			}
			changed[n] = true
		}
		return changed
	}
	for _, s := range spans {
		if s.Empty() {
			continue
		}
		for n := s.Line; n <= s.EndLine; n++ {
			changed[n] = true
		}
	}
	return changed
}

// placeSequential gives a line to the sequential diagnoses a test reported
// without one, when the learner's code shows the cause plainly: a Wait called
// inside the loop that starts the goroutines.
func (g *grading) placeSequential(u Unit, ds []diag.Diagnostic) {
	for i := range ds {
		d := &ds[i]
		if !d.Is(diag.Sequential) || d.Line != 0 {
			continue
		}
		for _, f := range u.Exercise.Files {
			name := filepath.Join(u.Dir, f)
			src, err := g.read(name)
			if err != nil {
				continue
			}
			if n := waitInLoop(src); n > 0 {
				d.File, d.Line = g.rel(name), n
				d.Source = strings.TrimSpace(blanks.Line(src, n))
				d.Hint = "this Wait waits for the goroutines started so far before the next one starts: call it once, after every goroutine has been started"
				break
			}
			if n := calledInLoop(src); n > 0 {
				d.File, d.Line = g.rel(name), n
				d.Source = strings.TrimSpace(blanks.Line(src, n))
				d.Hint = "this function literal is called right here, so each call waits for the one before: start it in a goroutine with `go func() { … }()` (or `wg.Go(func() { … })`)"
				break
			}
		}
	}
}

// waitInLoop returns the line of the first `x.Wait()` statement that makes the
// goroutines run one after another: one in the body of a loop (not inside a
// function literal), or one followed in its block by another goroutine's start.
// It returns 0 when there is none.
func waitInLoop(src []byte) int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return 0
	}
	line := 0
	found := func(n ast.Node) {
		if l := fset.Position(n.Pos()).Line; line == 0 || l < line {
			line = l
		}
	}
	inLoop := func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if isWait(n) {
			found(n)
		}
		return true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			ast.Inspect(n.Body, inLoop)
		case *ast.RangeStmt:
			ast.Inspect(n.Body, inLoop)
		case *ast.BlockStmt:
			for i, s := range n.List {
				if isWait(s) && slices.ContainsFunc(n.List[i+1:], startsGoroutine) {
					found(s)
				}
			}
		}
		return true
	})
	return line
}

// calledInLoop returns the line of the first function literal called on the
// spot as a statement in a loop body (`func() { … }()`, where `go` was meant),
// or 0.
func calledInLoop(src []byte) int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return 0
	}
	line := 0
	check := func(body *ast.BlockStmt) {
		for _, st := range body.List {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			if c, ok := es.X.(*ast.CallExpr); ok {
				if _, ok := c.Fun.(*ast.FuncLit); ok && line == 0 {
					line = fset.Position(st.Pos()).Line
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			check(n.Body)
		case *ast.RangeStmt:
			check(n.Body)
		}
		return line == 0
	})
	return line
}

// isWait reports whether n is a statement `x.Wait()`.
func isWait(n ast.Node) bool {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := es.X.(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	s, ok := c.Fun.(*ast.SelectorExpr)
	return ok && s.Sel.Name == "Wait"
}

// startsGoroutine reports whether a statement is a go statement or a call of a
// Go method (wg.Go).
func startsGoroutine(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.GoStmt:
		return true
	case *ast.ExprStmt:
		if c, ok := st.X.(*ast.CallExpr); ok {
			if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Go" {
				return true
			}
		}
	}
	return false
}

// adviceSpan returns the lines a piece of advice at line n speaks of: the
// statement starting there and the one after it (use-wg-go rewrites an Add and
// the go statement that follows it together), or just n.
func adviceSpan(src []byte, n int) (from, to int) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return n, n
	}
	from, to = n, n
	ast.Inspect(f, func(node ast.Node) bool {
		b, ok := node.(*ast.BlockStmt)
		if !ok {
			return true
		}
		for i, s := range b.List {
			if fset.Position(s.Pos()).Line != n {
				continue
			}
			last := s
			if i+1 < len(b.List) {
				last = b.List[i+1]
			}
			to = max(to, fset.Position(last.End()).Line)
		}
		return true
	})
	return from, to
}

// learnersAdvice reports whether the learner wrote every line the advice d
// speaks of, so that they can follow it.
func (g *grading) learnersAdvice(mine map[string]map[int]bool, d diag.Diagnostic) bool {
	lines := mine[d.File]
	if !lines[d.Line] {
		return false
	}
	src, err := g.read(filepath.Join(g.t.Root, filepath.FromSlash(d.File)))
	if err != nil {
		return true
	}
	from, to := adviceSpan(src, d.Line)
	for n := from; n <= to; n++ {
		if !lines[n] {
			return false
		}
	}
	return true
}
