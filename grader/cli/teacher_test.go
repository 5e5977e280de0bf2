package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/report"
)

// The teacher's change to ex01: a new test, and another reference solution.
const (
	teacherTest = `package startjoin

import (
	"testing"
	"testing/synctest"
)

func TestSquaresTeacher(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := Squares([]int{-3, 0, 7})
		if len(got) != 3 || got[0] != 9 || got[1] != 0 || got[2] != 49 {
			t.Errorf("Squares([-3 0 7]) = %v, want [9 0 49]", got)
		}
	})
}
`
	teacherFill = "defer func() { wg.Done() }()"
)

var teacherSolution = []string{"wg.Add(1)", "go", teacherFill, "wg.Wait()"}

// forkCourse writes the course source as a teacher's fork: its own id, ex01
// with a new test and another solution, and quiz gil with another right answer.
func forkCourse(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	k, _ := bundle.Key()
	if err := k.Extract(src); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q (%v)", name, old, err)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("exercises/course.toml", `id = "go-concurrency"`, `id = "teacher-demo"`)
	edit("exercises/ex01_start_join/exercise.toml", "  \"defer wg.Done()\",\n", "  \""+teacherFill+"\",\n")
	edit("quizzes/gil.toml", "  correct = true\n", "")
	edit("quizzes/gil.toml", "  id = \"manual-lock\"\n", "  id = \"manual-lock\"\n  correct = true\n")
	os.WriteFile(filepath.Join(src, "exercises/ex01_start_join/teacher_test.go"), []byte(teacherTest), 0o644)
	return src
}

// fillWith fills ex01 of the workspace at root.
func fillWith(t *testing.T, root string, fills []string) {
	t.Helper()
	fill(t, root, fills...)
}

func testNames(ex report.Exercise) []string {
	var names []string
	for _, tr := range ex.Tests {
		names = append(names, tr.Name)
	}
	return names
}

// runWithEnv runs the CLI with an environment of its own.
func runWithEnv(t *testing.T, dir string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Context: context.Background(),
		Getenv: func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			return os.Getenv(k)
		}}
	code := e.Main(args)
	return result{out.String(), errb.String(), code}
}

