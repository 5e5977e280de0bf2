package classreport

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestFills(t *testing.T) {
	tmpl := []byte("package p\n\nfunc f() {\n\t___ // count one\n\t___ func() {\n\t\tx := ___\n\t}()\n}\n")
	for _, tc := range []struct {
		name, have string
		want       []string
	}{
		{"filled", "package p\n\nfunc f() {\n\twg.Add(1) // count one\n\tgo func() {\n\t\tx := 3\n\t}()\n}\n", []string{"wg.Add(1)", "go", "3"}},
		{"reindented, CRLF", "package p\r\n\r\nfunc f() {\r\n    wg.Add(1)   // count one\r\n    go func() {\r\n        x := a +\r\n b\r\n    }()\r\n}\r\n", []string{"wg.Add(1)", "go", "a +\n b"}},
		{"one left", "package p\n\nfunc f() {\n\t___ // count one\n\tgo func() {\n\t\tx := 3\n\t}()\n}\n", []string{"___", "go", "3"}},
		{"spans lines", "package p\n\nfunc f() {\n\twg.Add(1)\n\twg.Wait() // count one\n\tgo func() {\n\t\tx := 3\n\t}()\n}\n", []string{"wg.Add(1)\n\twg.Wait()", "go", "3"}},
	} {
		got, err := Fills(tmpl, []byte(tc.have))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
			t.Errorf("%s: fills %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := Fills(tmpl, []byte("package p\n\nfunc g() {}\n")); err == nil {
		t.Error("a file edited outside the blanks gave fills")
	}
	if got := Normalize("  wg.Go(func() {\n\t\tx()\n\t})  "); got != "wg.Go(func() { x() })" {
		t.Errorf("Normalize gave %q", got)
	}
}

func FuzzFills(f *testing.F) {
	f.Add([]byte("a ___ b ___ c"), "x", "y")
	f.Add([]byte("___"), "", "\n")
	f.Fuzz(func(t *testing.T, tmpl []byte, a, b string) {
		// A few blanks and fills reach every case; the fuzzer's minimiser,
		// ~n²/2 runs for n bytes of each input, stalled on the long ones its
		// mutations grow.
		if len(tmpl)+len(a)+len(b) > 1<<10 {
			return
		}
		n := len(blanks.Scan(tmpl))
		fills := make([]string, n)
		for i := range fills {
			fills[i] = []string{a, b}[i%2]
		}
		have, err := blanks.Fill(tmpl, fills)
		if err != nil {
			return
		}
		got, err := Fills(tmpl, have)
		if err != nil {
			return // a fill that looks like the template's own text can make it ambiguous
		}
		if len(got) != n {
			t.Fatalf("%d fills for %d blanks", len(got), n)
		}
	})
}

// class makes a class of n submissions of the shipped course: each exercise
// answered with the solution, a known mistake (failed with the codes it
// expects) or left with its blanks, chosen by a fixed seed. The folders hold the
// filled files, for the fills; the reports stand in for grading, which this
// package does not do.
func class(t *testing.T, n int) (*classroom.Gradebook, *course.Course, fs.FS) {
	t.Helper()
	shipped := bundle.FS()
	c, err := course.LoadFS(shipped)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(17, 2026))
	dir := t.TempDir()
	var results []*classroom.Result
	for i := range n {
		id := fmt.Sprintf("student%02d", i+1)
		root := filepath.Join(dir, id)
		rep := report.New()
		for _, e := range c.Exercises {
			ex := report.Exercise{ID: e.ID, Slug: e.Slug, Title: e.Title, MaxScore: e.Points, Dir: e.Dir, RaceChecked: true,
				Tests: []report.Test{}, Diagnostics: []diag.Diagnostic{}}
			fills := append([]string(nil), e.Solution...)
			switch r := rng.IntN(10); {
			case r < 5 || len(e.Mistakes) == 0:
				ex.Status, ex.Score = report.Passed, e.Points
				if e.ID == "ex01" && r < 2 { // advice that does not fail it
					ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: "use-wg-go", Severity: diag.Warning, File: e.Dir})
				}
			case r < 8:
				m := e.Mistakes[rng.IntN(len(e.Mistakes))]
				fills = m.AllFills(e.Solution)
				ex.Status = report.Failed
				for _, code := range m.Expect {
					ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: code, Severity: diag.Error, File: e.Dir})
				}
			default:
				fills = nil
				ex.Status = report.Unfilled
				ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: "unfilled", Severity: diag.Error, File: e.Dir})
			}
			if i == 3 && e.ID == "ex04" {
				fills = append([]string(nil), e.Solution...)
				fills[3] = "wg.Wait() // <script>alert(1)</script>"
				ex.Status, ex.Score, ex.Diagnostics = report.Passed, e.Points, nil
			}
			if e.ID == "ex04" && ex.Status == report.Passed {
				tl, _ := timeline.Parse(`{"calls":[{"name":"Profile(ada)","start_ms":0,"end_ms":500},{"name":"Orders(ada)","start_ms":0,"end_ms":500}],"total_ms":500}`)
				ex.Tests = append(ex.Tests, report.Test{Name: "TestLoadDashboardOverlap", Status: report.TestPass, Timeline: tl})
			}
			writeExercise(t, shipped, root, e, fills)
			rep.Exercises = append(rep.Exercises, ex)
		}
		rep.Total()
		status := classroom.Failed
		if rep.Status == report.Passed {
			status = classroom.Passed
		}
		results = append(results, &classroom.Result{ID: id, Source: root, Status: status, Score: rep.Score, Max: rep.MaxScore, Report: rep})
	}
	results = append(results, &classroom.Result{ID: "<b>broken</b>", Source: filepath.Join(dir, "missing"), Status: classroom.Error, Error: "not a course workspace"})
	os.MkdirAll(filepath.Join(dir, "exercises"), 0o755)
	return classroom.NewGradebook(c, nil, results), c, shipped
}

