package blanks

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
	"testing"
)

const exercise = `package p

import "sync"

func Squares(n int) []int {
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		___ // count one more goroutine
		___ func() {
			___ // say it is done
			results[i] = square(i, ___)
		}()
	}
	___ // wait
	return results
}
`

// fill is a blank's fill as a test expects it: its text and lines.
type fill struct {
	text          string
	line, endLine int
}

func TestMatchFills(t *testing.T) {
	for _, tc := range []struct {
		name, tmpl, have string
		want             []fill
	}{
		{"fills in one line", exercise,
			strings.NewReplacer("___ // count", "wg.Add(1) // count", "___ func", "go func", "___ // say", "defer wg.Done() // say", "i, ___)", "i, 2)", "___ // wait", "wg.Wait() // wait").Replace(exercise),
			[]fill{{"wg.Add(1)", 9, 9}, {"go", 10, 10}, {"defer wg.Done()", 11, 11}, {"2", 12, 12}, {"wg.Wait()", 15, 15}}},
		{"fills spanning lines", exercise,
			strings.NewReplacer("___ // count", "wg.Add(1) // count", "___ func", "go func", "___ // say", "defer wg.Done() // say", "i, ___)", "i,\n\t\t\t\t2)", "___ // wait", "wg.Wait()\n\tfor range results {\n\t}").Replace(exercise),
			[]fill{{"wg.Add(1)", 9, 9}, {"go", 10, 10}, {"defer wg.Done()", 11, 11}, {"2", 13, 13}, {"wg.Wait()\n\tfor range results {\n\t}", 16, 18}}},
		{"a blank filled with nothing", exercise,
			strings.NewReplacer("___ // count", "wg.Add(1) // count", "___ func", "go func", "___ // say", "// say", "i, ___)", "i, 2)", "___ // wait", "wg.Wait() // wait").Replace(exercise),
			[]fill{{"wg.Add(1)", 9, 9}, {"go", 10, 10}, {"", 10, 10}, {"2", 12, 12}, {"wg.Wait()", 15, 15}}},
		{"comments added, moved and dropped", exercise,
			strings.NewReplacer("___ // count one more goroutine", "/* mine */ wg.Add( /* one */ 1 )", "___ func", "go func", "___ // say it is done", "defer wg.Done()", "i, ___)", "i, 2) // squared", "___ // wait", "wg.Wait()").Replace(exercise),
			[]fill{{"wg.Add( /* one */ 1 )", 9, 9}, {"go", 10, 10}, {"defer wg.Done()", 11, 11}, {"2", 12, 12}, {"wg.Wait()", 15, 15}}},
		{"left unfilled", exercise, exercise,
			[]fill{{"___", 9, 9}, {"___", 10, 10}, {"___", 11, 11}, {"___", 12, 12}, {"___", 15, 15}}},
		{"a file that does not parse", "package p\nfunc f( {\n\tx := ___\n\t)))\n",
			"package p\nfunc f( {\n\tx := [](\n\t3\n\t)\n\t)))\n", []fill{{"[](\n\t3\n\t)", 3, 5}}},
		// Adjacent blanks share one fill: at the template's comments between
		// them, else after a statement, else the first gets nothing.
		{"adjacent blanks, comments kept", "package p\nfunc f() {\n\t___ // one\n\t___ // two\n}\n",
			"package p\nfunc f() {\n\ta(); b() // one\n\tc() // two\n}\n", []fill{{"a(); b()", 3, 3}, {"c()", 4, 4}}},
		{"adjacent blanks, comments dropped", "package p\nfunc f() {\n\t___ // one\n\t___ // two\n}\n",
			"package p\nfunc f() {\n\tfor i := 0; i < 3; i++ {\n\t\ta(); b()\n\t}\n\tc()\n}\n", []fill{{"for i := 0; i < 3; i++ {\n\t\ta(); b()\n\t}", 3, 5}, {"c()", 6, 6}}},
		{"adjacent blanks, one statement", "package p\nfunc f() {\n\tfor {\n\t\t___\n\t\t___ func() {}()\n\t}\n}\n",
			"package p\nfunc f() {\n\tfor {\n\t\tgo func() {}()\n\t}\n}\n", []fill{{"", 3, 3}, {"go", 4, 4}}},
		{"template text inside a fill: the earliest place", "package p\nvar _ = a(___, b, ___)\n",
			"package p\nvar _ = a(x, b, y, b, z)\n", []fill{{"x", 2, 2}, {"y, b, z", 2, 2}}},
		// The first fill cannot end at the first "(a,": the second's would then
		// have to leave the parentheses it is in.
		{"the depth decides", "package p\nvar _ = f(___(a, ___), y)\n",
			"package p\nvar _ = f(g(a, 1)(a, 2), y)\n", []fill{{"g(a, 1)", 2, 2}, {"2", 2, 2}}},
		{"crlf and a raw string", "package p\r\nvar _ = ___\r\n",
			"package p\r\nvar _ = `a\r\nb`\r\n", []fill{{"`a\r\nb`", 2, 3}}},
		{"no blank", "package p\n", "// the package\npackage p\n", []fill{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans, m := Match([]byte(tc.tmpl), []byte(tc.have))
			if m != nil {
				t.Fatalf("rejected at line %d (%q, want %q)", m.Line, m.Got, m.Want)
			}
			got := make([]fill, len(spans))
			for i, s := range spans {
				got[i] = fill{s.Text, s.Line, s.EndLine}
				if s.Text != tc.have[s.Start:s.End] || s.Empty() != (s.Text == "") {
					t.Errorf("span %d: text %q, but the file holds %q from %d to %d", i, s.Text, tc.have[s.Start:s.End], s.Start, s.End)
				}
			}
			if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", tc.want) {
				t.Errorf("fills\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestMatchMismatch(t *testing.T) {
	solved := strings.NewReplacer("___ // count", "wg.Add(1) // count", "___ func", "go func", "___ // say", "defer wg.Done() // say", "i, ___)", "i, 2)", "___ // wait", "wg.Wait() // wait").Replace(exercise)
	for _, tc := range []struct {
		name, have string
		want       Mismatch
	}{
		{"an edited line", strings.Replace(solved, "results[i] =", "results[0] =", 1),
			Mismatch{Line: 12, Col: 12, Got: "0", Want: "results[i] = square(i, ___)"}},
		{"code appended", solved + "func init() {}\n",
			Mismatch{Line: 18, Col: 1, Got: "func"}},
		{"code removed", strings.Replace(solved, "\treturn results\n", "", 1),
			Mismatch{Line: 16, Col: 1, Got: "}", Want: "return results"}},
		{"the end cut off", solved[:strings.Index(solved, "\tfor")],
			Mismatch{Line: 8, Want: "var wg sync.WaitGroup"}},
		{"a build constraint added", "//go:build ignore\n\n" + solved,
			Mismatch{Line: 1, Col: 1, Got: "//go:build ignore", Directive: true}},
		{"a fill closing its function", strings.Replace(solved, "wg.Wait() // wait", "wg.Wait()\n\treturn nil\n}\n\nfunc g(results []int) []int {", 1),
			Mismatch{Line: 16, Col: 9, Got: "nil", Want: "return results"}},
		{"a file that does not parse", strings.Replace(solved, "func Squares(n int) []int {", "func Squares(n int []int {", 1),
			Mismatch{Line: 5, Col: 20, Got: "[", Want: "func Squares(n int) []int {"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans, m := Match([]byte(exercise), []byte(tc.have))
			if m == nil {
				t.Fatalf("accepted, with fills %+v", spans)
			}
			if *m != tc.want {
				t.Errorf("mismatch %+v, want %+v", *m, tc.want)
			}
		})
	}
}

// FuzzMatch fills random templates and reads the fills back. Inputs stay short
// so that a failure minimises quickly.
func FuzzMatch(f *testing.F) {
	f.Add("package p\nfunc f() {\n\t___ // one\n\t___\n}\n", "a()", "b(\n)")
	f.Add("x(___ + (a + ___) + y)", "(a", ")")
	f.Add("a ___ b ___ c", "b", "")
	f.Add("___ ___", "x; y", "{")
	f.Add("//go:build x\n___ /* c */ `r` ___", "/* c */", "'\\''")
	f.Fuzz(func(t *testing.T, tmpl, a, b string) {
		if len(tmpl) > 200 || len(a) > 40 || len(b) > 40 {
			return
		}
		Match([]byte(tmpl), []byte(a+tmpl+b)) // must not panic on anything
		n := len(Scan([]byte(tmpl)))
		fills := make([]string, n)
		for i := range fills {
			fills[i] = []string{a, b}[i%2]
		}
		have, err := Fill([]byte(tmpl), fills)
		if err != nil {
			t.Fatal(err)
		}
		spans, m := Match([]byte(tmpl), have)
		if m != nil {
			return // a fill may unbalance brackets or end a comment
		}
		if len(spans) != n {
			t.Fatalf("%d spans for %d blanks", len(spans), n)
		}
		texts := make([]string, n)
		end := 0
		for i, s := range spans {
			if s.Start < end || s.End < s.Start || s.End > len(have) || s.Text != string(have[s.Start:s.End]) ||
				s.Line > s.EndLine || s.Line < 1 || s.EndLine > bytes.Count(have, []byte("\n"))+1 {
				t.Fatalf("span %d is not in order in the file: %+v (file %q)", i, s, have)
			}
			// Spaced, as a fill read back has no white space around it and
			// could otherwise run into the template's text.
			end, texts[i] = s.End, " "+s.Text+" "
		}
		// What was read back fills the template into a file that matches too,
		// unless a token is broken (an unterminated string ends at the line
		// end, which the fill does not hold).
		if scanErrors(have) > 0 {
			return
		}
		again, err := Fill([]byte(tmpl), texts)
		if err != nil {
			t.Fatal(err)
		}
		if _, m := Match([]byte(tmpl), again); m != nil {
			t.Fatalf("the fills read back %q do not match: line %d %q\n%s", texts, m.Line, m.Got, again)
		}
	})
}

func scanErrors(src []byte) int {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, scanner.ScanComments)
	for {
		if _, t, _ := s.Scan(); t == token.EOF {
			return s.ErrorCount
		}
	}
}

// bigPair returns a template and its filled copy of about 4000 lines each, the
// most a learner's file held when the learner's lines were found with a table
// of the two files' lines.
func bigPair(tb testing.TB) (tmpl, have []byte) {
	solved, err := Fill([]byte(exercise), []string{"wg.Add(1)", "go", "defer wg.Done()", "2", "wg.Wait()"})
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Count(exercise, "\n")
	var t, h bytes.Buffer
	for n := 0; n+lines <= 4000; n += lines {
		t.WriteString(exercise)
		h.Write(solved)
	}
	return t.Bytes(), h.Bytes()
}

func BenchmarkMatch4000(b *testing.B) {
	tmpl, have := bigPair(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(have)))
	for b.Loop() {
		if spans, m := Match(tmpl, have); m != nil || len(spans) == 0 {
			b.Fatal("the filled file does not match")
		}
	}
}
