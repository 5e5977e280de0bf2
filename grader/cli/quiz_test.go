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

func TestQuizGradeBelowPassMark(t *testing.T) {
	root := quizCourse(t)
	r := runQuizCmd(t, root, "", "goroutines", "--answers", sample(t, "goroutines_partial_answers.toml"))
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitFailed, r.stdout, r.stderr)
	}
	for _, want := range []string{"~ wg-order", "1.5/2", "· trace-close-twice", "not answered", "Score: 9.5 of 18 points: not passed (pass mark 13)."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestQuizBadAnswersFile(t *testing.T) {
	root := quizCourse(t)
	bad := filepath.Join(root, "answers.toml")
	os.WriteFile(bad, []byte("quiz = \"gil\"\n[answers]\ngil-meaning = \"c\"\n"), 0o644)
	r := runQuizCmd(t, root, "", "gil", "--answers", "answers.toml")
	if r.code != ExitFailed || !strings.Contains(r.stderr, `answers.toml:3: answer to "gil-meaning": no option "c"`) {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

func TestQuizInteractive(t *testing.T) {
	root := quizCourse(t)
	r := runQuizCmd(t, root, strings.Repeat("1\n", 10), "gil")
	if r.code != ExitFailed && r.code != ExitOK || !strings.Contains(r.stdout, "Question 10 of 10") || !strings.Contains(r.stdout, "Score:") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if l := runQuizCmd(t, root, ""); strings.Contains(strings.SplitN(l.stdout, "\n", 2)[0], "not taken") {
		t.Errorf("the finished session was not saved:\n%s", l.stdout)
	}
	// An unfinished session ends cleanly and is not saved.
	root = quizCourse(t)
	r = runQuizCmd(t, root, "1\n", "gil")
	if !strings.Contains(r.stdout, "The input ended after 1 of 10 questions") || !strings.Contains(r.stderr, "not saved") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestQuizTemplate(t *testing.T) {
	root := quizCourse(t)
	if r := runQuizCmd(t, root, "", "template", "goroutines", "-o", "g.toml"); r.code != ExitOK {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if r := runQuizCmd(t, root, "", "template", "goroutines", "-o", "g.toml"); r.code != ExitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("overwrote an existing answers file: exit %d\n%s", r.code, r.stderr)
	}
	r := runQuizCmd(t, root, "", "goroutines", "--answers", "g.toml")
	if r.code != ExitFailed || !strings.Contains(r.stdout, "Score: 0 of 18") {
		t.Errorf("empty template: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestQuizCheck(t *testing.T) {
	root := quizCourse(t)
	r := runQuizCmd(t, root, "", "check", "--no-run")
	if r.code != ExitOK || strings.Count(r.stdout, "ok ") != 2 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	os.WriteFile(filepath.Join(root, "quizzes", "broken.toml"), []byte("id = \"gil\"\ntitle = \"X\"\npass_mark = 1\nfoo = 1\n"), 0o644)
	r = runQuizCmd(t, root, "", "check", "--no-run", filepath.Join(root, "quizzes", "broken.toml"))
	if r.code != ExitFailed || !strings.Contains(r.stderr, `broken.toml:4: unknown key "foo"`) {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runQuizCmd(t, root, "", "nosuch"); r.code != ExitUsage || !strings.Contains(r.stderr, `no quiz "nosuch"`) {
		t.Errorf("unknown quiz: exit %d\n%s", r.code, r.stderr)
	}
}

func TestQuizCheckRunsTraces(t *testing.T) {
	if testing.Short() {
		t.Skip("runs trace programs under -race")
	}
	root := quizCourse(t)
	r := runQuizCmd(t, root, "", "check", "--runs", "2", filepath.Join(root, "quizzes", "goroutines.toml"))
	if r.code != ExitOK || !strings.Contains(r.stdout, "5 trace programs verified") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestQuizWrapped: at a narrow terminal the questions break between words.
func TestQuizWrapped(t *testing.T) {
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

// TestQuizSubcommandFlags: quiz check and quiz template have flag sets of
// their own, so each one's help shows its flags and the others' are refused.
func TestQuizSubcommandFlags(t *testing.T) {
	root := quizCourse(t)
	for _, c := range []struct {
		args       []string
		has, lacks string
	}{
		{[]string{"--help"}, "--answers", "--no-run"},
		{[]string{"check", "--help"}, "--no-run", "--answers"},
		{[]string{"template", "--help"}, "--force", "--runs"},
	} {
		r := runQuizCmd(t, root, "", c.args...)
		if r.code != ExitOK || !strings.Contains(r.stderr, c.has) || strings.Contains(r.stderr, c.lacks) {
			t.Errorf("quiz %v: exit %d, want the help with %s and without %s:\n%s", c.args, r.code, c.has, c.lacks, r.stderr)
		}
	}
	if r := runQuizCmd(t, root, "", "check", "--answers", "x.toml"); r.code != ExitUsage {
		t.Errorf("quiz check --answers: exit %d, want %d", r.code, ExitUsage)
	}
	if r := runQuizCmd(t, root, "", "template", "--no-run", "gil"); r.code != ExitUsage {
		t.Errorf("quiz template --no-run: exit %d, want %d", r.code, ExitUsage)
	}
}
