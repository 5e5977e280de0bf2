package check

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/course"
)

const tmpl = `// Package p is an exercise.
package p

import "sync"

func Squares(n int) []int {
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		___ // count one more goroutine
		___ func() {
			___ // say it is done
			results[i] = i * i
		}()
	}
	___ // wait
	return results
}
`

func fillT(t *testing.T, src string, fills ...string) []byte {
	t.Helper()
	b, err := blanks.Fill([]byte(src), fills)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMatchTemplateAccepts(t *testing.T) {
	solved := string(fillT(t, tmpl, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()"))
	for name, src := range map[string]string{
		"template itself": tmpl,
		"solution":        solved,
		"empty fill":      string(fillT(t, tmpl, "wg.Add(1)", "go", "", "wg.Wait()")),
		"multi-line fill": string(fillT(t, tmpl, "wg.Add(1)\n\t\twg.Add(0)", "go", "defer wg.Done()\n\t\t\tdefer func() {}()", "wg.Wait()")),
		"comments and whitespace": strings.NewReplacer(
			"// count one more goroutine", "/* mine */",
			"\t", "    ",
			"results := make([]int, n)", "results := make( []int , n ) // sized",
		).Replace(solved),
		"semicolons and one-line block": strings.Replace(solved, "results[i] = i * i\n\t\t}()", "results[i] = i * i; }()", 1),
		"crlf":                          strings.ReplaceAll(solved, "\n", "\r\n"),
	} {
		if m := matchTemplate([]byte(tmpl), []byte(src)); m != nil {
			t.Errorf("%s: rejected at line %d (%q): %s", name, m.Line, m.Got, m.message())
		}
	}
}

func TestMatchTemplateRejects(t *testing.T) {
	solved := string(fillT(t, tmpl, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()"))
	for _, tc := range []struct {
		name, src string
		line      int
		directive bool
	}{
		{"edited line", strings.Replace(solved, "i * i", "i + i", 1), 13, false},
		{"init appended", solved + "\nfunc init() { os.Exit(0) }\n", 20, false},
		{"import added", strings.Replace(solved, `import "sync"`, "import (\n\t\"os\"\n\t\"sync\"\n)", 1), 4, false},
		{"build tag", "//go:build ignore\n\n" + solved, 1, true},
		{"old build tag", "// +build ignore\n\n" + solved, 1, true},
		{"line directive", strings.Replace(solved, "\treturn results", "//line other.go:1\n\treturn results", 1), 17, true},
		{"code removed", strings.Replace(solved, "\treturn results\n", "", 1), 17, false},
		{"package renamed", strings.Replace(solved, "package p", "package q", 1), 2, false},
		// A fill that closes the function and opens new declarations.
		{"escaping fill", string(fillT(t, tmpl, "wg.Add(1)", "go", "defer wg.Done()",
			"wg.Wait()\n\treturn results\n}\n\nfunc init() { os.Exit(0) }\n\nfunc g(results []int) []int {")), 20, false},
	} {
		m := matchTemplate([]byte(tmpl), []byte(tc.src))
		if m == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if m.Line != tc.line || m.Directive != tc.directive {
			t.Errorf("%s: mismatch at line %d (directive %v, %q), want line %d (directive %v)", tc.name, m.Line, m.Directive, m.Got, tc.line, tc.directive)
		}
	}
}

// Every fill the course itself knows — solutions and known mistakes — is an
// honest answer and must match its template.
func TestMatchTemplateCourseFills(t *testing.T) {
	fsys := bundle.FS()
	c, err := course.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Exercises {
		var srcs [][]byte
		var counts []int
		for _, f := range e.Files {
			b, err := fs.ReadFile(fsys, path.Join(e.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, b)
			counts = append(counts, len(blanks.Scan(b)))
		}
		fills := [][]string{e.Solution}
		for _, m := range e.Mistakes {
			fills = append(fills, m.AllFills(e.Solution))
		}
		for k, all := range fills {
			rest := all
			for i, src := range srcs {
				filled, err := blanks.Fill(src, rest[:counts[i]])
				rest = rest[counts[i]:]
				if err != nil {
					t.Fatal(err)
				}
				if m := matchTemplate(src, filled); m != nil {
					t.Errorf("%s %s, fills #%d: rejected at line %d: %s", e.ID, e.Files[i], k, m.Line, m.message())
				}
			}
		}
	}
}

func FuzzMatchTemplate(f *testing.F) {
	f.Add([]byte(tmpl), []byte("x"))
	f.Add([]byte("package p\nfunc f() { ___ }\n"), []byte("}{"))
	f.Add([]byte("___ ___"), []byte(""))
	fsys := bundle.FS()
	if c, err := course.LoadFS(fsys); err == nil {
		for _, e := range c.Exercises {
			for _, p := range e.LearnerPaths() {
				if b, err := fs.ReadFile(fsys, p); err == nil {
					f.Add(b, []byte(e.Solution[0]))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, template, learner []byte) {
		matchTemplate(template, learner) // must not panic on anything
		if m := matchTemplate(template, template); m != nil {
			t.Fatalf("a template does not match itself: line %d %q", m.Line, m.Got)
		}
		// Filling every blank with a plain identifier is an honest answer.
		n := len(blanks.Scan(template))
		fills := make([]string, n)
		for i := range fills {
			fills[i] = " x "
		}
		filled, err := blanks.Fill(template, fills)
		if err != nil {
			t.Fatal(err)
		}
		if m := matchTemplate(template, filled); m != nil {
			t.Fatalf("filled template rejected at line %d %q:\n%s", m.Line, m.Got, filled)
		}
	})
}

// TestModNormalize: a go.mod counts as the course's when the go command would
// read the same module from it, whatever its comments, spacing and line endings.
func TestModNormalize(t *testing.T) {
	shipped := modNormalize([]byte("module gilgrade.dev/exercises\n\ngo 1.25\n"))
	for _, same := range []string{
		"// the course\nmodule   gilgrade.dev/exercises // c\n\n\n\tgo 1.25\n\n",
		"module \"gilgrade.dev/exercises\"\r\n\r\ngo 1.25\r\n",
	} {
		if got := modNormalize([]byte(same)); string(got) != string(shipped) {
			t.Errorf("%q normalizes to %q, want %q", same, got, shipped)
		}
	}
	for _, other := range []string{
		"module gilgrade.dev/exercises\n\ngo 1.26\n",
		"module gilgrade.dev/exercises\n\ngo 1.25\n\nreplace example.com/x => ../x\n",
		"module other\n\ngo 1.25\n",
		"module gilgrade.dev/exercises\ngo 1.25\nmodule (((",
	} {
		if got := modNormalize([]byte(other)); string(got) == string(shipped) {
			t.Errorf("%q normalizes to the shipped go.mod", other)
		}
	}
}
