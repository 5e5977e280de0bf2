package cli

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
)

// secrets returns what the key of the carried course holds and a student must
// not find: every solution and mistake fill, mistake name and hint, and every
// quiz key. A string the course shows anyway (in a learner file, a test, a
// prompt or an option) is left out: it cannot leak.
func secrets(t *testing.T) []string {
	t.Helper()
	k, err := bundle.Key()
	if err != nil {
		t.Fatal(err)
	}
	c, err := k.Course()
	if err != nil {
		t.Fatal(err)
	}
	qs, err := k.Quizzes()
	if err != nil {
		t.Fatal(err)
	}
	var given strings.Builder
	fs.WalkDir(k.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			b, _ := fs.ReadFile(k.FS(), p)
			given.Write(b)
		}
		return nil
	})
	given.WriteString(c.Title + c.Welcome + c.Final)
	var keys []string
	for _, e := range c.Exercises {
		given.WriteString(e.Title)
		keys = append(keys, e.Solution...)
		keys = append(keys, e.Hints...)
		for _, m := range e.Mistakes {
			keys = append(keys, m.Name)
			for _, f := range m.Fills {
				keys = append(keys, f)
			}
		}
	}
	for _, qz := range qs {
		given.WriteString(qz.Title + qz.Intro)
		for _, q := range qz.Questions {
			given.WriteString(q.Prompt + q.Program)
			keys = append(keys, q.Explanation, q.Answer, q.Output)
			keys = append(keys, q.Accept...)
			keys = append(keys, q.Patterns...)
			for _, o := range q.Options {
				given.WriteString(o.Text)
				keys = append(keys, o.Feedback)
			}
			for _, s := range q.Steps {
				given.WriteString(s.Text)
			}
		}
	}
	var out []string
	shown := map[string]bool{}
	for _, s := range keys {
		switch s = strings.TrimSpace(s); {
		case s == "" || slices.Contains(out, s):
		case strings.Contains(given.String(), s):
			shown[s] = true
		default:
			out = append(out, s)
		}
	}
	t.Logf("%d strings of the key to look for; %d more (fills such as `go` or `wg.Wait()`) are shown anyway by the course's files, prompts or options", len(out), len(shown))
	return out
}

// leaks returns the secrets found in the files under root.
func leaks(t *testing.T, fsys fs.FS, secrets []string) []string {
	var found []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(fsys, p)
		for _, s := range secrets {
			// Also as TOML or Go would escape it.
			quoted, _ := json.Marshal(s)
			if strings.Contains(string(b), s) || strings.Contains(string(b), string(quoted[1:len(quoted)-1])) {
				found = append(found, p+": "+s)
			}
		}
		return nil
	})
	return found
}

