package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/term"
)

// quizCourse writes a course root holding the repository's two quizzes; the quiz
// command needs nothing else of a course.
func quizCourse(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"exercises", "quizzes"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "exercises", "course.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"gil.toml", "goroutines.toml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "quizzes", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "quizzes", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// runQuizCmd runs `gilgrade quiz ARGS` in dir with stdin.
func runQuizCmd(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv:  func(k string) string { return map[string]string{"GILGRADE_LEARNER": "ada"}[k] },
		Context: context.Background(), cmd: quizCmd}
	code := quizCmd.Run(e, args)
	return result{out.String(), errb.String(), code}
}

func sample(t *testing.T, name string) string {
	p, err := filepath.Abs(filepath.Join("..", "quiz", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestQuizGradeJSONAndList(t *testing.T) {
	t.Parallel()
	root := quizCourse(t)
	if r := runQuizCmd(t, root, ""); r.code != ExitOK || !strings.Contains(r.stdout, "gil") || !strings.Contains(r.stdout, "not taken") {
		t.Fatalf("list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runQuizCmd(t, root, "", "gil", "--answers", sample(t, "gil_answers.toml"), "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, r.stdout)
	}
	want := report.Quiz{ID: "gil", Title: "Threading and the GIL", Status: report.Passed, Score: 10, MaxScore: 10,
		Answered: 10, Questions: 10, PassMark: 7}
	if len(rep.Quizzes) != 1 || rep.Quizzes[0] != want || rep.Status != report.Passed || rep.Version != 1 {
		t.Errorf("report = %+v", rep)
	}
	if r := runQuizCmd(t, root, ""); !strings.Contains(r.stdout, "best 10 of 10") {
		t.Errorf("list after grading does not show the best score:\n%s", r.stdout)
	}
}

func TestQuizCheckRunsTraces(t *testing.T) {
	if testing.Short() {
		t.Skip("runs trace programs under -race")
	}
	t.Parallel()
	root := quizCourse(t)
	r := runQuizCmd(t, root, "", "check", "--runs", "2", filepath.Join(root, "quizzes", "goroutines.toml"))
	if r.code != ExitOK || !strings.Contains(r.stdout, "5 trace programs verified") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestQuizWrapped: at a narrow terminal the questions break between words.
func TestQuizWrapped(t *testing.T) {
	t.Parallel()
	root := quizCourse(t)
	var out, errb strings.Builder
	e := &Env{Stdin: strings.NewReader(strings.Repeat("1\n", 10)), Stdout: &out, Stderr: &errb, Dir: root,
		Getenv: func(string) string { return "" }, Width: 40}
	e.Main([]string{"quiz", "gil"})
	if !strings.Contains(out.String(), "Question 10 of 10") {
		t.Fatalf("no session:\n%s%s", out.String(), errb.String())
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if n := term.VisibleWidth(l); n > 40 && len(strings.Fields(l)) > 1 && !strings.HasPrefix(l, "> ") {
			t.Errorf("line of %d columns at 40: %q", n, l)
		}
	}
}
