package lostcancel

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	vet "golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const code = "lost-cancel"

var Analyzer = &analysis.Analyzer{
	Name:     "lostcancel",
	Doc:      "report a context cancel function not called on every path (code lost-cancel)",
	Requires: vet.Analyzer.Requires,
	Run:      run,
}

// run runs vet's lostcancel with its reports captured and reports each
// finding once, at the statement that made the context. Which finding is
// which is read from the node it sits on, not from vet's message: a `_` is a
// discarded cancel function, a statement a cancel variable not used on every
// path, followed by the return (or closing brace) that path reaches.
func run(pass *analysis.Pass) (any, error) {
	found, err := analysisutil.VetDiagnostics(pass, vet.Analyzer)
	if err != nil {
		return nil, err
	}
	for i, d := range found {
		switch n := nodeAt(pass, d.Pos, d.End).(type) {
		case *ast.Ident:
			if n.Name != "_" {
				continue
			}
			stmt, fn := making(pass, d.Pos, d.End)
			if stmt == nil {
				continue
			}
			src := analysisutil.Render(pass.Fset, stmt)
			msg := fmt.Sprintf("the `_` in `%s` throws away the cancel function of `context.%s`, so the context stays alive until its parent ends", src, fn)
			hint := fmt.Sprintf("name it and cancel when done: `ctx, cancel := context.%s(…)` then `defer cancel()`", fn)
			report(pass, d, msg, hint)
		case *ast.AssignStmt, *ast.ValueSpec:
			name := cancelName(n)
			if name == "" || calledByClosure(pass, d.Pos, d.End) {
				continue
			}
			where := "a return"
			if i+1 < len(found) {
				switch nodeAt(pass, found[i+1].Pos, found[i+1].End).(type) {
				case *ast.AssignStmt, *ast.ValueSpec, *ast.Ident:
				default:
					where = returnAt(pass, found[i+1].Pos)
				}
			}
			stmt := analysisutil.Render(pass.Fset, n)
			msg := fmt.Sprintf("`%s` makes `%s`, but %s is reached without calling it, so the context stays alive until its parent ends", stmt, name, where)
			hint := fmt.Sprintf("write `defer %s()` on the line after it", name)
			report(pass, d, msg, hint)
		}
	}
	return nil, nil
}

// making returns the statement around a discarded cancel function and the name
// of the context function whose result it assigns (WithCancel, WithTimeout, …).
func making(pass *analysis.Pass, pos, end token.Pos) (stmt ast.Node, fn string) {
	for _, n := range analysisutil.Enclosing(pass.Files, pos, end) {
		var rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			rhs = n.Rhs
		case *ast.ValueSpec:
			rhs = n.Values
		default:
			continue
		}
		if len(rhs) != 1 {
			return nil, ""
		}
		call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
		if !ok {
			return nil, ""
		}
		if f := typeutil.StaticCallee(pass.TypesInfo, call); f != nil {
			return n, f.Name()
		}
		return nil, ""
	}
	return nil, ""
}

// cancelName returns the name of the cancel variable a statement assigns: the
// second of its two names.
func cancelName(n ast.Node) string {
	var second ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == 2 {
			second = n.Lhs[1]
		}
	case *ast.ValueSpec:
		if len(n.Names) == 2 {
			second = n.Names[1]
		}
	}
	if id, ok := second.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// calledByClosure reports whether the cancel variable that the statement at
// [pos, end) assigns is also used in a function literal of the function
// around it: a callback that the code the context goes to calls, and that
// cancels it (client-go's reflector tests cancel from their WatchFunc). vet
// follows the paths from the assignment only, and misses that call.
func calledByClosure(pass *analysis.Pass, pos, end token.Pos) bool {
	var lhs ast.Expr
	var fn ast.Node
	for _, n := range analysisutil.Enclosing(pass.Files, pos, end) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if lhs == nil && len(n.Lhs) == 2 {
				lhs = n.Lhs[1]
			}
		case *ast.ValueSpec:
			if lhs == nil && len(n.Names) == 2 {
				lhs = n.Names[1]
			}
		case *ast.FuncDecl, *ast.FuncLit:
			if fn == nil {
				fn = n
			}
		}
	}
	id, ok := lhs.(*ast.Ident)
	if !ok || fn == nil {
		return false
	}
	v := pass.TypesInfo.ObjectOf(id)
	if v == nil {
		return false
	}
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok || lit == fn || found {
			return !found
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == v {
				found = true
			}
			return !found
		})
		return false
	})
	return found
}

func report(pass *analysis.Pass, d analysis.Diagnostic, msg, hint string) {
	pass.Report(analysis.Diagnostic{
		Pos:      d.Pos,
		End:      d.End,
		Category: code,
		Message:  msg + "\n" + hint,
	})
}

// returnAt describes the return at pos; vet places the end of a function
// that falls off its closing brace on the brace.
func returnAt(pass *analysis.Pass, pos token.Pos) string {
	line := pass.Fset.Position(pos).Line
	if _, ok := nodeAt(pass, pos, pos).(*ast.ReturnStmt); ok {
		return fmt.Sprintf("the `return` on line %d", line)
	}
	return fmt.Sprintf("the end of the function on line %d", line)
}

func nodeAt(pass *analysis.Pass, pos, end token.Pos) ast.Node {
	if path := analysisutil.Enclosing(pass.Files, pos, end); len(path) > 0 {
		return path[0]
	}
	return nil
}
