package classroom

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
)

func gradeClass(t *testing.T, class string, ids []string, o Options) (map[string]*Result, *fakeGrader) {
	t.Helper()
	fg := &fakeGrader{}
	var srcs []string
	for _, id := range ids {
		srcs = append(srcs, filepath.Join(class, id))
	}
	if o.Course == nil {
		o.Course = testCourse
	}
	o.Grade, o.Jobs, o.Dedupe = fg.grade, 2, true
	byID := map[string]*Result{}
	for _, r := range Grade(context.Background(), IDs(srcs), o) {
		byID[r.ID] = r
	}
	return byID, fg
}

func TestKeyIgnoresCommentsAndSpacingOnly(t *testing.T) {
	root := t.TempDir()
	e := testCourse.Exercises[0]
	key := func(src string, extra ...string) string {
		dir := filepath.Join(root, filepath.FromSlash(e.Dir))
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "a.go"), []byte(src), 0o644)
		for i := 0; i+1 < len(extra); i += 2 {
			os.WriteFile(filepath.Join(dir, extra[i]), []byte(extra[i+1]), 0o644)
		}
		return exerciseKey("v1", root, e)
	}
	base := key("package p\n\nfunc f() int { return 1 }\n")
	for name, src := range map[string]string{
		"comment":    "package p\n\n// f returns one.\nfunc f() int { return 1 /* one */ }\n",
		"spacing":    "package p\nfunc f() int {\n\treturn 1\n}\n",
		"semicolons": "package p;\n\nfunc f() int { return 1; };\n",
	} {
		if k := key(src); k != base {
			t.Errorf("%s: a different key for the same code", name)
		}
	}
	for name, src := range map[string]string{
		"code":      "package p\n\nfunc f() int { return 2 }\n",
		"directive": "//go:build ignore\n\npackage p\n\nfunc f() int { return 1 }\n",
		"line":      "package p\n\n//line x.go:1\nfunc f() int { return 1 }\n",
		"linkname":  "package p\n\n//go:linkname f runtime.f\nfunc f() int { return 1 }\n",
		"string":    "package p\n\nfunc f() string { return `a\n\nb` }\n",
		"string2":   "package p\n\nfunc f() string { return `a\nb` }\n",
		"cgo":       "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc f() int { return 1 }\n",
	} {
		if k := key(src); k == base {
			t.Errorf("%s: the same key as different code", name)
		}
	}
	if key("package p\n\nfunc f() int { return 1 }\n", "extra.go", "package p\nfunc init() {}\n") == base {
		t.Error("an extra file in the exercise folder does not change the key")
	}
	if key("package p\n\nfunc f() int { return 1 }\n") != base {
		t.Error("the key is not stable")
	}
	if exerciseKey("v2", root, e) == base {
		t.Error("the course version is not part of the key")
	}
}

// Fills that differ only in comments are graded once; a classmate's grading
// error is never reused, and a reused result from a run without the race
// detector does not claim it ran.
func TestDedupeByNormalisedFills(t *testing.T) {
	class := t.TempDir()
	writeWorkspace(t, filepath.Join(class, "a1"), "package p // ok", "grader-error")
	writeWorkspace(t, filepath.Join(class, "a2"), "package p\n\n// ok, with another comment\n", "grader-error")
	res, fg := gradeClass(t, class, []string{"a1", "a2"}, Options{Race: false})
	slices.Sort(fg.calls)
	// a1 grades both; a2 reuses ex01 and grades ex02 itself, as a1's is an error.
	if want := []string{"0/ex01", "0/ex02", "1/ex02"}; !slices.Equal(fg.calls, want) {
		t.Errorf("graded %v, want %v", fg.calls, want)
	}
	a2 := res["a2"]
	if a2.Reused["ex01"] != "a1" || a2.Reused["ex02"] != "" || a2.Report.Exercises[0].Status != report.Passed {
		t.Errorf("a2: reused %v, report %+v", a2.Reused, a2.Report)
	}
	if a2.Report.RaceChecked || a2.Report.Exercises[0].RaceChecked {
		t.Error("a reused result claims the race detector ran")
	}
}

