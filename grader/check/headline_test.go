package check

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
)

func TestOrderLeadsWithTheCause(t *testing.T) {
	const file = "exercises/ex01/a.go"
	for _, c := range []struct {
		name  string
		codes []string // in the order of their lines
		want  string
	}{
		{"analyzer over the symptom", []string{"test-failed", "deadlock", "read-before-wait"}, "read-before-wait"},
		{"call-not-pass over the compiler", []string{"compile-error", "call-not-pass"}, "call-not-pass"},
		{"panic over a race", []string{"data-race", "negative-waitgroup"}, "negative-waitgroup"},
		{"the run over a test's complaint", []string{"test-failed", "lock-held-across-call"}, "lock-held-across-call"},
		{"a test's code over test-failed", []string{"test-failed", "sequential"}, "sequential"},
		{"a blank over everything", []string{"wg-add-in-goroutine", "unfilled"}, "unfilled"},
		{"advice never leads", []string{"use-wg-go", "test-failed"}, "test-failed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ex := &report.Exercise{Files: []string{file}}
			for i, code := range c.codes {
				sev := diag.Error
				if code == "use-wg-go" {
					sev = diag.Warning
				}
				ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: code, Severity: sev, File: file, Line: i + 1})
			}
			order(ex)
			if h, _ := Headline(ex); h.Code != c.want {
				t.Errorf("headline %s, want %s", h.Code, c.want)
			}
			if len(ex.Diagnostics) != len(c.codes) {
				t.Errorf("order lost diagnoses")
			}
		})
	}
}

func TestOrderPrefersTheLearnersLine(t *testing.T) {
	ex := &report.Exercise{Files: []string{"ex/a.go"}, Diagnostics: []diag.Diagnostic{
		{Code: "deadlock", Severity: diag.Error, File: "ex/helper.go", Line: 3},
		{Code: "deadlock", Severity: diag.Error, File: "ex/a.go", Line: 9},
	}}
	order(ex)
	if h, _ := Headline(ex); h.File != "ex/a.go" {
		t.Errorf("headline at %s:%d, want the learner's file", h.File, h.Line)
	}
}

func TestChangedLines(t *testing.T) {
	tmpl := "package p\n\nfunc F() {\n\tfor range 3 {\n\t\t___ // count it\n\t\t___ func() {\n\t\t\twork()\n\t\t}()\n\t}\n\t___\n}\n"
	lines := func(tmpl, have string) string {
		var ns []int
		for n := range changedLines([]byte(tmpl), []byte(have)) {
			ns = append(ns, n)
		}
		slices.Sort(ns)
		return fmt.Sprint(ns)
	}
	// 5 and 6 fill blanks, 11 and 12 fill the last one; 10 is an empty line.
	have := "package p\n\nfunc F() {\n\tfor range 3 {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\twork()\n\t\t}()\n\t}\n\n\twg.Wait()\n\tlog.Print(1)\n}\n"
	if got, want := lines(tmpl, have), "[5 6 11 12]"; got != want {
		t.Errorf("changed lines %v, want %v", got, want)
	}
	// A fill that spans lines covers them all; an empty fill covers none.
	have = "package p\n\nfunc F() {\n\tfor range 3 {\n\t\twg.Go(func() {\n\t\t\twork()\n\t\t})\n\t\tfunc() {\n\t\t\twork()\n\t\t}()\n\t}\n}\n"
	if got, want := lines(tmpl, have), "[5 6 7]"; got != want {
		t.Errorf("changed lines %v, want %v", got, want)
	}
	// An edit outside the blanks: the learner's lines are those the template
	// does not have. 6 is the template's work() (10 is a second one, which it
	// has once); 12 and 13 close the loop and the function as it does.
	have = strings.Replace(have, "\t\t})\n\t\tfunc", "\t\t})\n\t\tlog.Print(2)\n\t\tfunc", 1)
	have = strings.Replace(have, "}()", "}(1)", 1)
	if got, want := lines(tmpl, have), "[5 7 8 9 10 11]"; got != want {
		t.Errorf("changed lines %v, want %v", got, want)
	}
}

func TestWaitInLoop(t *testing.T) {
	for src, want := range map[string]int{
		"package p\nfunc F() {\n\tfor range 3 {\n\t\twg.Go(f)\n\t\twg.Wait()\n\t}\n}\n":                 5,
		"package p\nfunc F() {\n\tfor range 3 {\n\t\twg.Go(f)\n\t}\n\twg.Wait()\n}\n":                   0,
		"package p\nfunc F() {\n\tfor range 3 {\n\t\tgo func() { wg.Wait() }()\n\t}\n}\n":               0,
		"package p\nfunc F() {\n\tfor _, x := range xs {\n\t\tif x {\n\t\t\twg.Wait()\n\t\t}\n\t}\n}\n": 5,
		"package p\nfunc F() {\n\twg.Go(f)\n\twg.Wait()\n\tgo g()\n\twg.Wait()\n}\n":                    4,
		"package p\nfunc F() {\n\twg.Go(f)\n\twg.Go(g)\n\twg.Wait()\n}\n":                               0,
		"package p\nfunc F( {": 0,
	} {
		if got := waitInLoop([]byte(src)); got != want {
			t.Errorf("waitInLoop(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestCalledInLoop(t *testing.T) {
	for src, want := range map[string]int{
		"package p\nfunc F() {\n\tfor range 3 {\n\t\tfunc() {\n\t\t\twork()\n\t\t}()\n\t}\n}\n":    4,
		"package p\nfunc F() {\n\tfor range 3 {\n\t\tgo func() {\n\t\t\twork()\n\t\t}()\n\t}\n}\n": 0,
		"package p\nfunc F() {\n\tfunc() {}()\n}\n":                                                0,
	} {
		if got := calledInLoop([]byte(src)); got != want {
			t.Errorf("calledInLoop(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestAdviceSpan(t *testing.T) {
	src := "package p\nfunc F() {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t}()\n\tx()\n}\n"
	if from, to := adviceSpan([]byte(src), 3); from != 3 || to != 6 {
		t.Errorf("adviceSpan = %d..%d, want 3..6", from, to)
	}
}

// bigPair returns a template and its filled copy of about 4000 lines each, the
// most a learner's file held before lines were found by matching tokens.
func bigPair(tb testing.TB) (tmplBig, haveBig []byte) {
	var t, h bytes.Buffer
	solved, err := blanks.Fill([]byte(tmpl), []string{"wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()"})
	if err != nil {
		tb.Fatal(err)
	}
	for lines := 0; lines+strings.Count(tmpl, "\n") <= 4000; lines += strings.Count(tmpl, "\n") {
		t.WriteString(tmpl)
		h.Write(solved)
	}
	return t.Bytes(), h.Bytes()
}

func BenchmarkChangedLines4000(b *testing.B) {
	t, h := bigPair(b)
	b.ReportAllocs()
	for b.Loop() {
		if len(changedLines(t, h)) == 0 {
			b.Fatal("no line is the learner's")
		}
	}
}
