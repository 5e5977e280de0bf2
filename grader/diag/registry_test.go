package diag_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	// check registers the analyzers' codes (from lint) beside diag's own, as
	// the gilgrade binary sees them.
	_ "github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/diag"
)

func TestDocs(t *testing.T) {
	docs := diag.Docs()
	if len(docs) < 30 {
		t.Fatalf("%d codes registered; diag's own and the analyzers' are missing", len(docs))
	}
	for _, d := range docs {
		if d.Title == "" || d.Body == "" || d.Severity == "" {
			t.Errorf("%s: incomplete doc", d.Code)
		}
		if d.Title != strings.ToLower(d.Title[:1])+d.Title[1:] || strings.HasSuffix(d.Title, ".") {
			t.Errorf("%s: title %q must be lowercase with no final period", d.Code, d.Title)
		}
		if strings.Contains(d.Body, "WRONG") != strings.Contains(d.Body, "RIGHT") {
			t.Errorf("%s: WRONG without RIGHT or the reverse", d.Code)
		}
		if got := diag.Code(d.Code).Doc(); got != d {
			t.Errorf("%s: Code.Doc does not find its entry", d.Code)
		}
	}
}

func TestRegister(t *testing.T) {
	d, ok := diag.Lookup(string(diag.Sequential))
	if !ok || d.Hint == "" {
		t.Fatalf("sequential: registered %v, hint %q", ok, d.Hint)
	}
	diag.Register(d) // the same Doc again is harmless
	for name, bad := range map[string]diag.Doc{
		"a different doc": {Code: d.Code, Severity: d.Severity, Title: "another title"},
		"an invalid code": {Code: "Not A Code", Severity: diag.Error, Title: "x"},
		"no severity":     {Code: "no-severity-code", Title: "x"},
		"no title":        {Code: "no-title-code", Severity: diag.Error},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register accepted %s", name)
				}
			}()
			diag.Register(bad)
		}()
	}
	if got := diag.Code("never-registered").New(); got.Severity != diag.Error || got.Code != "never-registered" {
		t.Errorf("an unregistered code gives %+v, want an error of that code", got)
	}
}

// A use is a code written where a diagnosis code goes.
type use struct {
	code string
	pos  string // file:line, relative to the repository
}

// repoRoot is the repository, two directories up from grader/diag.
const repoRoot = "../.."

// registryOf names the registry a file belongs to: diag's own table, or lint's,
// which registers the analyzers' codes from their packages. Elsewhere it is "".
func registryOf(rel string) string {
	switch {
	case strings.HasPrefix(rel, "grader/diag/"):
		return "diag"
	case strings.HasPrefix(rel, "grader/lint/"), strings.HasPrefix(rel, "grader/analyzers/"):
		return "lint"
	}
	return ""
}

