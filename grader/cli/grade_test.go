package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
)

// Kinds of generated submissions.
const (
	solved   = "solved"   // every exercise filled with its solution
	halfDone = "halfdone" // the first half solved, the rest as shipped
	racy     = "racy"     // a known racy mistake wherever the course has one
	broken   = "broken"   // one exercise does not compile
	flood    = "flood"    // solved, but ex04's last blank then prints without end
)

// makeSubmission writes a course workspace of the given kind into dir. With a
// non-empty tag every fill carries it as a comment, so no two students share
// their files.
func makeSubmission(t testing.TB, template, dir, kind, tag string) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS(template)); err != nil {
		t.Fatal(err)
	}
	c, err := course.LoadFS(bundle.FS())
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range c.Exercises {
		fills := e.Solution
		switch kind {
		case halfDone:
			if i >= len(c.Exercises)/2 {
				continue
			}
		case racy:
			for _, m := range e.Mistakes {
				if slices.Contains(m.Expect, "data-race") {
					fills = m.AllFills(e.Solution)
					break
				}
			}
		case broken:
			if i == 1 {
				fills = slices.Clone(fills)
				fills[0] += " +"
			}
		case flood:
			if e.ID == "ex04" {
				fills = slices.Clone(fills)
				fills[len(fills)-1] += `; flood := "all work and no play "; for len(flood) < 1<<20 { flood += flood }; for { print(flood) }`
			}
		}
		var counts []int
		for _, f := range e.Files {
			b, err := fs.ReadFile(bundle.FS(), path.Join(e.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			counts = append(counts, len(blanks.Scan(b)))
		}
		for k, f := range e.Files {
			name := filepath.Join(dir, filepath.FromSlash(e.Dir), f)
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			mine := fills[:counts[k]]
			if tag != "" {
				mine = tagFills(src, mine, tag)
			}
			out, err := blanks.Fill(src, mine)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			fills = fills[counts[k]:]
			if err := os.WriteFile(name, out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Every quiz counts (0 without answers): a solved course hands in right ones.
	if kind == solved {
		os.MkdirAll(filepath.Join(dir, "answers"), 0o755)
		for _, id := range []string{"gil", "goroutines"} {
			b, err := os.ReadFile(filepath.Join("..", "quiz", "testdata", id+"_answers.toml"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "answers", id+".toml"), b, 0o644)
		}
	}
}

// tagFills makes each fill of src unique to tag, in a way that changes its code,
// not only a comment (grade treats fills that differ in comments as the same):
// a statement that does nothing goes before each fill where a statement may
// (before, so that a fill that ends its function still does), and a comment
// elsewhere.
func tagFills(src []byte, fills []string, tag string) []string {
	out := slices.Clone(fills)
	for k := range out {
		try := slices.Clone(out)
		try[k] = fmt.Sprintf("_ = %q; ", tag) + try[k]
		if b, err := blanks.Fill(src, try); err == nil {
			if _, err := parser.ParseFile(token.NewFileSet(), "", b, 0); err == nil {
				out = try
				continue
			}
		}
		out[k] += " /* " + tag + " */"
	}
	return out
}

// freshCourse writes the course as shipped with `gilgrade init`.
func freshCourse(t testing.TB) string {
	dir := filepath.Join(t.TempDir(), "course")
	if r := run(t, t.TempDir(), "init", dir); r.code != ExitOK {
		t.Fatalf("init: exit %d\n%s", r.code, r.stderr)
	}
	return dir
}

// TestGrade grades a small class under the race detector, with an attacker:
// adam sorts first, so he owns every exercise he shares with classmates, and his
// ex04 floods its output. His ex04 alone fails; every classmate's grade is what
// it is when graded alone.
func TestGrade(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a class under the race detector")
	}
	t.Parallel()
	template := freshCourse(t)
	class := t.TempDir()
	for _, s := range []struct{ id, kind string }{
		{"adam", flood}, {"alice", solved}, {"bob", halfDone}, {"carol", racy}, {"dave", broken}, {"erin", solved},
	} {
		makeSubmission(t, template, filepath.Join(class, s.id), s.kind, "")
	}
	os.MkdirAll(filepath.Join(class, "frank"), 0o755)
	os.WriteFile(filepath.Join(class, "frank", "README.md"), []byte("my homework\n"), 0o644)
	// Erin reuses every exercise; her quiz is graded all the same. Adam brings a
	// quiz of his own, which counts for nothing.
	answers, err := os.ReadFile(filepath.Join("..", "quiz", "testdata", "gil_answers.toml"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(class, "erin", "answers"), 0o755)
	os.WriteFile(filepath.Join(class, "erin", "answers", "gil.toml"), answers, 0o644)
	os.WriteFile(filepath.Join(class, "adam", "quizzes", "bonus.toml"), []byte("id = \"bonus\"\n"), 0o644)

	out := filepath.Join(t.TempDir(), "out")
	ids := []string{"adam", "alice", "bob", "carol", "dave", "erin", "frank"}
	r := run(t, class, append([]string{"grade", "--jobs", "2", "--out", out}, ids...)...)
	if r.code != ExitFailed { // frank could not be graded
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	c, _ := course.LoadFS(bundle.FS())

	b, err := os.ReadFile(filepath.Join(out, "gradebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{"id"}, "ex01")
	if len(rows) != 9 || !slices.Equal(rows[0][:2], want) || rows[1][0] != "points possible" {
		t.Fatalf("gradebook.csv:\n%s", b)
	}
	if cols := rows[0]; len(cols) != 1+len(c.Exercises)+2+4 || cols[len(c.Exercises)+1] != "gil" || cols[len(c.Exercises)+2] != "goroutines" {
		t.Fatalf("columns %v: want the course's exercises and its two quizzes", cols)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	byID := map[string][]string{}
	for _, row := range rows[2:] {
		byID[row[0]] = row
	}
	wantStatus := map[string]string{"adam": "failed", "alice": "passed", "bob": "failed", "carol": "failed", "dave": "failed", "erin": "passed", "frank": "error"}
	for id, st := range wantStatus {
		if got := byID[id][col("status")]; got != st {
			t.Errorf("%s: status %q, want %q\n%s", id, got, st, b)
		}
	}
	exercisePoints := func(row []string) string {
		sum := 0.0
		for _, e := range c.Exercises {
			var v float64
			fmt.Sscan(row[col(e.ID)], &v)
			sum += v
		}
		return report.Points(sum)
	}
	for _, id := range []string{"alice", "erin"} {
		if exercisePoints(byID[id]) != exercisePoints(rows[1]) {
			t.Errorf("%s: a solved course does not score every exercise point:\n%s", id, b)
		}
	}
	if byID["adam"][col("ex04")] != "0" || byID["adam"][col("ex03")] != rows[1][col("ex03")] || byID["adam"][col("ex05")] != rows[1][col("ex05")] {
		t.Errorf("adam's flood in ex04 did not fail ex04 alone:\n%s", b)
	}
	if byID["erin"][col("gil")] != rows[1][col("gil")] {
		t.Errorf("erin's quiz (every exercise reused) was not graded:\n%s", b)
	}
	if byID["carol"][col("ex02")] != "0" || byID["dave"][col("ex02")] != "0" || byID["bob"][col("ex12")] != "0" || byID["bob"][col("ex01")] != "1" {
		t.Errorf("racy ex02, broken ex02 or unfilled last exercise scored:\n%s", b)
	}
	if !strings.Contains(byID["frank"][col("note")], "not a course workspace") {
		t.Errorf("frank's note: %q", byID["frank"][col("note")])
	}

	var book classroom.Gradebook
	jb, err := os.ReadFile(filepath.Join(out, "gradebook.json"))
	if err == nil {
		err = json.Unmarshal(jb, &book)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Submissions) != 7 || book.Run == nil || !book.Run.Race || !book.Run.Strict || book.Run.Jobs != 2 || book.CourseVersion == "" {
		t.Fatalf("%d submissions in gradebook.json, run %+v", len(book.Submissions), book.Run)
	}
	for _, s := range book.Submissions {
		switch s.ID {
		case "adam":
			// Which limit stops the flood first (the output cap, or the test's
			// timeout on a slow machine) depends on speed; either fails ex04.
			if s.Report == nil || !slices.ContainsFunc(s.Report.Exercises[3].Diagnostics, func(d diag.Diagnostic) bool {
				return d.Severity == diag.Error && slices.Contains([]string{"output-limit", "timeout", "test-failed"}, d.Code)
			}) {
				t.Errorf("adam's ex04 failed without a clear code: %+v", s.Report.Exercises[3].Diagnostics)
			}
		case "alice":
			// Alice's exercises are adam's but for ex04, which she grades herself.
			if len(s.Reused) != len(c.Exercises)-1 || s.Reused["ex01"] != "adam" || s.Reused["ex04"] != "" {
				t.Errorf("alice reused %v", s.Reused)
			}
		case "erin":
			if len(s.Reused) != len(c.Exercises) || s.Reused["ex04"] != "alice" || s.Report == nil || len(s.Report.Exercises) != len(c.Exercises) {
				t.Errorf("erin reused %v", s.Reused)
			}
		case "carol":
			if s.Report == nil || !slices.ContainsFunc(s.Report.Exercises[1].Diagnostics, func(d diag.Diagnostic) bool { return d.Code == "data-race" }) {
				t.Errorf("carol's ex02 has no data-race")
			}
		case "frank":
			if s.Status != classroom.Error || s.Report != nil {
				t.Errorf("frank: %+v", s)
			}
		}
	}
	if !strings.Contains(r.stdout, "alice") || !strings.Contains(r.stdout, "frank") {
		t.Errorf("summary:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(class, "alice", ".gilgrade")); err == nil {
		t.Error("grade wrote progress into a submission")
	}

	// A shard grades its part only, the same on every machine.
	r = run(t, class, "grade", "--shard", "2/3", "alice", "bob", "carol", "dave", "erin", "frank")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "bob") || !strings.HasPrefix(lines[1], "erin") {
		t.Errorf("shard 2/3:\n%s%s", r.stdout, r.stderr)
	}
}

// TestGradeGitClone grades a submission given as a git repository.
func TestGradeGitClone(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission under the race detector")
	}
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	template := freshCourse(t)
	repo := filepath.Join(t.TempDir(), "gina")
	makeSubmission(t, template, repo, halfDone, "")
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=g", "-c", "user.email=g@x", "commit", "-q", "-m", "work"}} {
		if out, err := gitIn(repo, args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	bare := filepath.Join(t.TempDir(), "gina.git")
	if out, err := gitIn(filepath.Dir(bare), "clone", "-q", "--bare", repo, bare); err != nil {
		t.Fatalf("git clone --bare: %v\n%s", err, out)
	}
	r := run(t, t.TempDir(), "grade", bare)
	if r.code != ExitOK || !strings.Contains(r.stdout, "gina") || !strings.Contains(r.stdout, "failed") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func gitIn(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
