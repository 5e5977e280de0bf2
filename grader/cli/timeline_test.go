package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/blanks"
)

// bars returns, per row of a drawn timeline, the columns its bar spans.
func bars(out string) (names []string, spans [][2]int) {
	for _, line := range strings.Split(out, "\n") {
		i := strings.Index(line, "█")
		if i < 0 {
			continue
		}
		first := utf8.RuneCountInString(line[:i])
		last := utf8.RuneCountInString(line[:strings.LastIndex(line, "█")])
		names = append(names, strings.Fields(line)[0])
		spans = append(spans, [2]int{first, last})
	}
	return names, spans
}

// ex04 on its sequential mistake draws the calls one after another on the time
// axis; on the solution, side by side; --html writes the same as SVG.
func TestCheckDrawsTimeline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test -race on a real exercise twice")
	}
	t.Parallel()
	root := workspace(t)
	name := filepath.Join(root, "exercises/ex04_io_overlap/dashboard.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	seq, err := blanks.Fill(src, []string{"d.Orders = s.Orders(user)", "d.Balance, balanceErr = s.Balance(user)", "d.Weather = s.Weather(city)", "wg.Wait()"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(name, seq, 0o644)
	r := run(t, root, "check", "ex04")
	names, spans := bars(r.stdout)
	if r.code != ExitFailed || !strings.Contains(r.stdout, "[sequential]") || len(spans) != 4 {
		t.Fatalf("exit %d, want a sequential failure with 4 bars:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Profile runs in its goroutine alongside Orders; Balance and Weather follow
	// one after the other.
	at := map[string][2]int{}
	for i, n := range names {
		at[n] = spans[i]
	}
	if !(at["Balance(ada)"][0] > at["Orders(ada)"][1] && at["Weather(London)"][0] > at["Balance(ada)"][1]) {
		t.Errorf("the calls are not drawn one after another:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "4 calls of 500ms each, at most 2 at once: 1.5s of fake time in all") {
		t.Errorf("no total under the timeline:\n%s", r.stdout)
	}

	if r := run(t, root, "reset", "--solution", "ex04"); r.code != ExitOK {
		t.Fatalf("reset --solution: exit %d\n%s", r.code, r.stderr)
	}
	page := filepath.Join(t.TempDir(), "check.html")
	r = run(t, root, "check", "ex04", "--html", page)
	_, spans = bars(r.stdout)
	if r.code != ExitOK || len(spans) != 4 {
		t.Fatalf("exit %d, want a pass with 4 bars:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, s := range spans[1:] {
		if s != spans[0] {
			t.Errorf("the solution's calls are not side by side:\n%s", r.stdout)
		}
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(html), "<svg ") != 1 || strings.Count(string(html), "<rect ") != 4 || !strings.Contains(string(html), "at most 4 at once") {
		t.Errorf("--html page lacks the timeline:\n%s", html)
	}
}

// grade --out writes report.html beside the gradebook, whose code counts are
// the gradebook's.
func TestGradeWritesClassReport(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a class under the race detector")
	}
	t.Parallel()
	template := workspace(t)
	class := t.TempDir()
	src, err := os.ReadFile(filepath.Join(template, "exercises/ex04_io_overlap/dashboard.go"))
	if err != nil {
		t.Fatal(err)
	}
	for id, fills := range map[string][]string{
		"fresh": nil,
		"solved": { // sorted last of the three: its page is 003
			"wg.Go(func() { d.Orders = s.Orders(user) })", "wg.Go(func() { d.Balance, balanceErr = s.Balance(user) })", "wg.Go(func() { d.Weather = s.Weather(city) })", "wg.Wait()"},
		"inarow": {"d.Orders = s.Orders(user)", "d.Balance, balanceErr = s.Balance(user)", "d.Weather = s.Weather(city)", `wg.Wait(); _ = "<script>alert(1)</script>"`},
	} {
		dir := filepath.Join(class, id)
		if err := os.CopyFS(dir, os.DirFS(template)); err != nil {
			t.Fatal(err)
		}
		if fills != nil {
			out, err := blanks.Fill(src, fills)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "exercises/ex04_io_overlap/dashboard.go"), out, 0o644)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	if r := run(t, class, "grade", "--jobs", "2", "--out", out, "fresh", "solved", "inarow"); r.code != ExitOK {
		t.Logf("grade: exit %d\n%s", r.code, r.stderr)
	}
	if book, err := os.ReadFile(filepath.Join(out, "gradebook.csv")); err == nil {
		defer func() {
			if t.Failed() {
				t.Logf("gradebook.csv:\n%s", book)
			}
		}()
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		`data-exercise="ex04" data-passed="1">1<`,
		`data-exercise="ex04" data-code="sequential">1<`,
		`data-exercise="ex04" data-code="unfilled">1<`,
		`data-exercise="ex01" data-code="unfilled">3<`,
		`wg.Wait(); _ = `,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`href="reports/003-solved.html"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("a fill reached report.html unescaped")
	}
	sub, err := os.ReadFile(filepath.Join(out, "reports", "003-solved.html"))
	if err != nil || !strings.Contains(string(sub), "TestLoadDashboardOverlap, in fake time") {
		t.Errorf("the solved submission's page lacks its timeline (%v)", err)
	}
}
