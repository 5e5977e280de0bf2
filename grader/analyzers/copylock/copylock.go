package copylock

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	vet "golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analysisutil"
)

const (
	codeWaitGroup = "wg-by-value"
	codeMutex     = "mutex-by-value"
)

var Analyzer = &analysis.Analyzer{
	Name:             "copylock",
	Doc:              "report a sync.WaitGroup or sync.Mutex copied instead of shared (codes wg-by-value, mutex-by-value)",
	Requires:         vet.Analyzer.Requires,
	RunDespiteErrors: true,
	Run:              run,
}

// run runs vet's copylocks check with its reports captured, then words each
// one for a learner. The check is vet's; only the wording is ours.
func run(pass *analysis.Pass) (any, error) {
	found, err := analysisutil.VetDiagnostics(pass, vet.Analyzer)
	if err != nil {
		return nil, err
	}
	for _, d := range found {
		reword(pass, d)
	}
	return nil, nil
}

// lock is what a reported copy holds.
type lock struct {
	code   string
	name   string // sync.WaitGroup, sync.Mutex or sync.RWMutex
	effect string // what goes wrong because of the copy
}

// lockOf finds the lock a copied value of type t holds: a WaitGroup first,
// then a Once, a Mutex or an RWMutex, in fields and arrays at any depth. It
// reads the type, not vet's message, so vet's wording may change freely.
// Copies of other no-copy types (atomics, sync.Cond) are not among the
// course's mistakes and are dropped.
func lockOf(t types.Type) (lock, bool) {
	held := map[string]bool{}
	syncTypes(t, held, map[types.Type]bool{})
	switch {
	case held["WaitGroup"]:
		return lock{codeWaitGroup, "sync.WaitGroup", "`Done` reaches the copy, so `Wait` on the original waits forever"}, true
	case held["Once"]:
		// A Once holds a Mutex; it is the same mistake with another effect.
		return lock{codeMutex, "sync.Once", "the copy keeps its own record of having run, so the function runs again (or never) on the other one"}, true
	case held["Mutex"]:
		return lock{codeMutex, "sync.Mutex", "each copy locks on its own, so nothing is protected"}, true
	case held["RWMutex"]:
		return lock{codeMutex, "sync.RWMutex", "each copy locks on its own, so nothing is protected"}, true
	}
	return lock{}, false
}

// syncTypes records in held the names of the types of package sync that a
// value of type t holds, not counting those inside the types found (a Once's
// own Mutex) or behind a zero-length array: [0]sync.Mutex is the no-copy
// marker of protobuf messages (protoimpl.MessageState), which vet's copylocks
// follows but which holds no lock, so a copy of such a message (badger's
// pb.Match) neither "locks on its own" nor loses a count.
func syncTypes(t types.Type, held map[string]bool, seen map[types.Type]bool) {
	t = types.Unalias(t)
	if seen[t] {
		return
	}
	seen[t] = true
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "sync" {
		held[named.Obj().Name()] = true
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		if u.Len() > 0 {
			syncTypes(u.Elem(), held, seen)
		}
	case *types.Struct:
		for f := range u.Fields() {
			syncTypes(f.Type(), held, seen)
		}
	}
}

func reword(pass *analysis.Pass, d analysis.Diagnostic) {
	nodes := analysisutil.Enclosing(pass.Files, d.Pos, d.End)
	if len(nodes) == 0 {
		return
	}
	expr, _ := nodes[0].(ast.Expr)
	if expr == nil {
		return
	}
	typ := pass.TypesInfo.TypeOf(expr)
	if typ == nil {
		return
	}
	lk, ok := lockOf(typ)
	if !ok {
		return
	}
	qual := types.RelativeTo(pass.Pkg)
	code := render(pass.Fset, expr)
	// The value to share: &x for x, p for *p.
	ptr := "&" + code
	if star, ok := ast.Unparen(expr).(*ast.StarExpr); ok {
		ptr = render(pass.Fset, star.X)
	}
	what := "a `" + lk.name + "`"
	if t := types.TypeString(typ, qual); t != lk.name {
		what = fmt.Sprintf("a `%s`, which holds a `%s`", t, lk.name)
	}

	var msg, hint string
	switch {
	case param(nodes):
		field, decl := fieldOf(nodes)
		if field == nil {
			return
		}
		param := render(pass.Fset, field)
		if decl != nil && decl.Recv != nil && slices.Contains(decl.Recv.List, field) {
			msg = fmt.Sprintf("the value receiver `(%s)` gives each call of `%s` its own copy of %s: %s",
				param, decl.Name.Name, what, lk.effect)
			hint = fmt.Sprintf("use a pointer receiver: `(%s)`", pointerField(pass.Fset, field))
			break
		}
		msg = fmt.Sprintf("the parameter `%s` receives a copy of %s: %s", param, what, lk.effect)
		hint = fmt.Sprintf("take a pointer, `%s`, and pass the address (`&…`) at the call", pointerField(pass.Fset, field))
	case argument(nodes):
		call := enclosingCall(nodes)
		if call != nil && inspects(pass.TypesInfo, call) {
			return
		}
		callee := "the function"
		if call != nil {
			callee = "`" + render(pass.Fset, call.Fun) + "`"
		}
		msg = fmt.Sprintf("`%s` is passed to %s as a copy of %s: %s", code, callee, what, lk.effect)
		hint = fmt.Sprintf("pass a pointer, `%s`, and make the parameter a pointer type", ptr)
	case rangeVar(nodes):
		msg = fmt.Sprintf("the range variable `%s` is a copy of %s: %s", code, what, lk.effect)
		hint = "range over the indexes and use `&xs[i]`, or keep pointers in the collection"
	case returned(nodes):
		msg = fmt.Sprintf("`return %s` returns a copy of %s: %s", code, what, lk.effect)
		hint = fmt.Sprintf("return a pointer, `%s`, and make the result a pointer type", ptr)
	default:
		msg = fmt.Sprintf("`%s` is copied here, and it is %s: %s", code, what, lk.effect)
		hint = fmt.Sprintf("share one value through a pointer (`%s` or a `*` type) instead of copying it", ptr)
	}
	pass.Report(analysis.Diagnostic{
		Pos:      d.Pos,
		End:      d.End,
		Category: lk.code,
		Message:  msg + "\n" + hint,
	})
}

