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

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
)

// These tests run the whole command line in-process on real workspaces written by
// `gilgrade init`, with real `go test -race` runs underneath.

type result struct {
	stdout, stderr string
	code           int
}

func run(t testing.TB, dir string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: os.Getenv, Context: context.Background()}
	code := e.Main(args)
	return result{out.String(), errb.String(), code}
}

// slowEndToEnd skips a test under -short: it grades filled exercises under
// `go test -race` (or runs go vet, node or a terminal) end to end, seconds each
// and many more on a busy machine. `go test -short ./...` is the quick loop; the
// full suite runs every one of them. The quick loop keeps one pass
// (TestCheckSolutionPasses), one race (TestCheckRace) and one compile error
// (TestCheckCompileError) end to end, and the scripts in testdata/script.
func slowEndToEnd(t *testing.T, what string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: " + what + "; the full suite runs it")
	}
}

// workspace writes a fresh course workspace and returns its root.
func workspace(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "course")
	if r := run(t, t.TempDir(), "init", dir); r.code != ExitOK {
		t.Fatalf("init: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return dir
}

// fill writes the learner file of ex01 with the given fills.
func fill(t *testing.T, root string, fills ...string) {
	t.Helper()
	name := filepath.Join(root, "exercises/ex01_start_join/squares.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out, err := blanks.Fill(src, fills)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkJSON(t *testing.T, root string, args ...string) (*report.Report, result) {
	t.Helper()
	r := run(t, root, append([]string{"check", "--format", "json"}, args...)...)
	var rep report.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report (%v):\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	return &rep, r
}

func codesOf(ex report.Exercise) []string {
	var cs []string
	for _, d := range ex.Diagnostics {
		cs = append(cs, d.Code)
	}
	return cs
}

func hasCode(ex report.Exercise, code string) bool {
	for _, d := range ex.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

// TestCheckSolutionPasses: the solution passes under -race with a full report,
// and checking leaves the learner's file as it was.
func TestCheckSolutionPasses(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	if r := run(t, root, "reset", "--solution", "ex01"); r.code != ExitOK || !strings.Contains(r.stdout, "Spoiler") {
		t.Fatalf("reset --solution: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	name := filepath.Join(root, "exercises/ex01_start_join/squares.go")
	before, _ := os.ReadFile(name)
	rep, r := checkJSON(t, root, "start_join")
	ex := rep.Exercises[0]
	if r.code != ExitOK || ex.Status != report.Passed || ex.Score != ex.MaxScore || diag.HasError(ex.Diagnostics) {
		t.Fatalf("exit %d, exercise %+v\nstderr: %s", r.code, ex, r.stderr)
	}
	if after, _ := os.ReadFile(name); !bytes.Equal(before, after) {
		t.Error("check changed the learner's file")
	}
	if !ex.RaceChecked || !rep.RaceChecked || rep.Version != 1 || rep.Tool != "gilgrade" || len(ex.Tests) < 3 {
		t.Errorf("report fields: %+v", rep)
	}
	if list := run(t, root, "list"); !strings.Contains(list.stdout, "passed") || !strings.Contains(list.stdout, "1 of") {
		t.Errorf("list after passing:\n%s", list.stdout)
	}
}

func TestCheckCompileError(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait(1)")
	rep, r := checkJSON(t, root, "ex01")
	ex := rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Failed || !hasCode(ex, "compile-error") {
		t.Fatalf("exit %d, status %s, codes %v", r.code, ex.Status, codesOf(ex))
	}
	for _, d := range ex.Diagnostics {
		if d.Code == "compile-error" && (d.File != "exercises/ex01_start_join/squares.go" || !strings.Contains(d.Source, "wg.Wait(1)")) {
			t.Errorf("compile error not at the learner's line: %+v", d)
		}
	}
}

func TestCheckRace(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()\n\t\t\tresults[0]++", "wg.Wait()")
	rep, r := checkJSON(t, root, "ex01")
	ex := rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Failed || !hasCode(ex, "data-race") {
		t.Fatalf("exit %d, status %s, codes %v", r.code, ex.Status, codesOf(ex))
	}
}

func TestCheckHangIsStopped(t *testing.T) {
	slowEndToEnd(t, "waits for a hung exercise to time out")
	t.Parallel()
	root := workspace(t)
	// A mutex locked twice is not a durable block for synctest: only the timeout
	// ends it.
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()\n\t\t\tvar mu sync.Mutex\n\t\t\tmu.Lock()\n\t\t\tmu.Lock()", "wg.Wait()")
	rep, r := checkJSON(t, root, "ex01", "--timeout", "2s")
	ex := rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Failed || !hasCode(ex, "timeout") {
		t.Fatalf("exit %d, status %s, codes %v", r.code, ex.Status, codesOf(ex))
	}
}

func TestCheckDeadlock(t *testing.T) {
	slowEndToEnd(t, "grades a deadlock under go test -race")
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "", "wg.Wait()")
	rep, _ := checkJSON(t, root, "ex01")
	if ex := rep.Exercises[0]; !hasCode(ex, "deadlock") {
		t.Fatalf("status %s, codes %v, want deadlock", ex.Status, codesOf(ex))
	}
}

func TestModifiedTestFile(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	test := filepath.Join(root, "exercises/ex01_start_join/squares_test.go")
	os.WriteFile(test, []byte("package startjoin\n"), 0o644)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	rep, r := checkJSON(t, root, "ex01")
	if ex := rep.Exercises[0]; r.code != ExitFailed || !hasCode(ex, "test-file-modified") {
		t.Fatalf("exit %d, codes %v", r.code, codesOf(ex))
	}
	if r := run(t, root, "reset", "ex01"); r.code != ExitOK || !strings.Contains(r.stdout, ".bak") {
		t.Fatalf("reset: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, f := range []string{"squares.go.bak", "squares_test.go.bak"} {
		if _, err := os.Stat(filepath.Join(root, "exercises/ex01_start_join", f)); err != nil {
			t.Errorf("reset kept no backup %s: %v", f, err)
		}
	}
	if rep, _ := checkJSON(t, root, "ex01"); rep.Exercises[0].Status != report.Unfilled {
		t.Errorf("after reset: %s", rep.Exercises[0].Status)
	}
}

func TestNoCCompiler(t *testing.T) {
	root := workspace(t)
	t.Setenv("CC", "no-such-cc-gilgrade")
	r := run(t, root, "check", "ex01")
	if r.code != ExitGrader || !strings.Contains(r.stderr, "C compiler") || !strings.Contains(r.stderr, "--no-race") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	rep, r := checkJSON(t, root, "ex01", "--no-race")
	if r.code != ExitOK || rep.RaceChecked || rep.Exercises[0].RaceChecked || len(rep.Notes) == 0 {
		t.Errorf("--no-race: exit %d, race_checked %v, notes %v\n%s", r.code, rep.RaceChecked, rep.Notes, r.stderr)
	}
}

func TestNoGo(t *testing.T) {
	root := workspace(t)
	t.Setenv("PATH", t.TempDir())
	r := run(t, root, "check", "ex01")
	if r.code != ExitGrader || !strings.Contains(r.stderr, "no `go` command") || strings.Contains(r.stderr, "toolchain") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestCheckAllGradesQuizAnswers(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	os.MkdirAll(filepath.Join(root, "answers"), 0o755)
	b, err := os.ReadFile("../quiz/testdata/gil_answers.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "answers", "gil.toml"), b, 0o644)
	rep, _ := checkJSON(t, root, "--all", "--no-analyzers")
	// Every quiz of the course is in the report; the one with answers is graded.
	if len(rep.Quizzes) < 2 || rep.Quizzes[0].ID != "gil" || rep.Quizzes[0].Status != report.Passed || rep.Quizzes[0].Score != rep.Quizzes[0].MaxScore {
		t.Fatalf("quizzes = %+v", rep.Quizzes)
	}
	var max float64
	for _, ex := range rep.Exercises {
		max += ex.MaxScore
	}
	for _, q := range rep.Quizzes {
		max += q.MaxScore
	}
	if rep.MaxScore != max {
		t.Errorf("max score %v does not count every quiz (%v)", rep.MaxScore, max)
	}
}

// writeLearner replaces ex01's learner file with the solution changed by edit:
// outside strict mode a learner may change anything in it.
func writeLearner(t *testing.T, root string, edit func(string) string) {
	t.Helper()
	if r := run(t, root, "reset", "--solution", "ex01"); r.code != ExitOK {
		t.Fatalf("reset --solution: %s", r.stderr)
	}
	name := filepath.Join(root, "exercises/ex01_start_join/squares.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(edit(string(src))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Hostile code must not pass, hang or crash gilgrade.
func TestHostileLearnerCode(t *testing.T) {
	slowEndToEnd(t, "runs hostile learner code under go test -race")
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
		want string // a diagnosis code, or codes split by |; "" means the exercise passes
		// timeout is --timeout: short only where a limit must be reached; an
		// exercise that must pass keeps its own, so a busy machine cannot fail it.
		timeout string
	}{
		{"os.Exit in init", func(s string) string {
			return strings.Replace(s, "import (", "import (\n\t\"os\"", 1) + "\nfunc init() { os.Exit(0) }\n"
		}, "tests-not-run", ""},
		{"goroutine bomb", func(s string) string {
			return strings.Replace(s, "func Squares(nums []int) []int {", "func Squares(nums []int) []int {\n\tfor {\n\t\tgo func() { select {} }()\n\t}\n", 1)
		}, "timeout|memory-limit", "3s"}, // whichever limit a machine of this speed reaches first
		{"reads stdin", func(s string) string {
			s = strings.Replace(s, "import (", "import (\n\t\"bufio\"\n\t\"os\"", 1)
			return strings.Replace(s, "func Squares(nums []int) []int {", "func Squares(nums []int) []int {\n\tbufio.NewReader(os.Stdin).ReadString('\\n')\n", 1)
		}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := workspace(t)
			writeLearner(t, root, tc.edit)
			args := []string{"ex01", "--no-analyzers"}
			if tc.timeout != "" {
				args = append(args, "--timeout", tc.timeout)
			}
			rep, r := checkJSON(t, root, args...)
			ex := rep.Exercises[0]
			if tc.want == "" {
				if r.code != ExitOK || ex.Status != report.Passed {
					t.Errorf("exit %d, status %s, codes %v", r.code, ex.Status, codesOf(ex))
				}
				return
			}
			if r.code != ExitFailed || ex.Status != report.Failed || !slices.ContainsFunc(strings.Split(tc.want, "|"), func(c string) bool { return hasCode(ex, c) }) {
				t.Errorf("exit %d, status %s, codes %v; want failed with %s", r.code, ex.Status, codesOf(ex), tc.want)
			}
		})
	}
}

// Under strict grading a renamed module is replaced by the course's go.mod: the
// exercise is graded (and fails for the tampering), not left ungradable.
func TestStrictRenamedModule(t *testing.T) {
	slowEndToEnd(t, "grades a renamed module under go test -race")
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	mod := filepath.Join(root, "exercises", "go.mod")
	os.WriteFile(mod, []byte("module example.com/mine\n\ngo 1.25\n"), 0o644)
	rep, r := checkJSON(t, root, "ex01", "--strict")
	ex := rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Failed || !hasCode(ex, "test-file-modified") || len(ex.Tests) == 0 {
		t.Errorf("exit %d, status %s, codes %v, %d tests", r.code, ex.Status, codesOf(ex), len(ex.Tests))
	}
}

// Each runtime failure is produced live from a learner file and explained with
// its own code at the learner's line.
func TestRuntimeDiagnosesLive(t *testing.T) {
	slowEndToEnd(t, "produces each runtime failure live under go test -race")
	t.Parallel()
	root := workspace(t)
	at := "func Squares(nums []int) []int {"
	for _, tc := range []struct {
		name, code, want string
		args             []string
	}{
		{"close of closed channel", "ch := make(chan int)\n\tclose(ch)\n\tclose(ch)", "close-of-closed", nil},
		{"send on closed channel", "ch := make(chan int, 1)\n\tclose(ch)\n\tch <- 1", "send-on-closed", nil},
		{"nil map", "var m map[int]int\n\tm[1] = 1", "nil-map-write", nil},
		{"unlock of unlocked", "var mu sync.Mutex\n\tmu.Unlock()", "unlock-of-unlocked", nil},
		{"negative WaitGroup", "var w sync.WaitGroup\n\tw.Done()", "negative-waitgroup", nil},
		{"other panic", "panic(\"boom\")", "panic", nil},
		// Without the race detector a map written by goroutines at once is caught
		// by the runtime itself.
		{"concurrent map writes", "m := map[int]int{}\n\tvar w sync.WaitGroup\n\tfor i := range 100 {\n\t\tw.Go(func() {\n\t\t\tfor j := range 10000 {\n\t\t\t\tm[j] = i\n\t\t\t}\n\t\t})\n\t}\n\tw.Wait()", "concurrent-map-writes", []string{"--no-race"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeLearner(t, root, func(s string) string {
				return strings.Replace(s, at, at+"\n\t"+tc.code+"\n", 1)
			})
			rep, r := checkJSON(t, root, append([]string{"ex01", "--no-analyzers"}, tc.args...)...)
			ex := rep.Exercises[0]
			if r.code != ExitFailed || !hasCode(ex, tc.want) {
				t.Fatalf("exit %d, status %s, codes %v; want %s", r.code, ex.Status, codesOf(ex), tc.want)
			}
			for _, d := range ex.Diagnostics {
				if d.Code == tc.want && (d.File != "exercises/ex01_start_join/squares.go" || d.Line == 0) {
					t.Errorf("%s not at the learner's line: %+v", tc.want, d)
				}
			}
		})
	}
}
