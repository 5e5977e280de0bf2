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

// TestReportCommand renders the saved report as the pull request comment and as
// Code Quality: the command writes what the report package's goldens hold.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	for format, golden := range map[string]string{"pr-comment": "pr_comment.md.golden", "codequality": "codequality.json.golden"} {
		r := run(t, dir, "report", "--format", format, "--path-prefix", "course/", savedReport)
		want, err := os.ReadFile(filepath.Join("..", "report", "testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		if r.code != ExitOK || r.stdout != string(want) {
			t.Errorf("report --format %s: exit %d, stderr %q\n%s", format, r.code, r.stderr, r.stdout)
		}
		// --output writes the file and nothing else.
		out := filepath.Join(dir, format+".out")
		r = run(t, dir, "report", savedReport, "--format", format, "--path-prefix", "course", "--output", format+".out")
		got, _ := os.ReadFile(out)
		if r.code != ExitOK || r.stdout != "" || string(got) != string(want) {
			t.Errorf("report --output: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	}
	// Standard input, and the github format's annotations at the prefixed path.
	b, _ := os.ReadFile(savedReport)
	var stdout, stderr strings.Builder
	e := &Env{Stdin: strings.NewReader(string(b)), Stdout: &stdout, Stderr: &stderr, Dir: dir, Getenv: func(string) string { return "" }}
	if code := e.Main([]string{"report", "--format", "github", "--path-prefix", "course", "-"}); code != ExitOK ||
		!strings.Contains(stdout.String(), "::error file=course/exercises/ex02_mutex_append/append.go,line=17,") {
		t.Errorf("report - : exit %d, stderr %q\n%s", code, stderr.String(), stdout.String())
	}
}

func TestReportCommandErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{\n  \"tool\": \"gilgrade\",\n  \"version\": 1,\n  \"status\": passed\n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "other.json"), []byte(`{"tool": "eslint"}`), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "missing.json"}, "cannot read the report"},
		{[]string{"report", "bad.json"}, "bad.json: line 4, column 13"},
		{[]string{"report", "other.json"}, `"tool" is "eslint"`},
		{[]string{"report"}, "usage: gilgrade report"},
		{[]string{"report", "a.json", "b.json"}, "usage: gilgrade report"},
		{[]string{"report", "--format", "pdf", savedReport}, "unknown report format"},
		{[]string{"report", "--path-prefix", "../up", savedReport}, "--path-prefix"},
		{[]string{"report", "--path-prefix", "/abs", savedReport}, "--path-prefix"},
	} {
		r := run(t, dir, c.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 with %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestCheckThenReport: a report gilgrade check saved renders as a comment with
// the same exercises and the learner's paths.
func TestCheckThenReport(t *testing.T) {
	root := workspace(t)
	if r := run(t, root, "check", "ex01", "ex02", "--no-race", "--format", "json", "--output", "r.json"); r.code != ExitFailed {
		t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
	}
	r := run(t, root, "report", "--format", "pr-comment", "r.json")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, report.PRCommentMarker) ||
		!strings.Contains(r.stdout, "`exercises/ex01_start_join/squares.go:") || !strings.Contains(r.stdout, "| `ex02` ") {
		t.Errorf("exit %d, stderr %q\n%s", r.code, r.stderr, r.stdout)
	}
}

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