// codeUses finds, in the repository's Go files outside tests and testdata,
// every string literal written where a diagnosis code goes:
//
//   - the Code or Category of a composite literal (diag.Diagnostic, diag.Doc,
//     analysis.Diagnostic);
//   - a comparison with a .Code field, a diag.Code(...) conversion, a key of a
//     map[diag.Code] literal, a constant of type diag.Code;
//   - an analyzer's code constant (named code or codeX);
//
// and, in the exercises' tests, every code they set with
// t.Attr("gilgrade.code", ...).
func codeUses(t *testing.T) []use {
	t.Helper()
	var uses []use
	fset := token.NewFileSet()
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != repoRoot {
				return filepath.SkipDir
			}
			return nil
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, repoRoot+string(filepath.Separator)))
		exerciseTest := strings.HasPrefix(rel, "exercises/") && strings.HasSuffix(rel, "_test.go")
		producer := (strings.HasPrefix(rel, "grader/") || strings.HasPrefix(rel, "cmd/")) && !strings.HasSuffix(rel, "_test.go")
		if !strings.HasSuffix(rel, ".go") || !producer && !exerciseTest {
			return nil // exercise files hold blanks, which do not parse
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		add := func(e ast.Expr) {
			lit, ok := ast.Unparen(e).(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			uses = append(uses, use{s, rel + ":" + strconv.Itoa(fset.Position(lit.Pos()).Line)})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "Code" || id.Name == "Category") {
					add(n.Value)
				}
			case *ast.BinaryExpr:
				if n.Op == token.EQL || n.Op == token.NEQ {
					if isCodeField(n.X) {
						add(n.Y)
					}
					if isCodeField(n.Y) {
						add(n.X)
					}
				}
			case *ast.CallExpr:
				if isDiagCode(n.Fun) && len(n.Args) == 1 {
					add(n.Args[0])
				}
				if sel, ok := n.Fun.(*ast.SelectorExpr); exerciseTest && ok && sel.Sel.Name == "Attr" && len(n.Args) == 2 {
					if k, ok := n.Args[0].(*ast.BasicLit); ok && k.Value == `"gilgrade.code"` {
						add(n.Args[1])
					}
				}
			case *ast.CompositeLit:
				if m, ok := n.Type.(*ast.MapType); ok && isDiagCode(m.Key) {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							add(kv.Key)
						}
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if i >= len(n.Values) {
						break
					}
					analyzerConst := strings.HasPrefix(rel, "grader/analyzers/") &&
						(name.Name == "code" || strings.HasPrefix(name.Name, "code") && len(name.Name) > 4 && name.Name[4] >= 'A' && name.Name[4] <= 'Z')
					if analyzerConst || n.Type != nil && (isDiagCode(n.Type) || rel == "grader/diag/codes.go" && isIdent(n.Type, "Code")) {
						add(n.Values[i])
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return uses
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// isDiagCode reports whether e names the type diag.Code.
func isDiagCode(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Code" && isIdent(sel.X, "diag")
}

// isCodeField reports whether e reads a field named Code (d.Code, ds[0].Code).
func isCodeField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Code"
}

// TestCodesRegistered fails when a code is written anywhere a diagnosis code
// goes (a producer, a report, an exercise's t.Attr) but is not registered, so
// `gilgrade explain` and the reports cannot explain it.
func TestCodesRegistered(t *testing.T) {
	uses := codeUses(t)
	if len(uses) < 40 {
		t.Fatalf("found %d uses of codes; the scan is missing them", len(uses))
	}
	attr := false
	for _, u := range uses {
		if strings.HasPrefix(u.pos, "exercises/") {
			attr = true
		}
		if _, ok := diag.Lookup(u.code); !ok {
			t.Errorf("%s: code %q is used but not registered: add it to grader/diag/codes.go (or, for an analyzer, to what lint registers)", u.pos, u.code)
		}
	}
	if !attr {
		t.Error("no code set by an exercise's t.Attr was found; the scan of exercises/ is broken")
	}
}

// outsideRegistry lists the code literals that may be written outside their
// registry, each with the reason.
var outsideRegistry = map[string]string{
	// The analyzer keeps its code unexported; headline ranks its finding above
	// the compile error it explains.
	"grader/check/headline.go call-not-pass": "callnotpass does not export its code",
}

// TestOneRegistry checks that each code's literal is written in exactly one
// registry (diag's table, or lint's with the analyzers) and, as a code, nowhere
// else: every other place names the registry's constant.
func TestOneRegistry(t *testing.T) {
	registries := map[string]map[string]bool{} // code -> registries holding it
	for _, u := range codeUses(t) {
		file, _, _ := strings.Cut(u.pos, ":")
		reg := registryOf(file)
		if reg == "" {
			if _, ok := outsideRegistry[file+" "+u.code]; !ok && !strings.HasPrefix(file, "exercises/") {
				t.Errorf("%s: code %q written as a literal; use its constant from grader/diag", u.pos, u.code)
			}
			continue
		}
		if registries[u.code] == nil {
			registries[u.code] = map[string]bool{}
		}
		registries[u.code][reg] = true
	}
	for _, d := range diag.Docs() {
		var in []string
		for r := range registries[d.Code] {
			in = append(in, r)
		}
		slices.Sort(in)
		if len(in) != 1 {
			t.Errorf("code %q is written in %d registries %v, want exactly one", d.Code, len(in), in)
		}
	}
}
