package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
)

// savedReport is the report package's saved class report, with its goldens
// rendered under the path prefix "course".
var savedReport, _ = filepath.Abs(filepath.Join("..", "report", "testdata", "saved_report.json"))

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func graded(rep *report.Report) []string {
	var ids []string
	for _, ex := range rep.Exercises {
		ids = append(ids, ex.ID)
	}
	return ids
}

// TestCheckChanged grades a pull request's changes in a repository whose
// course is in a folder.
func TestCheckChanged(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	root := filepath.Join(repo, "course")
	if r := run(t, t.TempDir(), "init", root); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	os.WriteFile(filepath.Join(repo, "README.md"), []byte("hello\n"), 0o644)
	gitRepo(t, repo)
	gitRun(t, repo, "branch", "base")

	// Nothing changed: nothing graded, and the report says so.
	rep, r := checkJSON(t, root, "--changed", "base", "--no-race")
	if r.code != ExitOK || len(rep.Exercises) != 0 || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "no exercise or quiz answer changed since base") {
		t.Errorf("no change: exit %d, %v, notes %q, stderr %q", r.code, graded(rep), rep.Notes, r.stderr)
	}

	// A committed edit in ex02, an untracked file in ex03, and files outside
	// the exercises.
	appendTo := func(name, text string) {
		f, err := os.OpenFile(filepath.Join(root, name), os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(text)
		f.Close()
	}
	appendTo("exercises/ex02_mutex_append/squares.go", "\n// my note\n")
	gitRun(t, repo, "commit", "-q", "-am", "ex02")
	os.WriteFile(filepath.Join(root, "exercises/ex03_worker_pool/notes.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(repo, "README.md"), []byte("changed\n"), 0o644)
	rep, r = checkJSON(t, root, "--changed", "base", "--no-race")
	if !slices.Equal(graded(rep), []string{"ex02", "ex03"}) || r.code != ExitFailed {
		t.Errorf("graded %v, exit %d, want ex02 and ex03, exit 1\n%s", graded(rep), r.code, r.stderr)
	}
	if len(rep.Notes) == 0 || !strings.Contains(rep.Notes[len(rep.Notes)-1], "graded only what changed since base: ex02, ex03 (the course has") {
		t.Errorf("notes %q", rep.Notes)
	}

	// A file every exercise shares: all of them.
	appendTo("exercises/go.mod", "\n")
	rep, _ = checkJSON(t, root, "--changed", "base", "--no-race")
	if len(rep.Exercises) < 8 {
		t.Errorf("go.mod changed: graded %v, want every exercise", graded(rep))
	}
}

func TestCheckChangedErrors(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	// Not a repository.
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	r := run(t, root, "check", "--changed", "main")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "not in a git repository") {
		t.Errorf("no repository: exit %d, %q", r.code, r.stderr)
	}
	gitRepo(t, root)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--changed", "origin/nope"}, `there is no commit "origin/nope"`},
		{[]string{"check", "--changed", "--all"}, `"--all" is not a git ref`},
		{[]string{"check", "--changed", "main", "--all"}, "give no exercise and no --all"},
		{[]string{"check", "--changed", "main", "ex01"}, "give no exercise and no --all"},
		{[]string{"check", "--changed", "main", "--path-prefix", "../x"}, "--path-prefix"},
	} {
		r := run(t, root, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 with %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestCheckChangedQuiz: a changed answers file grades that quiz alone.
func TestCheckChangedQuiz(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	gitRepo(t, root)
	qs, _ := filepath.Glob(filepath.Join(root, "quizzes", "*.toml"))
	if len(qs) == 0 {
		t.Skip("the course has no quiz")
	}
	id := strings.TrimSuffix(filepath.Base(qs[0]), ".toml")
	os.MkdirAll(filepath.Join(root, "answers"), 0o755)
	os.WriteFile(filepath.Join(root, "answers", id+".toml"), []byte("# no answers yet\n"), 0o644)
	rep, r := checkJSON(t, root, "--changed", "HEAD", "--no-race")
	if len(rep.Exercises) != 0 || len(rep.Quizzes) != 1 || rep.Quizzes[0].ID != id {
		b, _ := json.Marshal(rep)
		t.Errorf("exit %d: %s\n%s", r.code, b, r.stderr)
	}
}
