package cli

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/progress"
)

// courseWorkspace returns a workspace written by `gilgrade init` and completed
// with the exercises and quizzes of this repository that the packed course may
// not hold yet, so that checks see the shipped files where there are some.
func courseWorkspace(t *testing.T) string {
	t.Helper()
	root := workspace(t)
	src := os.DirFS(filepath.Join("..", ".."))
	for _, d := range []string{course.ExercisesDir, course.QuizzesDir} {
		err := fs.WalkDir(src, d, func(p string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			dst := filepath.Join(root, filepath.FromSlash(p))
			if _, err := os.Stat(dst); err == nil && p != course.CourseFile {
				return nil
			}
			b, err := fs.ReadFile(src, p)
			if err != nil {
				return err
			}
			os.MkdirAll(filepath.Dir(dst), 0o755)
			return os.WriteFile(dst, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// runIn runs the command line at a terminal of the given width, with the given
// environment.
func runIn(t *testing.T, dir string, terminal bool, width int, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(k string) string { return env[k] }, Context: context.Background(),
		Terminal: terminal, Width: width}
	code := e.Main(args)
	return result{out.String(), errb.String(), code}
}

// pass records in the progress file that an exercise passed with its files as
// they are now, as check does.
func pass(t *testing.T, root string, ids ...string) {
	t.Helper()
	c, err := course.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	err = progress.Update(root, func(p *progress.Progress) {
		for _, id := range ids {
			ex, err := c.Lookup(id, root)
			if err != nil {
				t.Fatal(err)
			}
			pe := p.Exercise(ex.ID)
			pe.Passed, pe.FillsHash = true, hashFiles(root, ex.LearnerPaths())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStatusFresh(t *testing.T) {
	t.Parallel()
	root := courseWorkspace(t)
	c, err := course.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, root)
	for _, want := range []string{
		"Welcome!",
		"0 of " + strconv.Itoa(len(c.Exercises)) + " exercises passed, 0 of 2 quizzes taken",
		"Next: ex01 Start goroutines and wait for them",
		"exercises/ex01_start_join/squares.go",
		"Exercise 1: start goroutines, then wait for them.",
		"gilgrade check ex01",
		"gilgrade hint ex01",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.code != ExitOK || r.stderr != "" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	// From inside the exercise folder the path is the one to type there.
	r = run(t, filepath.Join(root, "exercises"))
	if !strings.Contains(r.stdout, "  "+filepath.Join("ex01_start_join", "squares.go")+"\n") {
		t.Errorf("status from exercises/ does not give the path from there:\n%s", r.stdout)
	}
}

func TestStatusAfterPasses(t *testing.T) {
	t.Parallel()
	root := courseWorkspace(t)
	pass(t, root, "ex01")
	if err := progress.Update(root, func(p *progress.Progress) { p.Quiz("gil").MaxScore = 5 }); err != nil {
		t.Fatal(err)
	}
	r := run(t, root)
	if strings.Contains(r.stdout, "Welcome") {
		t.Errorf("welcome shown after a pass:\n%s", r.stdout)
	}
	for _, want := range []string{"[#", "1 of ", "1 of 2 quizzes taken", "Next: ex02", "gilgrade check ex02"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	// A learner who started filling blanks is no longer greeted either.
	root = courseWorkspace(t)
	fill(t, root, "wg.Add(1)", "___", "___", "___")
	if r := run(t, root); strings.Contains(r.stdout, "Welcome") {
		t.Errorf("welcome shown after filling a blank:\n%s", r.stdout)
	}
}

func TestStatusAllPassed(t *testing.T) {
	t.Parallel()
	root := courseWorkspace(t)
	c, _ := course.Load(root)
	var ids []string
	for _, ex := range c.Exercises {
		ids = append(ids, ex.ID)
	}
	pass(t, root, ids...)
	r := run(t, root)
	if !strings.Contains(r.stdout, "You finished every exercise") || strings.Contains(r.stdout, "Next:") {
		t.Errorf("status with everything passed:\n%s", r.stdout)
	}
}

func TestStatusWidthAndColor(t *testing.T) {
	t.Parallel()
	root := courseWorkspace(t)
	r := runIn(t, root, true, 40, nil)
	for _, l := range strings.Split(stripANSI(r.stdout), "\n") {
		if n := utf8.RuneCountInString(l); n > 40 {
			t.Errorf("line of %d columns at width 40: %q", n, l)
		}
	}
	// list keeps one row an exercise, its longest titles cut at a word.
	for _, width := range []int{50, 80} {
		list := runIn(t, root, true, width, nil, "list")
		for _, l := range strings.Split(stripANSI(list.stdout), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Errorf("list: line of %d columns at width %d: %q", n, width, l)
			}
		}
	}
	if !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("no color at a terminal:\n%s", r.stdout)
	}
	for _, tc := range []struct {
		terminal bool
		env      map[string]string
		args     []string
	}{
		{false, nil, nil},
		{true, map[string]string{"NO_COLOR": "1"}, nil},
		{true, nil, []string{"--no-color"}},
	} {
		r := runIn(t, root, tc.terminal, 0, tc.env, tc.args...)
		if r.code != ExitOK || strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("terminal %v, env %v, args %v: exit %d, colored:\n%q", tc.terminal, tc.env, tc.args, r.code, r.stdout)
		}
	}
	if r := run(t, root, "--no-color", "list"); r.code != ExitUsage || !strings.Contains(r.stderr, "gilgrade list --no-color") {
		t.Errorf("flag before the command: exit %d, %q", r.code, r.stderr)
	}
}

// A damaged or hand-edited progress file is reported, never a crash.
func TestStatusDamagedProgress(t *testing.T) {
	t.Parallel()
	root := courseWorkspace(t)
	name := filepath.Join(root, progress.File)
	os.MkdirAll(filepath.Dir(name), 0o755)
	for _, text := range []string{
		"{not json",
		`{"version": 1, "exercises": []}`,
		`{"version": 7}`,
		`{"version": 1, "exercises": {"ex01": null, "ex99": {"passed": true}}, "quizzes": {"gil": null}}`,
		`{"version": 1, "exercises": {"ex01": {"passed": true, "fills_hash": "edited", "hints_seen": -3}}}`,
	} {
		os.WriteFile(name, []byte(text), 0o644)
		for _, args := range [][]string{nil, {"list"}, {"hint", "ex01"}, {"solution", "ex02"}} {
			r := run(t, root, args...)
			if r.code == ExitGrader || r.code == ExitUsage || strings.Contains(r.stderr, "panic") {
				t.Errorf("%s: %v: exit %d\n%s%s", text, args, r.code, r.stdout, r.stderr)
			}
		}
		os.WriteFile(name, []byte(text), 0o644)
		r := run(t, root)
		if strings.HasPrefix(text, "{not") && !strings.Contains(r.stderr, "damaged") {
			t.Errorf("%s: damage not reported: %q", text, r.stderr)
		}
	}
}

// A check over a damaged progress file says so and writes it anew.
func TestCheckRebuildsDamagedProgress(t *testing.T) {
	slowEndToEnd(t, "passes ex01 under go test -race")
	t.Parallel()
	root := courseWorkspace(t)
	name := filepath.Join(root, progress.File)
	os.MkdirAll(filepath.Dir(name), 0o755)
	os.WriteFile(name, []byte("{not json"), 0o644)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	if _, r := checkJSON(t, root, "ex01"); r.code != ExitOK || !strings.Contains(r.stderr, "damaged") {
		t.Fatalf("check over a damaged file: exit %d, stderr %q", r.code, r.stderr)
	}
	p, err := progress.Load(root)
	if err != nil || !p.Exercise("ex01").Passed {
		t.Errorf("after a check the file is not rebuilt: %v, %+v", err, p.Exercise("ex01"))
	}
}

// stripANSI removes color escape codes.
func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