// writeExercise writes a workspace's exercise file with fills (the template as
// shipped when fills is nil) and the course file that marks the workspace.
func writeExercise(t *testing.T, shipped fs.FS, root string, e *course.Exercise, fills []string) {
	t.Helper()
	for _, name := range []string{course.CourseFile} {
		b, _ := fs.ReadFile(shipped, name)
		os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(root, name), b, 0o644)
	}
	k := 0
	for _, f := range e.Files {
		tmpl, err := fs.ReadFile(shipped, path.Join(e.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out := tmpl
		if fills != nil {
			n := len(blanks.Scan(tmpl))
			out, err = blanks.Fill(tmpl, fills[k:k+n])
			if err != nil {
				t.Fatal(err)
			}
			k += n
		}
		name := filepath.Join(root, filepath.FromSlash(e.Dir), f)
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// codeCounts counts, from a gradebook as JSON, the students each code hit per
// exercise: the numbers the page must show.
func codeCounts(t *testing.T, gradebookJSON []byte) (codes map[string]int, passed map[string]int) {
	t.Helper()
	var book classroom.Gradebook
	if err := json.Unmarshal(gradebookJSON, &book); err != nil {
		t.Fatal(err)
	}
	codes, passed = map[string]int{}, map[string]int{}
	for _, s := range book.Submissions {
		if s.Report == nil {
			continue
		}
		for _, ex := range s.Report.Exercises {
			seen := map[string]bool{}
			for _, d := range ex.Diagnostics {
				if !seen[d.Code] {
					seen[d.Code] = true
					codes[ex.ID+" "+d.Code]++
				}
			}
			if ex.Status == report.Passed {
				passed[ex.ID]++
			}
		}
	}
	return codes, passed
}

func TestBuildCountsMatchGradebook(t *testing.T) {
	book, c, shipped := class(t, 20)
	cl := Build(book, c, shipped)
	var js bytes.Buffer
	book.WriteJSON(&js)
	codes, passed := codeCounts(t, js.Bytes())
	got := map[string]int{}
	for _, e := range cl.Exercises {
		if e.Passed != passed[e.ID] {
			t.Errorf("%s: %d passed, the gradebook says %d", e.ID, e.Passed, passed[e.ID])
		}
		for _, code := range e.Codes {
			got[e.ID+" "+code.Code] = code.Students
			if code.Doc.Title == "" {
				t.Errorf("%s: code %s has no explanation", e.ID, code.Code)
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(codes) {
		t.Errorf("code counts\n got %v\nwant %v", got, codes)
	}
	if cl.Graded != 20 || cl.Submissions != 21 || cl.FillsUnread != 0 {
		t.Errorf("graded %d of %d, fills unread %d", cl.Graded, cl.Submissions, cl.FillsUnread)
	}
	// Every submission that answered an exercise with its solution shows in the
	// solution's fill of each blank.
	for _, e := range cl.Exercises {
		if len(e.Blanks) == 0 {
			t.Errorf("%s: no fills read", e.ID)
			continue
		}
		top := e.Blanks[len(e.Blanks)-1].Top
		if len(top) == 0 || top[0].Students == 0 {
			t.Errorf("%s: no fill counted for the last blank", e.ID)
		}
	}
}

func TestPageGolden(t *testing.T) {
	book, c, shipped := class(t, 20)
	var b bytes.Buffer
	if err := WriteHTML(&b, Build(book, c, shipped)); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>broken") {
		t.Error("learner-controlled text reached the page unescaped")
	}
	if !strings.Contains(page, "<code>use-wg-go</code><br><small>warning: does not fail the exercise</small>") {
		t.Error("a warning's code is not marked as one")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the fill holding <script> is not shown as text")
	}
	// Self-contained: nothing to fetch, nothing to run.
	bare := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"http://", "https://", "<script", "<link", "@import", "@font-face", ` src="`, "url("} {
		if strings.Contains(bare, bad) {
			t.Errorf("the page is not self-contained: it holds %q", bad)
		}
	}
	golden := filepath.Join("testdata", "report.html.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if page != string(want) {
		t.Errorf("report.html differs from %s (run with -update if the change is meant)", golden)
	}
}

func TestWriteLinksEveryGradedSubmission(t *testing.T) {
	book, c, shipped := class(t, 3)
	dir := t.TempDir()
	if err := Write(dir, book, c, shipped); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range book.Submissions {
		if s.Report == nil {
			continue
		}
		name := pageName(i, s.ID)
		if !strings.Contains(string(page), `href="`+name+`"`) {
			t.Errorf("no link to %s", name)
		}
		sub, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(sub), s.ID) {
			t.Errorf("%s does not name its submission", name)
		}
	}
	if got := pageName(4, "../../etc/passwd"); strings.Contains(got, "..") || strings.Count(got, "/") != 1 {
		t.Errorf("pageName let a path through: %s", got)
	}
}

func TestDistribution(t *testing.T) {
	bins := Distribution([]float64{0, 0.5, 1, 12, 11.99, 3}, 12)
	if len(bins) != 13 || bins[0].Count != 2 || bins[1].Count != 1 || bins[11].Count != 1 || bins[12].Count != 1 || bins[3].Count != 1 {
		t.Errorf("bins %+v", bins)
	}
	bins = Distribution([]float64{0, 50, 99, 100}, 100)
	if len(bins) != 10 || bins[0].Count != 1 || bins[5].Count != 1 || bins[9].Count != 2 {
		t.Errorf("bins %+v", bins)
	}
}
