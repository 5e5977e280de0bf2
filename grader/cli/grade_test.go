package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
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
)

// TestMain lets `grade` run this test binary as gilgrade itself, as it runs its
// own executable for each submission.
func TestMain(m *testing.M) {
	if os.Getenv(reexecEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// Kinds of generated submissions.
const (
	solved   = "solved"   // every exercise filled with its solution
	halfDone = "halfdone" // the first half solved, the rest as shipped
	racy     = "racy"     // a known racy mistake wherever the course has one
	broken   = "broken"   // one exercise does not compile
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
		}
		if tag != "" {
			fills = slices.Clone(fills)
			for k := range fills {
				fills[k] += " /* " + tag + " */"
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
			out, err := blanks.Fill(src, fills[:counts[k]])
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

// freshCourse writes the course as shipped with `gilgrade init`.
func freshCourse(t testing.TB) string {
	dir := filepath.Join(t.TempDir(), "course")
	if r := run(t, t.TempDir(), "init", dir); r.code != ExitOK {
		t.Fatalf("init: exit %d\n%s", r.code, r.stderr)
	}
	return dir
}

func TestGrade(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a class under the race detector")
	}
	template := freshCourse(t)
	class := t.TempDir()
	for _, s := range []struct{ id, kind string }{
		{"alice", solved}, {"bob", halfDone}, {"carol", racy}, {"dave", broken}, {"erin", solved},
	} {
		makeSubmission(t, template, filepath.Join(class, s.id), s.kind, "")
	}
	os.MkdirAll(filepath.Join(class, "frank"), 0o755)
	os.WriteFile(filepath.Join(class, "frank", "README.md"), []byte("my homework\n"), 0o644)

	out := filepath.Join(t.TempDir(), "out")
	r := run(t, class, "grade", "--jobs", "2", "--out", out, "alice", "bob", "carol", "dave", "erin", "frank")
	if r.code != ExitFailed { // frank could not be graded
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	c, _ := course.LoadFS(bundle.FS())
	n := len(c.Exercises)

	b, err := os.ReadFile(filepath.Join(out, "gradebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 || rows[0][0] != "id" || rows[0][1] != "ex01" || rows[1][0] != "points possible" {
		t.Fatalf("gradebook.csv:\n%s", b)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	total := func(row []string) string { return row[col("total")] }
	status := func(row []string) string { return row[col("status")] }
	byID := map[string][]string{}
	for _, row := range rows[2:] {
		byID[row[0]] = row
	}
	want := map[string]string{"alice": "passed", "bob": "failed", "carol": "failed", "dave": "failed", "erin": "passed", "frank": "error"}
	for id, st := range want {
		if got := status(byID[id]); got != st {
			t.Errorf("%s: status %q, want %q\n%s", id, got, st, b)
		}
	}
	if total(byID["alice"]) != total(rows[1]) || total(byID["erin"]) != total(byID["alice"]) {
		t.Errorf("a solved course does not score every point:\n%s", b)
	}
	if byID["carol"][2] != "0" || byID["dave"][2] != "0" || byID["bob"][n] != "0" || byID["bob"][1] != "1" {
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
	if len(book.Submissions) != 6 {
		t.Fatalf("%d submissions in gradebook.json", len(book.Submissions))
	}
	for _, s := range book.Submissions {
		switch s.ID {
		case "erin":
			// Every exercise of erin's is alice's: graded once.
			if len(s.Reused) != n || s.Reused["ex01"] != "alice" || s.Report == nil || len(s.Report.Exercises) != n {
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

	// A shard grades its part only, the same on every machine.
	r = run(t, class, "grade", "--shard", "2/3", "alice", "bob", "carol", "dave", "erin", "frank")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "bob") || !strings.HasPrefix(lines[1], "erin") {
		t.Errorf("shard 2/3:\n%s%s", r.stdout, r.stderr)
	}
}

func TestGradeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"grade"}, "name the submissions"},
		{[]string{"grade", "--shard", "3/2", "x"}, "not a shard"},
		{[]string{"grade", "--jobs", "0", "x"}, "--jobs"},
	} {
		if r := run(t, t.TempDir(), tc.args...); r.code != ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, %q", tc.args, r.code, r.stderr)
		}
	}
}

// TestGradeGitClone grades a submission given as a git repository.
func TestGradeGitClone(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission under the race detector")
	}
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
