package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A is not a newline", "%250A is not a newline", "%250A is not a newline"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		// A carriage return could draw over the line in the log: it shows as \r.
		{"a\r\nb", `a\r%0Ab`, `a\r%0Ab`},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`, `\x1b]0;title\x07`},
		{"x ##[error]y", "x #\u00a0#[error]y", "x #\u00a0#[error]y"},
		{"x:y,z", "x:y,z", "x%3Ay%2Cz"},
		{"C:\\dir,1\\a%b.go", "C:\\dir,1\\a%25b.go", "C%3A\\dir%2C1\\a%25b.go"},
	} {
		if got := escapeData(c.in); got != c.data {
			t.Errorf("escapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := escapeProperty(c.in); got != c.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", c.in, got, c.prop)
		}
	}
}

// unescape reverses the escaping, as the runner does.
func unescape(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// TestAnnotationEscaping writes a diagnosis whose file, message and hint hold
// every character the workflow command syntax gives a meaning to.
func TestAnnotationEscaping(t *testing.T) {
	r := New()
	file := "exercises/ex07_50%,off/a:b.go"
	r.Exercises = []Exercise{{ID: "ex07", Status: Failed, MaxScore: 1, RaceChecked: true, Files: []string{file},
		Diagnostics: []diag.Diagnostic{{Code: "data-race", Severity: diag.Error, File: file, Line: 3, Col: 2,
			Message: "100% sure:\r\nrace, here", Hint: "use a mutex: mu.Lock(), then"}}}}
	r.Total()
	var b bytes.Buffer
	if err := WriteGitHub(&b, r, ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines (the annotation and the score), got %d:\n%s", len(lines), b.String())
	}
	want := "::error file=exercises/ex07_50%25%2Coff/a%3Ab.go,line=3,col=2,title=ex07%3A data-race::" +
		"100%25 sure:\\r%0Arace, here%0A→ use a mutex: mu.Lock(), then%0A(gilgrade explain data-race)"
	if lines[0] != want {
		t.Errorf("annotation\n got %s\nwant %s", lines[0], want)
	}
	// Parse it back the way the runner does: properties end at ',', the message
	// follows the second "::".
	cmd, msg, ok := strings.Cut(strings.TrimPrefix(lines[0], "::error "), "::")
	if !ok {
		t.Fatal("no :: before the message")
	}
	props := map[string]string{}
	for _, p := range strings.Split(cmd, ",") {
		k, v, _ := strings.Cut(p, "=")
		props[k] = unescape(v)
	}
	if props["file"] != file || props["title"] != "ex07: data-race" || props["line"] != "3" {
		t.Errorf("properties read back as %q", props)
	}
	if got := unescape(msg); !strings.HasPrefix(got, "100% sure:\\r\nrace, here\n") {
		t.Errorf("message read back as %q", got)
	}
}

// manyDiagnostics returns an exercise with the given number of diagnoses of
// each severity.
func manyDiagnostics(errs, warns, infos int) *Report {
	r := New()
	ex := Exercise{ID: "ex09", Title: "Bounded calls", Status: Failed, MaxScore: 1, RaceChecked: true,
		Files: []string{"exercises/ex09_bounded_calls/calls.go"}}
	add := func(n int, sev diag.Severity, code string) {
		for i := range n {
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: code, Severity: sev,
				File: "exercises/ex09_bounded_calls/calls.go", Line: len(ex.Diagnostics) + 1,
				Message: fmt.Sprintf("%s number %d", code, i+1)})
		}
	}
	add(errs, diag.Error, "data-race")
	add(warns, diag.Warning, "defer-in-loop")
	add(infos, diag.Info, "race-not-checked")
	if errs == 0 {
		ex.Status, ex.Score = Passed, 1
	}
	r.Exercises = []Exercise{ex}
	r.Total()
	return r
}

func countLevels(out string) map[string]int {
	n := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		level, _, _ := strings.Cut(strings.TrimPrefix(l, "::"), " ")
		level, _, _ = strings.Cut(level, "::")
		n[level]++
	}
	return n
}

func TestAnnotationCaps(t *testing.T) {
	for _, c := range []struct {
		errs, warns, infos int
		want               map[string]int // annotations of each level written
		hidden             int
	}{
		// 25 errors: 10 shown, 15 summarised; notices: the summary and the score.
		{25, 0, 0, map[string]int{"error": 10, "notice": 2}, 15},
		{10, 10, 9, map[string]int{"error": 10, "warning": 10, "notice": 10}, 0},
		// One notice too many: one slot goes to saying so, so two infos move.
		{0, 0, 10, map[string]int{"notice": 10}, 2},
		{3, 12, 30, map[string]int{"error": 3, "warning": 10, "notice": 10}, 2 + 22},
	} {
		name := fmt.Sprintf("%d-%d-%d", c.errs, c.warns, c.infos)
		t.Run(name, func(t *testing.T) {
			r := manyDiagnostics(c.errs, c.warns, c.infos)
			var out, sum bytes.Buffer
			if err := Write(&out, r, "github", Options{Summary: &sum}); err != nil {
				t.Fatal(err)
			}
			got := countLevels(out.String())
			for _, l := range []string{"error", "warning", "notice"} {
				if got[l] != c.want[l] {
					t.Errorf("%d %s annotations, want %d\n%s", got[l], l, c.want[l], out.String())
				}
				if got[l] > githubCap {
					t.Errorf("%d %s annotations: GitHub shows only %d", got[l], l, githubCap)
				}
			}
			more := fmt.Sprintf("%d more problem", c.hidden)
			if c.hidden > 0 {
				if !strings.Contains(out.String(), "title=gilgrade%3A more problems::"+more) {
					t.Errorf("no notice saying %q:\n%s", more, out.String())
				}
				// The summary lists exactly the hidden ones.
				items := strings.Count(sum.String(), "\n- **ex09**")
				if items != c.hidden {
					t.Errorf("summary lists %d problems, want %d:\n%s", items, c.hidden, sum.String())
				}
			} else if strings.Contains(out.String(), "more problems") || strings.Contains(sum.String(), "not shown") {
				t.Errorf("nothing was hidden, yet a notice or the summary says so:\n%s\n%s", out.String(), sum.String())
			}
		})
	}
}

// TestAnnotationCapOrder checks that the first diagnoses in course order are the
// ones shown, and the summary goes on where the annotations stopped.
func TestAnnotationCapOrder(t *testing.T) {
	r := manyDiagnostics(25, 0, 0)
	var out, sum bytes.Buffer
	if err := Write(&out, r, "github", Options{Summary: &sum}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "data-race number 10%0A") || strings.Contains(out.String(), "data-race number 11%0A") {
		t.Errorf("annotations are not the first ten:\n%s", out.String())
	}
	if !strings.Contains(sum.String(), "`exercises/ex09_bounded_calls/calls.go:11` `data-race`: data\\-race number 11") ||
		!strings.Contains(sum.String(), "data\\-race number 25") || strings.Contains(sum.String(), "data\\-race number 10 ") {
		t.Errorf("summary does not list problems 11 to 25:\n%s", sum.String())
	}
}

// TestBlanksOneAnnotation: a fresh exercise's blanks take one annotation, so they
// cannot crowd out a race in the next exercise.
func TestBlanksOneAnnotation(t *testing.T) {
	r := New()
	ex := Exercise{ID: "ex01", Status: Unfilled, MaxScore: 1, BlanksLeft: 30, Files: []string{"a.go", "b.go"}}
	for i := range 30 {
		f := "a.go"
		if i >= 20 {
			f = "b.go"
		}
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: "unfilled", Severity: diag.Error, File: f, Line: i + 1, Col: 5,
			Message: "blank is still `___`", Hint: "fill it"})
	}
	r.Exercises = []Exercise{ex}
	r.Total()
	var out bytes.Buffer
	if err := WriteGitHub(&out, r, ""); err != nil {
		t.Fatal(err)
	}
	if n := countLevels(out.String())["error"]; n != 1 {
		t.Fatalf("%d error annotations for 30 blanks, want 1:\n%s", n, out.String())
	}
	first := strings.SplitN(out.String(), "\n", 2)[0]
	if !strings.HasPrefix(first, "::error file=a.go,line=1,col=5,title=ex01%3A 30 blanks left::30 blanks still `___`: lines 1, 2,") ||
		!strings.Contains(first, "19, 20 of a.go; lines 21, 22,") {
		t.Errorf("blanks annotation: %s", first)
	}
}

func TestMarkdownCell(t *testing.T) {
	if got := mdCell(" a|b\nc\r\nd "); got != `a\|b c d` {
		t.Errorf("mdCell = %q", got)
	}
}

// TestSummaryFitsStepLimit: GitHub refuses a job summary over 1 MiB per step.
func TestSummaryFitsStepLimit(t *testing.T) {
	r := manyDiagnostics(6000, 0, 0)
	long := strings.Repeat("a long explanation of the race ", 10)
	for i := range r.Exercises[0].Diagnostics {
		r.Exercises[0].Diagnostics[i].Message += " " + long
	}
	var sum bytes.Buffer
	if err := WriteGitHubSummary(&sum, r, ""); err != nil {
		t.Fatal(err)
	}
	if sum.Len() > 1<<20 {
		t.Errorf("summary is %d bytes, over 1 MiB", sum.Len())
	}
	if !strings.Contains(sum.String(), "more: run `gilgrade check --all` to see them all") {
		t.Error("the summary does not say that it left problems out")
	}
}

// TestGitHubPrefix: a course in a subdirectory of the repository gets its
// annotations where GitHub looks for the files.
func TestGitHubPrefix(t *testing.T) {
	for _, prefix := range []string{"course", "course/", "/course"} {
		var out, sum bytes.Buffer
		if err := Write(&out, manyDiagnostics(11, 0, 0), "github", Options{GitHubPrefix: prefix, Summary: &sum}); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(out.String(), "file=course/exercises/ex09_bounded_calls/calls.go,"); n != 10 {
			t.Errorf("prefix %q: %d annotations under course/, want 10:\n%s", prefix, n, out.String())
		}
		if !strings.Contains(sum.String(), "`course/exercises/ex09_bounded_calls/calls.go:11`") {
			t.Errorf("prefix %q: summary:\n%s", prefix, sum.String())
		}
	}
	var out bytes.Buffer
	if err := Write(&out, manyDiagnostics(1, 0, 0), "github", Options{GitHubPrefix: "."}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "file=exercises/") {
		t.Errorf("prefix \".\" changed the path:\n%s", out.String())
	}
}
