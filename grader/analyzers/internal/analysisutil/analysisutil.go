// Package analysisutil holds what several of gilgrade's analyzers need in the
// same form: their Doc read from doc.go, code rendered for a message, vet's
// diagnostics captured for rewording, the syntax trees around a position, how
// a goroutine is started, and which calls and types belong to package sync.
// What only one analyzer needs stays in that analyzer.
package analysisutil

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// Doc returns the "# Analyzer name" section of the package comment in the
// doc.go source src, without the "name: " prefix of its title line. It panics
// when there is none: an analyzer without a Doc is a build mistake.
func Doc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil || f.Doc == nil {
		panic("analyzer " + name + ": doc.go has no package comment")
	}
	_, section, ok := strings.Cut(f.Doc.Text(), "# Analyzer "+name+"\n\n"+name+": ")
	if !ok {
		panic("analyzer " + name + ": doc.go has no \"# Analyzer " + name + "\" section")
	}
	section, _, _ = strings.Cut(section, "\n# ")
	return strings.TrimSpace(section)
}

// Render prints n as gofmt would, on one line, for quoting in a message; "…"
// when n is nil or cannot be printed.
func Render(fset *token.FileSet, n ast.Node) string {
	if n == nil {
		return "…"
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, n); err != nil {
		return "…"
	}
	return strings.Join(strings.Fields(buf.String()), " ")
}

// VetDiagnostics runs vet's analyzer a on pass with its reports captured
// instead of reported, for an analyzer that rewords them for learners. a must
// require only what the calling analyzer requires.
func VetDiagnostics(pass *analysis.Pass, a *analysis.Analyzer) ([]analysis.Diagnostic, error) {
	var found []analysis.Diagnostic
	inner := *pass
	inner.Analyzer = a
	inner.Report = func(d analysis.Diagnostic) {
		if !nolint(pass, d.Pos, a.Name) {
			found = append(found, d)
		}
	}
	_, err := a.Run(&inner)
	return found, err
}

// nolint reports whether a golangci-lint directive silences vet's pass name
// at pos: `//nolint`, `//nolint:govet` (or all, or the pass's name) at the
// end of pos's line or on a line of its own just before it. The author has
// read vet's complaint there and answered it (bbolt's tests hand a copy of a
// DB to reflect.ValueOf; client-go's drop a cancel on purpose).
func nolint(pass *analysis.Pass, pos token.Pos, name string) bool {
	var file *ast.File
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			file = f
		}
	}
	if file == nil {
		return false
	}
	line := pass.Fset.Position(pos).Line
	for _, g := range file.Comments {
		for _, c := range g.List {
			p := pass.Fset.Position(c.Slash)
			if p.Line != line && (p.Line != line-1 || !aloneOnLine(pass, c)) {
				continue
			}
			text, ok := strings.CutPrefix(c.Text, "//nolint")
			if !ok {
				continue
			}
			list, _, _ := strings.Cut(text, " ")
			if list == "" {
				return true // all linters
			}
			linters, ok := strings.CutPrefix(list, ":")
			if !ok {
				continue
			}
			for _, l := range strings.Split(linters, ",") {
				if l == "govet" || l == "vet" || l == "all" || l == name {
					return true
				}
			}
		}
	}
	return false
}

// aloneOnLine reports whether only white space comes before comment c on its
// line.
func aloneOnLine(pass *analysis.Pass, c *ast.Comment) bool {
	tf := pass.Fset.File(c.Slash)
	if tf == nil {
		return false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return false
	}
	start := tf.Offset(tf.LineStart(tf.Line(c.Slash)))
	end := tf.Offset(c.Slash)
	return start <= end && end <= len(src) && strings.TrimSpace(string(src[start:end])) == ""
}

// Enclosing returns the nodes of the pass's files that enclose [pos, end),
// innermost first (see astutil.PathEnclosingInterval); an invalid end stands
// for pos.
func Enclosing(files []*ast.File, pos, end token.Pos) []ast.Node {
	if !end.IsValid() {
		end = pos
	}
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if path, _ := astutil.PathEnclosingInterval(f, pos, end); len(path) > 0 {
				return path
			}
		}
	}
	return nil
}

// Within reports whether pos lies inside n.
func Within(pos token.Pos, n ast.Node) bool {
	return n.Pos() <= pos && pos < n.End()
}