// No file of a fresh workspace holds a solution fill, a mistake, a hint or a quiz
// key, and `gilgrade solution` before a pass refuses.
func TestInitWorkspaceHoldsNoKey(t *testing.T) {
	t.Parallel()
	ss := secrets(t)
	if len(ss) < 100 {
		t.Fatalf("only %d secrets to look for: the test would prove little", len(ss))
	}
	k, _ := bundle.Key()
	// The course source holds them all; this is what the workspace must not.
	if found := leaks(t, k.FS(), ss); len(found) < len(ss) {
		t.Fatalf("the key holds %d of %d secrets: the search is broken", len(found), len(ss))
	}
	root := workspace(t)
	if found := leaks(t, os.DirFS(root), ss); len(found) > 0 {
		t.Errorf("a fresh workspace gives answers away:\n%s", strings.Join(found, "\n"))
	}
	// Every blank is still a blank.
	c, err := course.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Exercises {
		if e.HasKey() || len(e.Hints) > 0 || len(e.Mistakes) > 0 {
			t.Errorf("%s: the workspace's exercise.toml holds a key", e.ID)
		}
		n := 0
		for _, f := range e.LearnerPaths() {
			b, _ := os.ReadFile(filepath.Join(root, f))
			n += len(blanks.Scan(b))
		}
		if n == 0 || n != e.Blanks {
			t.Errorf("%s: %d blanks in the learner files, metadata says %d", e.ID, n, e.Blanks)
		}
	}
	r := run(t, root, "solution", "ex01")
	if r.code != ExitFailed || r.stdout != "" {
		t.Errorf("solution before a pass: exit %d\n%s", r.code, r.stdout)
	}
	// Self-study still has what it needs, from the key gilgrade carries.
	if r := run(t, root, "hint", "--all", "ex01"); r.code != ExitOK || !strings.Contains(r.stdout, "Hint 3 of 3") {
		t.Errorf("hint: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runQuizCmd(t, root, "1\n", "gil"); !strings.Contains(r.stdout, "GIL is a mutex inside the interpreter") {
		t.Errorf("the quiz's explanation after an answer is missing:\n%s%s", r.stdout, r.stderr)
	}
	if r := run(t, root, "list"); r.code != ExitOK || !strings.Contains(r.stdout, "not started") {
		t.Errorf("list: %s%s", r.stdout, r.stderr)
	}
}

// A workspace written by an older gilgrade holds the source's files, keys and
// all: it still checks, and reset --all writes the key-free shape without
// keeping the old files as backups.
func TestOlderWorkspace(t *testing.T) {
	t.Parallel()
	k, _ := bundle.Key()
	root := t.TempDir()
	if err := k.Extract(root); err != nil {
		t.Fatal(err)
	}
	if r := run(t, root, "list"); r.code != ExitOK || !strings.Contains(r.stdout, "not started") {
		t.Errorf("list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, root, "quiz", "gil", "--answers", sample(t, "gil_answers.toml")); r.code != ExitOK {
		t.Errorf("quiz --answers: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !testing.Short() {
		fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
		rep, r := checkJSON(t, root, "--strict", "ex01")
		if r.code != ExitOK || rep.KeyHash != k.Hash || rep.Course != k.CourseID {
			t.Errorf("strict check of an older workspace: exit %d, course %q, key %q\n%s", r.code, rep.Course, rep.KeyHash, r.stderr)
		}
	}
	if r := run(t, root, "reset", "--all"); r.code != ExitOK || strings.Contains(r.stdout, "exercise.toml") {
		t.Fatalf("reset --all: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if found := leaks(t, os.DirFS(root), secrets(t)); len(found) > 0 {
		t.Errorf("after reset --all the workspace still gives answers away:\n%s", strings.Join(found, "\n"))
	}
}

// The value of $GILGRADE_KEY is taken out of the environment that go commands
// and the learner's tests inherit, and still reaches gilgrade's own lookups.
func TestKeyOutOfEnviron(t *testing.T) {
	t.Setenv(coursekey.EnvVar, "the key itself")
	getenv := keyOutOfEnviron()
	if v, set := os.LookupEnv(coursekey.EnvVar); set {
		t.Errorf("$%s is still in the environment: %q", coursekey.EnvVar, v)
	}
	if getenv(coursekey.EnvVar) != "the key itself" {
		t.Error("gilgrade's lookup lost the key")
	}
	if !environHidden() {
		t.Error("other processes can still read the key in this process's initial environment")
	}
	if !slices.Contains(classroom.CleanEnv([]string{coursekey.EnvVar + "=x", "PATH=/bin"}), "PATH=/bin") ||
		slices.Contains(classroom.CleanEnv([]string{coursekey.EnvVar + "=x"}), coursekey.EnvVar+"=x") {
		t.Error("grade's children would inherit the key")
	}
}

func TestKeyErrors(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	bad := filepath.Join(t.TempDir(), "bad.gilkey")
	os.WriteFile(bad, []byte("gilgrade course key\nversion: 1\ncourse: x\nhash: sha256:00\n-- a --\nb\n"), 0o600)
	for _, args := range [][]string{
		{"hint", "ex01", "--key", bad},
		{"check", "--strict", "ex01", "--key", bad},
		{"quiz", "gil", "--answers", "x.toml", "--key", bad},
		{"grade", "--key", bad, "nobody"},
	} {
		r := run(t, root, args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "do not match its hash") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}

// oneExerciseSource writes a course source of ex01 and the gil quiz only.
func oneExerciseSource(t *testing.T) string {
	t.Helper()
	src := forkCourse(t)
	p := filepath.Join(src, "exercises", "course.toml")
	b, _ := os.ReadFile(p)
	head, _, _ := strings.Cut(string(b), "exercises = [")
	os.WriteFile(p, []byte(head+"exercises = [\"ex01_start_join\"]\n"), 0o644)
	os.Remove(filepath.Join(src, "quizzes", "goroutines.toml"))
	return src
}

func TestCourseCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("verifies an exercise under the race detector")
	}
	t.Parallel()
	src := oneExerciseSource(t)
	r := run(t, t.TempDir(), "course", "check", src)
	if r.code != ExitOK || !strings.Contains(r.stdout, "✓ solution") || !strings.Contains(r.stdout, "quizzes/gil.toml: gil") {
		t.Fatalf("course check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A solution that fails its own tests is found.
	meta := filepath.Join(src, "exercises", "ex01_start_join", "exercise.toml")
	b, _ := os.ReadFile(meta)
	os.WriteFile(meta, []byte(strings.Replace(string(b), "  \"wg.Wait()\",\n", "  \"\",\n", 1)), 0o644)
	if r := run(t, t.TempDir(), "course", "check", src); r.code != ExitFailed || !strings.Contains(r.stdout, "the reference solution did not pass") {
		t.Errorf("a broken solution: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