// fieldOf returns the parameter or receiver field of a type expression
// reported by vet, and the function declaring it, if any.
func fieldOf(path []ast.Node) (*ast.Field, *ast.FuncDecl) {
	var field *ast.Field
	for _, n := range path {
		switch n := n.(type) {
		case *ast.Field:
			if field == nil {
				field = n
			}
		case *ast.FuncDecl:
			return field, n
		case *ast.FuncLit:
			return field, nil
		}
	}
	return field, nil
}

// param reports whether the reported expression is the type of a parameter or
// receiver: vet reports a function that takes a lock by value at its type.
func param(path []ast.Node) bool {
	for i, n := range path[1:] {
		switch n := n.(type) {
		case *ast.Field:
			return n.Type == path[i] && len(path) > i+3 && isFuncType(path[i+3])
		case *ast.ParenExpr, *ast.StarExpr:
			continue
		}
		return false
	}
	return false
}

// isFuncType reports whether n declares a function's parameters or receiver:
// the node above a parameter list.
func isFuncType(n ast.Node) bool {
	switch n.(type) {
	case *ast.FuncType, *ast.FuncDecl:
		return true
	}
	return false
}

// argument reports whether the reported expression is an argument of a call.
func argument(path []ast.Node) bool {
	for i, n := range path[1:] {
		switch n := n.(type) {
		case *ast.ParenExpr:
			continue
		case *ast.CallExpr:
			return slices.Contains(n.Args, path[i].(ast.Expr))
		}
		return false
	}
	return false
}

// rangeVar reports whether the reported expression is the key or value of a
// range statement.
func rangeVar(path []ast.Node) bool {
	if len(path) < 2 {
		return false
	}
	r, ok := path[1].(*ast.RangeStmt)
	return ok && (r.Key == path[0] || r.Value == path[0])
}

// returned reports whether the reported expression is a result of a return
// statement.
func returned(path []ast.Node) bool {
	for _, n := range path[1:] {
		switch n.(type) {
		case *ast.ParenExpr:
			continue
		case *ast.ReturnStmt:
			return true
		}
		return false
	}
	return false
}

// inspects reports whether call is to a function of package reflect
// (reflect.ValueOf(*db), reflect.DeepEqual(a, b)): it reads the copy's fields
// and never locks or runs it, so the copy is harmless. Seen in bbolt's
// tests, where the authors silenced vet's copylocks on the line.
func inspects(info *types.Info, call *ast.CallExpr) bool {
	f, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && f.Pkg() != nil && f.Pkg().Path() == "reflect"
}

func enclosingCall(path []ast.Node) *ast.CallExpr {
	for _, n := range path {
		if call, ok := n.(*ast.CallExpr); ok {
			return call
		}
	}
	return nil
}

// pointerField renders field with its type made a pointer: "wg *sync.WaitGroup".
func pointerField(fset *token.FileSet, field *ast.Field) string {
	ptr := &ast.Field{Names: field.Names, Type: &ast.StarExpr{X: field.Type}}
	return render(fset, ptr)
}

// render quotes n on one line; format.Node cannot print a lone field.
func render(fset *token.FileSet, n ast.Node) string {
	field, ok := n.(*ast.Field)
	if !ok {
		return analysisutil.Render(fset, n)
	}
	var buf bytes.Buffer
	var names []string
	for _, id := range field.Names {
		names = append(names, id.Name)
	}
	err := format.Node(&buf, fset, field.Type)
	if len(names) > 0 {
		return strings.Join(names, ", ") + " " + buf.String()
	}
	if err != nil {
		return "…"
	}
	return strings.Join(strings.Fields(buf.String()), " ")
}