// Stmts returns the statement list of a block, a case clause or a select
// clause, and false for other nodes.
func Stmts(n ast.Node) ([]ast.Stmt, bool) {
	switch b := n.(type) {
	case *ast.BlockStmt:
		return b.List, true
	case *ast.CaseClause:
		return b.Body, true
	case *ast.CommClause:
		return b.Body, true
	}
	return nil, false
}

// EnclosingLoop returns the innermost for or range statement around the last
// node of stack, not looking past a function literal.
func EnclosingLoop(stack []ast.Node) ast.Node {
	for i := len(stack) - 2; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		case *ast.FuncLit:
			return nil
		}
	}
	return nil
}

// Unref returns e without parentheses and without leading & and *, so that
// wg, &wg and (*wg) name the same variable.
func Unref(e ast.Expr) ast.Expr {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = x.X
				continue
			}
		case *ast.StarExpr:
			e = x.X
			continue
		}
		return ast.Unparen(e)
	}
}

// IsBuiltin reports whether call calls the builtin function name.
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// GoroutineLit returns the function literal that n starts in a new
// goroutine: go func(){…}(), wg.Go(func(){…}) or errgroup's
// g.Go(func() error {…}); and for a Go method, its receiver.
func GoroutineLit(info *types.Info, n ast.Node) (*ast.FuncLit, ast.Expr) {
	switch n := n.(type) {
	case *ast.GoStmt:
		lit, _ := ast.Unparen(n.Call.Fun).(*ast.FuncLit)
		return lit, nil
	case *ast.CallExpr:
		if len(n.Args) != 1 {
			return nil, nil
		}
		lit, ok := ast.Unparen(n.Args[0]).(*ast.FuncLit)
		if !ok {
			return nil, nil
		}
		f, ok := typeutil.Callee(info, n).(*types.Func)
		if !ok || f.Name() != "Go" || f.Pkg() == nil || f.Signature().Recv() == nil {
			return nil, nil
		}
		if p := f.Pkg().Path(); p == "sync" || p == "golang.org/x/sync/errgroup" {
			return lit, ast.Unparen(n.Fun).(*ast.SelectorExpr).X
		}
	}
	return nil, nil
}

// SyncMethod returns, for a call x.M(…) of a method of a type of package
// sync, the type's name (WaitGroup, Mutex, RWMutex…), the method's name and
// x; or "", "", nil.
func SyncMethod(info *types.Info, call *ast.CallExpr) (typ, method string, recv ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", "", nil
	}
	f, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || f.Pkg() == nil || f.Pkg().Path() != "sync" {
		return "", "", nil
	}
	r := f.Signature().Recv()
	if r == nil {
		return "", "", nil
	}
	t := r.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok {
		return "", "", nil
	}
	return named.Obj().Name(), f.Name(), sel.X
}

// WaitGroupMethod returns the name of the sync.WaitGroup method that call
// calls and the WaitGroup expression, or "" and nil.
func WaitGroupMethod(info *types.Info, call *ast.CallExpr) (string, ast.Expr) {
	if typ, method, recv := SyncMethod(info, call); typ == "WaitGroup" {
		return method, recv
	}
	return "", nil
}

// Decrements reports whether a WaitGroup.Add call takes away from the
// counter, as wg.Add(-1) and wg.Add(-n) do: it is a Done, not an Add.
func Decrements(info *types.Info, add *ast.CallExpr) bool {
	if len(add.Args) != 1 {
		return false
	}
	if tv, ok := info.Types[add.Args[0]]; ok && tv.Value != nil {
		return constant.Sign(tv.Value) < 0
	}
	u, ok := ast.Unparen(add.Args[0]).(*ast.UnaryExpr)
	return ok && u.Op == token.SUB
}

// IsWaitGroup reports whether t is sync.WaitGroup or a pointer to it.
func IsWaitGroup(t types.Type) bool {
	return isSync(t, "WaitGroup")
}

// IsMutex reports whether t is sync.Mutex or sync.RWMutex, or a pointer to
// one.
func IsMutex(t types.Type) bool {
	return isSync(t, "Mutex") || isSync(t, "RWMutex")
}

func isSync(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" && named.Obj().Name() == name
}