// A submission's quizzes and quiz files count for nothing: the course's quizzes
// are graded for every submission from its own answers, whatever was reused.
func TestQuizzesComeFromTheCourse(t *testing.T) {
	qz, err := quiz.Parse("quizzes/q.toml", []byte(`id = "q"
title = "Q"
pass_mark = 1

[[questions]]
id = "one"
type = "choice"
prompt = "One?"
explanation = "Yes."

  [[questions.options]]
  id = "yes"
  text = "yes"
  correct = true

  [[questions.options]]
  id = "no"
  text = "no"
`))
	if err != nil {
		t.Fatal(err)
	}
	class := t.TempDir()
	for _, s := range []struct{ id, answer string }{{"ann", "yes"}, {"bob", "no"}, {"cat", ""}} {
		dir := filepath.Join(class, s.id)
		writeWorkspace(t, dir, "ok", "ok")
		if s.answer != "" {
			os.MkdirAll(filepath.Join(dir, "answers"), 0o755)
			os.WriteFile(filepath.Join(dir, "answers", "q.toml"), []byte("quiz = \"q\"\n\n[answers]\none = \""+s.answer+"\"\n"), 0o644)
		}
	}
	// Bob's own quiz, worth a thousand points, with his answers.
	os.MkdirAll(filepath.Join(class, "bob", "quizzes"), 0o755)
	os.WriteFile(filepath.Join(class, "bob", "quizzes", "bonus.toml"), []byte("id = \"bonus\"\n"), 0o644)
	os.WriteFile(filepath.Join(class, "bob", "answers", "bonus.toml"), []byte("quiz = \"bonus\"\n"), 0o644)
	// Cat links her answers to a file outside her submission.
	os.MkdirAll(filepath.Join(class, "cat", "answers"), 0o755)
	os.WriteFile(filepath.Join(class, "secret.toml"), []byte("quiz = \"q\"\n\n[answers]\none = \"yes\"\n"), 0o644)
	os.Symlink(filepath.Join(class, "secret.toml"), filepath.Join(class, "cat", "answers", "q.toml"))

	res, _ := gradeClass(t, class, []string{"ann", "bob", "cat"}, Options{Quizzes: []*quiz.Quiz{qz}})
	quizScore := func(r *Result) (float64, bool) {
		if r.Report == nil || len(r.Report.Quizzes) == 0 {
			return 0, false
		}
		return r.Report.Quizzes[0].Score, true
	}
	if s, ok := quizScore(res["ann"]); !ok || s != 1 {
		t.Errorf("ann: quiz %v %v", s, ok)
	}
	if s, ok := quizScore(res["bob"]); !ok || s != 0 || len(res["bob"].Report.Quizzes) != 1 || len(res["bob"].Reused) != 2 {
		t.Errorf("bob (who reused both exercises): quizzes %+v", res["bob"].Report)
	}
	if r := res["cat"]; r.Status != Error || !strings.Contains(r.Error, "answers/q.toml is a symbolic link") {
		t.Errorf("cat: %s %q", r.Status, r.Error)
	}
	book := NewGradebook(testCourse, []*quiz.Quiz{qz}, []*Result{res["ann"], res["bob"], res["cat"]})
	if len(book.Columns) != 3 || book.MaxScore != 4 {
		t.Errorf("columns %+v, max %v", book.Columns, book.MaxScore)
	}
}

