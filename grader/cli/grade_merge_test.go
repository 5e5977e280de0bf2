package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/report"
)

// `grade merge` of the gradebooks of three shards writes the gradebook of one
// unsharded run. The shards are graded by a stand-in grader: what is tested is
// the split and the merge, not the tests.
func TestGradeMergeOfThreeShards(t *testing.T) {
	t.Parallel()
	k, err := bundle.Key()
	if err != nil {
		t.Fatal(err)
	}
	c, err := k.Course()
	if err != nil {
		t.Fatal(err)
	}
	quizzes, err := k.Quizzes()
	if err != nil {
		t.Fatal(err)
	}
	class := t.TempDir()
	var srcs []string
	for i := range 10 {
		dir := filepath.Join(class, fmt.Sprintf("s%02d", i))
		os.MkdirAll(filepath.Join(dir, "exercises"), 0o755)
		os.WriteFile(filepath.Join(dir, "exercises", "course.toml"), []byte("id = \"x\"\n"), 0o644)
		// Which exercises pass differs from one student to the next.
		os.WriteFile(filepath.Join(dir, "score"), []byte(fmt.Sprint(i%4)), 0o644)
		srcs = append(srcs, dir)
	}
	grader := func(_ context.Context, _, root string, ids []string) (*report.Report, error) {
		b, _ := os.ReadFile(filepath.Join(root, "score"))
		var k int
		fmt.Sscan(string(b), &k)
		rep := report.New()
		for n, id := range ids {
			ex := report.Exercise{ID: id, MaxScore: 1, Status: report.Failed}
			if n%4 >= k {
				ex.Status, ex.Score = report.Passed, 1
			}
			rep.Exercises = append(rep.Exercises, ex)
		}
		rep.Total()
		return rep, nil
	}
	book := func(subs []classroom.Submission, shard string) *classroom.Gradebook {
		res := classroom.Grade(context.Background(), subs, classroom.Options{Course: c, Quizzes: quizzes, Grade: grader, Jobs: 2, Race: true})
		g := classroom.NewGradebook(c, quizzes, res)
		g.Run = &classroom.Run{Race: true, Strict: true, Jobs: 2, Deadline: "15m0s", Shard: shard}
		return g
	}
	dir := t.TempDir()
	var args []string
	for i := 1; i <= 3; i++ {
		name := filepath.Join(dir, fmt.Sprintf("shard%d", i), "gradebook.json")
		os.MkdirAll(filepath.Dir(name), 0o755)
		var b bytes.Buffer
		if err := book(classroom.Shard(classroom.IDs(srcs), i, 3), fmt.Sprintf("%d/3", i)).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(name, b.Bytes(), 0o644)
		args = append(args, name)
	}
	r := run(t, dir, append([]string{"grade", "merge", "--out", "merged"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("merge: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "merged", "gradebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	book(classroom.IDs(srcs), "").WriteCSV(&want)
	if string(got) != want.String() {
		t.Errorf("merged gradebook.csv:\n%s\none run's:\n%s", got, want.String())
	}
	var merged classroom.Gradebook
	jb, _ := os.ReadFile(filepath.Join(dir, "merged", "gradebook.json"))
	if err := json.Unmarshal(jb, &merged); err != nil || merged.Run == nil || merged.Run.Shard != "" || len(merged.Submissions) != 10 {
		t.Errorf("merged gradebook.json: %v %+v", err, merged.Run)
	}
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 10 {
		t.Errorf("summary:\n%s", r.stdout)
	}
	// The same shard twice is refused.
	if r := run(t, dir, "grade", "merge", args[0], args[0]); r.code != ExitUsage || !strings.Contains(r.stderr, "is in gradebooks 1 and 2") {
		t.Errorf("a shard twice: exit %d, %q", r.code, r.stderr)
	}
}

// Everything after -- is a submission, even one named like a flag: the run
// keeps the race detector and says so.
func TestGradeDoubleDashEndsFlags(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	r := run(t, t.TempDir(), "grade", "--out", out, "nobody", "--", "--no-race", "=cmd|calc")
	if r.code != ExitFailed || !strings.Contains(r.stdout, "--no-race ") || !strings.Contains(r.stdout, "=cmd|calc ") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	jb, err := os.ReadFile(filepath.Join(out, "gradebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	var book classroom.Gradebook
	if err := json.Unmarshal(jb, &book); err != nil || book.Run == nil || !book.Run.Race || len(book.Submissions) != 3 {
		t.Fatalf("%v, run %+v, %d submissions", err, book.Run, len(book.Submissions))
	}
	cb, _ := os.ReadFile(filepath.Join(out, "gradebook.csv"))
	if !strings.Contains(string(cb), "\n'--no-race,") || !strings.Contains(string(cb), "\n'=cmd|calc,") {
		t.Errorf("formula prefixes kept:\n%s", cb)
	}
	for _, args := range [][]string{{"--out", "o", "--", "a"}, {"a", "--", "--out", "b"}} {
		fl := flag.NewFlagSet("grade", flag.ContinueOnError)
		var o string
		fl.StringVar(&o, "out", "", "")
		subs, err := parseSubmissions(fl, args)
		if err != nil || subs[len(subs)-1] == "o" {
			t.Errorf("%q: %v", args, subs)
		}
	}
}

// A row printed for a submission carries no terminal control and no CI command.
func TestGradeRowsAreSafe(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	e := &Env{Stdout: &out}
	e.printGradebook(&classroom.Gradebook{Submissions: []*classroom.Result{
		{ID: "::error file=x::forged", Status: classroom.Error, Error: "\x1b[2K\rpassed ##[error]x"},
	}})
	if s := out.String(); strings.ContainsAny(s, "\x1b\r") || strings.HasPrefix(s, "::") || strings.Contains(s, "##[") {
		t.Errorf("row %q", s)
	}
}