// AUTHORING.md's walk-through, end to end: a fork of the course source with one
// exercise changed builds into a workspace and a key; check --strict --key and
// grade --key grade with the changed test; the carried course still grades
// without a key.
func TestTeacherCourse(t *testing.T) {
	if testing.Short() {
		t.Skip("grades under the race detector")
	}
	t.Parallel()
	src := forkCourse(t)
	out := t.TempDir()
	r := run(t, out, "course", "build", src, "-o", "build")
	if r.code != ExitOK || !strings.Contains(r.stdout, `course "teacher-demo"`) {
		t.Fatalf("course build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	keyFile := filepath.Join(out, "build", "teacher-demo.gilkey")
	k, err := coursekey.FromValue(keyFile, "")
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(keyFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the key file is not private: %v %v", info.Mode(), err)
	}
	compact, err := os.ReadFile(keyFile + ".b64")
	if err != nil {
		t.Fatal(err)
	}
	template := filepath.Join(out, "build", "workspace")
	if _, err := os.Stat(filepath.Join(template, "exercises/ex01_start_join/teacher_test.go")); err != nil {
		t.Fatalf("the workspace lacks the new test: %v", err)
	}
	for _, name := range []string{"exercises/ex01_start_join/exercise.toml", "quizzes/gil.toml"} {
		b, _ := os.ReadFile(filepath.Join(template, name))
		if bytes.Contains(b, []byte(teacherFill)) || bytes.Contains(b, []byte("correct =")) {
			t.Errorf("%s of the workspace gives an answer away:\n%s", name, b)
		}
	}
	if r := run(t, out, "course", "build", src, "-o", "build"); r.code != ExitUsage {
		t.Errorf("building over a workspace without --force: exit %d", r.code)
	}
	if r := run(t, out, "course", "build", src, "-o", "build", "--force"); r.code != ExitOK {
		t.Errorf("--force: exit %d\n%s", r.code, r.stderr)
	}

	// A student works in a copy of the template.
	student := filepath.Join(t.TempDir(), "alice")
	if err := os.CopyFS(student, os.DirFS(template)); err != nil {
		t.Fatal(err)
	}
	fillWith(t, student, teacherSolution)
	for name, env := range map[string]map[string]string{
		"--key":                nil,
		"$GILGRADE_KEY path":   {coursekey.EnvVar: keyFile},
		"$GILGRADE_KEY itself": {coursekey.EnvVar: string(compact)},
	} {
		args := []string{"check", "--strict", "--format", "json", "ex01"}
		if env == nil {
			args = append(args, "--key", keyFile)
		}
		r := runWithEnv(t, student, env, args...)
		var rep report.Report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK {
			t.Fatalf("%s: exit %d, %v\n%s%s", name, r.code, err, r.stdout, r.stderr)
		}
		if rep.Course != "teacher-demo" || rep.KeyHash != k.Hash || !slices.Contains(testNames(rep.Exercises[0]), "TestSquaresTeacher") {
			t.Errorf("%s: course %q, key %q, tests %v", name, rep.Course, rep.KeyHash, testNames(rep.Exercises[0]))
		}
	}
	// The key's tests are graded, whatever the student's tree holds.
	os.Remove(filepath.Join(student, "exercises/ex01_start_join/teacher_test.go"))
	rep, r := checkJSON(t, student, "--strict", "--key", keyFile, "ex01")
	if ex := rep.Exercises[0]; r.code != ExitFailed || !slices.Contains(testNames(ex), "TestSquaresTeacher") || !hasCode(ex, "test-file-modified") {
		t.Errorf("without its copy of the new test: exit %d, tests %v, codes %v", r.code, testNames(ex), codesOf(ex))
	}
	os.WriteFile(filepath.Join(student, "exercises/ex01_start_join/teacher_test.go"), []byte(teacherTest), 0o644)
	// gilgrade does not carry this course: strict grading needs its key.
	if r := run(t, student, "check", "--strict", "ex01"); r.code != ExitUsage || !strings.Contains(r.stderr, "--key") {
		t.Errorf("strict without the key: exit %d\n%s", r.code, r.stderr)
	}
	// Self-study with the key: the teacher's solution, after the pass.
	if r := run(t, student, "solution", "ex01", "--key", keyFile); r.code != ExitOK || !strings.Contains(r.stdout, teacherFill) {
		t.Errorf("solution --key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, student, "hint", "ex01"); r.code != ExitUsage || !strings.Contains(r.stderr, "--key") {
		t.Errorf("hint without the key: exit %d\n%s", r.code, r.stderr)
	}
	// The quiz is graded with the teacher's answers.
	answers := sample(t, "gil_answers.toml")
	if r := run(t, student, "quiz", "gil", "--answers", answers); r.code != ExitUsage {
		t.Errorf("quiz --answers without the key: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, student, "quiz", "gil", "--answers", answers, "--format", "json", "--key", keyFile)
	var qrep report.Report
	json.Unmarshal([]byte(r.stdout), &qrep)
	if len(qrep.Quizzes) != 1 || qrep.Quizzes[0].Score != qrep.Quizzes[0].MaxScore-1 || qrep.KeyHash != k.Hash {
		t.Errorf("quiz --answers --key: exit %d %+v\n%s", r.code, qrep, r.stderr)
	}

	// The class: alice solved ex01, bob did nothing.
	class := filepath.Dir(student)
	if err := os.CopyFS(filepath.Join(class, "bob"), os.DirFS(template)); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "book")
	if r := run(t, class, "grade", "--jobs", "1", "--key", keyFile, "--out", book, "alice", "bob"); r.code != ExitOK {
		t.Fatalf("grade --key: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var gb classroom.Gradebook
	b, _ := os.ReadFile(filepath.Join(book, "gradebook.json"))
	if err := json.Unmarshal(b, &gb); err != nil {
		t.Fatal(err)
	}
	if gb.Course != "teacher-demo" || gb.KeyHash != k.Hash || len(gb.Submissions) != 2 {
		t.Fatalf("gradebook: course %q key %q, %d submissions", gb.Course, gb.KeyHash, len(gb.Submissions))
	}
	for _, s := range gb.Submissions {
		want := map[string]float64{"alice": 1, "bob": 0}[s.ID]
		if s.Score != want || s.Report == nil || s.Report.KeyHash != k.Hash {
			t.Errorf("%s: score %v, want %v (%s)", s.ID, s.Score, want, s.Error)
			continue
		}
		if s.ID == "alice" && !slices.Contains(testNames(s.Report.Exercises[0]), "TestSquaresTeacher") {
			t.Errorf("alice was not graded with the new test: %v", testNames(s.Report.Exercises[0]))
		}
	}

	// The course gilgrade carries still grades without a key.
	mine := workspace(t)
	fill(t, mine, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	carried, _ := bundle.Key()
	if rep, r := checkJSON(t, mine, "--strict", "ex01"); r.code != ExitOK || rep.KeyHash != carried.Hash || rep.Course != carried.CourseID {
		t.Errorf("the carried course: exit %d, course %q, key %q\n%s", r.code, rep.Course, rep.KeyHash, r.stderr)
	}
	// ... and the teacher's key refuses it.
	if r := run(t, mine, "check", "--strict", "ex01", "--key", keyFile); r.code != ExitUsage {
		t.Errorf("another course's key: exit %d\n%s", r.code, r.stderr)
	}
}