// A symbolic link anywhere in a submission, folder or git repository, refuses
// it with the link's name; nothing is read through it.
func TestSymlinksAreRefused(t *testing.T) {
	class := t.TempDir()
	writeWorkspace(t, filepath.Join(class, "lin"), "ok", "ok")
	os.Symlink("/etc/passwd", filepath.Join(class, "lin", "exercises", "ex02_b", "b.go"))
	res, fg := gradeClass(t, class, []string{"lin"}, Options{})
	if r := res["lin"]; r.Status != Error || !strings.Contains(r.Error, "exercises/ex02_b/b.go is a symbolic link") {
		t.Errorf("folder: %s %q", r.Status, r.Error)
	}
	if len(fg.calls) != 0 {
		t.Errorf("graded %v", fg.calls)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := filepath.Join(class, "gitlin")
	writeWorkspace(t, repo, "ok", "ok")
	os.Symlink("/etc/passwd", filepath.Join(repo, "exercises", "ex02_b", "b.go"))
	bare := commit(t, repo)
	res, _ = gradeClass(t, class, []string{filepath.Base(bare)}, Options{})
	if r := res["gitlin"]; r.Status != Error || !strings.Contains(r.Error, "exercises/ex02_b/b.go is a symbolic link") {
		t.Errorf("git: %s %q", r.Status, r.Error)
	}
}

// commit makes dir a git repository and returns a bare clone of it beside it.
func commit(t *testing.T, dir string) string {
	t.Helper()
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=g", "-c", "user.email=g@x", "commit", "-q", "-m", "work"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	bare := dir + ".git"
	if out, err := exec.Command("git", "clone", "-q", "--bare", dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("git clone --bare: %v\n%s", err, out)
	}
	return bare
}

// One set of limits holds for folders and git repositories, checked before the
// files are written.
func TestLimitsHoldForFoldersAndGit(t *testing.T) {
	class := t.TempDir()
	writeWorkspace(t, filepath.Join(class, "big"), "ok", "ok")
	os.WriteFile(filepath.Join(class, "big", "blob.bin"), bytes.Repeat([]byte("x"), 3000), 0o644)
	git := false
	if _, err := exec.LookPath("git"); err == nil {
		git = true
		writeWorkspace(t, filepath.Join(class, "gbig"), "ok", "ok")
		os.WriteFile(filepath.Join(class, "gbig", "blob.bin"), bytes.Repeat([]byte("x"), 3000), 0o644)
		commit(t, filepath.Join(class, "gbig"))
	}
	for _, tc := range []struct {
		l    Limits
		want string
	}{
		{Limits{FileBytes: 2000}, "blob.bin is larger than"},
		{Limits{Files: 3}, "more than 3 files"},
		{Limits{Bytes: 2000}, "in all"},
	} {
		ids := []string{"big"}
		if git {
			ids = append(ids, "gbig.git")
		}
		res, _ := gradeClass(t, class, ids, Options{Limits: tc.l})
		for _, r := range res {
			if r.Status != Error || !strings.Contains(r.Error, tc.want) {
				t.Errorf("%+v, %s: %s %q, want %q", tc.l, r.ID, r.Status, r.Error, tc.want)
			}
		}
	}
	res, _ := gradeClass(t, class, []string{"big"}, Options{})
	if r := res["big"]; r.Status != Passed {
		t.Errorf("within the default limits: %s %q", r.Status, r.Error)
	}
}

func TestCredentialsAreRedacted(t *testing.T) {
	subs := IDs([]string{"https://user:s3cret@example.com", "https://bob:tok3n@example.com/class/bob.git"})
	res := Grade(context.Background(), subs, Options{Course: testCourse, Grade: (&fakeGrader{}).grade,
		Env: append(os.Environ(), "GIT_ALLOW_PROTOCOL=none")})
	for _, r := range res {
		all := r.ID + r.Source + r.Error
		if strings.Contains(all, "s3cret") || strings.Contains(all, "tok3n") {
			t.Errorf("a credential is kept: %+v", r)
		}
	}
	if subs[1].ID != "bob" {
		t.Errorf("ids %+v", subs)
	}
}

// The merged gradebook of three shards is the gradebook of one unsharded run.
func TestMergeShardsEqualsOneRun(t *testing.T) {
	class := t.TempDir()
	var ids []string
	for i, fills := range [][2]string{{"ok", "ok"}, {"ok", "no"}, {"no", "ok"}, {"ok", "ok"}, {"crash", "ok"}, {"no", "no"}, {"ok", "no"}} {
		id := string(rune('a' + i))
		writeWorkspace(t, filepath.Join(class, id), fills[0], fills[1])
		ids = append(ids, id)
	}
	ids = append(ids, "missing")
	var srcs []string
	for _, id := range ids {
		srcs = append(srcs, filepath.Join(class, id))
	}
	o := Options{Course: testCourse, Grade: (&fakeGrader{}).grade, Jobs: 2, Dedupe: true}
	csvOf := func(g *Gradebook) string {
		var b bytes.Buffer
		if err := g.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	whole := NewGradebook(testCourse, nil, Grade(context.Background(), IDs(srcs), o))
	whole.Run = &Run{Race: true, Jobs: 2}
	var shards []*Gradebook
	for i := 1; i <= 3; i++ {
		g := NewGradebook(testCourse, nil, Grade(context.Background(), Shard(IDs(srcs), i, 3), o))
		g.Run = &Run{Race: true, Jobs: 2, Shard: string(rune('0'+i)) + "/3"}
		// Through JSON, as the CI jobs hand them over.
		var b bytes.Buffer
		g.WriteJSON(&b)
		back, err := ReadGradebook(&b)
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, back)
	}
	merged, err := Merge([]*Gradebook{shards[2], shards[0], shards[1]})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := csvOf(merged), csvOf(whole); got != want {
		t.Errorf("merged:\n%s\nwhole:\n%s", got, want)
	}
	if merged.Run.Shard != "" || len(merged.Submissions) != len(ids) {
		t.Errorf("merged run %+v, %d submissions", merged.Run, len(merged.Submissions))
	}
	if _, err := Merge([]*Gradebook{shards[0], shards[0]}); err == nil || !strings.Contains(err.Error(), "is in gradebooks 1 and 2") {
		t.Errorf("a shard merged twice: %v", err)
	}
	other := *shards[1]
	other.Run = &Run{Race: false, Jobs: 2}
	if _, err := Merge([]*Gradebook{shards[0], &other}); err == nil || !strings.Contains(err.Error(), "other options") {
		t.Errorf("shards graded with other options: %v", err)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	book := NewGradebook(&course.Course{ID: "demo"}, nil, []*Result{{ID: "=HYPERLINK(\"http://x\")", Status: Error, Error: "@SUM(1)\x1b[2J"}})
	var b bytes.Buffer
	if err := book.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""http://x"")"`) || !strings.Contains(b.String(), `'@SUM(1)\x1b[2J`) {
		t.Errorf("csv:\n%s", b.String())
	}
}

// goTokens takes any bytes a learner may write: it never panics, and a file
// keys the same however often it is read.
func FuzzGoTokens(f *testing.F) {
	f.Add([]byte("package p\n\n// c\nfunc f() int { return 1 }\n"))
	f.Add([]byte("package p\nimport \"C\"\n"))
	f.Add([]byte("//go:build x\npackage p;;\n/*line a:1*/ var s = `\n\n`"))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, okA := goTokens(src)
		b, okB := goTokens(src)
		if okA != okB || !bytes.Equal(a, b) {
			t.Fatalf("two readings differ")
		}
	})
}
