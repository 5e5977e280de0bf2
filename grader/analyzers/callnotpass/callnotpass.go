package callnotpass

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const code = "call-not-pass"

var Analyzer = &analysis.Analyzer{
	Name:     "callnotpass",
	Doc:      "report a function called where it should have been passed (code call-not-pass)",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	// The mistakes this analyzer explains never type-check.
	RunDespiteErrors: true,
	Run:              run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	filter := []ast.Node{(*ast.CallExpr)(nil), (*ast.BadStmt)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			checkArgs(pass, n)
		case *ast.BadStmt:
			if len(stack) >= 2 {
				checkBadStmt(pass, n, stack[len(stack)-2])
			}
		}
		return true
	})
	return nil, nil
}

// checkArgs reports arguments that are calls given to parameters of function
// type, such as wg.Go(download(u)), when the call's result is not a function
// of that type. Code that type-checks never reaches a report.
func checkArgs(pass *analysis.Pass, call *ast.CallExpr) {
	sig, ok := typeOf(pass, call.Fun).(*types.Signature)
	if !ok {
		return
	}
	for i, arg := range call.Args {
		inner, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			continue
		}
		param := paramType(sig, i, call.Ellipsis.IsValid())
		if param == nil {
			continue
		}
		want, ok := param.Underlying().(*types.Signature)
		if !ok {
			continue
		}
		// The callee must be known, or a typo (undefined: downlaod) would be
		// explained as a call that should have been passed.
		innerSig, ok := typeOf(pass, inner.Fun).(*types.Signature)
		if !ok {
			continue
		}
		res := innerSig.Results()
		if res.Len() == 1 && types.AssignableTo(res.At(0).Type(), param) {
			continue // a call returning the function to run: makeWorker(i)
		}
		report(pass, call, inner, param, want, innerSig)
	}
}

func report(pass *analysis.Pass, outer, inner *ast.CallExpr, param types.Type, want, innerSig *types.Signature) {
	qual := types.RelativeTo(pass.Pkg)
	callee := analysisutil.Render(pass.Fset, outer.Fun)
	what := analysisutil.Render(pass.Fset, inner)

	var result string
	switch res := innerSig.Results(); res.Len() {
	case 0:
		result = "its result (it has none)"
	case 1:
		result = fmt.Sprintf("its `%s` result", types.TypeString(res.At(0).Type(), qual))
	default:
		result = "its results"
	}
	msg := fmt.Sprintf("`%s` runs right now, in this goroutine, and gives `%s` %s instead of a function to run later",
		what, callee, result)

	var hint string
	switch {
	case len(inner.Args) == 0 && types.AssignableTo(innerSig, param):
		hint = fmt.Sprintf("pass the function without calling it: `%s(%s)`", callee, analysisutil.Render(pass.Fset, inner.Fun))
	case want.Params().Len() == 0 && want.Results().Len() == 0:
		hint = fmt.Sprintf("pass a function that makes the call: `%s(func() { %s })`", callee, what)
	default:
		hint = fmt.Sprintf("pass a function of type `%s` that makes the call `%s`, not the call's result",
			types.TypeString(param, qual), what)
	}
	pass.Report(analysis.Diagnostic{
		Pos:      inner.Pos(),
		End:      inner.End(),
		Category: code,
		Message:  msg + "\n" + hint,
	})
}

// checkBadStmt explains `go f` and `go func() {…}` without a call. The parser
// drops the expression and leaves a BadStmt covering only the keyword, so the
// expression is read back from the source between the keyword and the next
// statement.
func checkBadStmt(pass *analysis.Pass, bad *ast.BadStmt, parent ast.Node) {
	tf := pass.Fset.File(bad.From)
	if tf == nil {
		return
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return // the file changed since it was parsed
	}
	off := func(p token.Pos) int { return tf.Offset(p) }
	keyword := string(src[off(bad.From):off(bad.To)])
	if keyword != "go" && keyword != "defer" {
		return
	}
	end := stmtListEnd(parent, bad)
	if !end.IsValid() || off(end) <= off(bad.To) {
		return
	}
	expr, err := parser.ParseExpr(strings.TrimSpace(string(src[off(bad.To):off(end)])))
	if err != nil {
		return
	}
	var msg, hint string
	switch x := ast.Unparen(expr).(type) {
	case *ast.FuncLit:
		lit := fmt.Sprintf("%s %s { … }", keyword, analysisutil.Render(pass.Fset, x.Type))
		msg = fmt.Sprintf("`%s` has no `()` after the closing brace, so it defines the function but gives `%s` no call to run", lit, keyword)
		hint = fmt.Sprintf("add `()` after the closing brace: `%s()`", lit)
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr:
		what := analysisutil.Render(token.NewFileSet(), x)
		msg = fmt.Sprintf("`%s %s` names the function but does not call it, so `%s` has nothing to run", keyword, what, keyword)
		hint = fmt.Sprintf("call it with its arguments: `%s %s(…)`", keyword, what)
	default:
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos:      bad.From,
		End:      bad.To,
		Category: code,
		Message:  msg + "\n" + hint,
	})
}

// stmtListEnd returns where the statement after s begins in parent, or the end
// of parent's statement list when s is the last one.
func stmtListEnd(parent ast.Node, s ast.Stmt) token.Pos {
	var list []ast.Stmt
	var end token.Pos
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list, end = p.List, p.Rbrace
	case *ast.CaseClause:
		list, end = p.Body, p.End()
	case *ast.CommClause:
		list, end = p.Body, p.End()
	default:
		return token.NoPos
	}
	for i, st := range list {
		if st == s && i+1 < len(list) {
			return list[i+1].Pos()
		}
	}
	return end
}

// paramType returns the type of the i'th parameter of sig as seen by the
// i'th argument of a call.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	params := sig.Params()
	n := params.Len()
	switch {
	case n == 0:
		return nil
	case sig.Variadic() && i >= n-1:
		t := params.At(n - 1).Type()
		if ellipsis {
			return t
		}
		if s, ok := t.(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	case i < n:
		return params.At(i).Type()
	}
	return nil
}

func typeOf(pass *analysis.Pass, e ast.Expr) types.Type {
	if pass.TypesInfo == nil {
		return nil
	}
	if tv, ok := pass.TypesInfo.Types[e]; ok && tv.Type != nil {
		return tv.Type
	}
	return nil
}
