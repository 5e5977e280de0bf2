package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
)

func TestSolutionForce(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	shipped, _ := os.ReadFile(filepath.Join(root, "exercises/ex01_start_join/squares.go"))
	k, _ := bundle.Key()
	c, _ := k.Course()
	want, _ := blanks.Fill(shipped, c.Exercises[0].Solution)
	r := run(t, root, "solution", "--force", "1")
	if r.code != ExitOK || !strings.Contains(r.stderr, "Spoiler") {
		t.Fatalf("--force: exit %d, stderr %q", r.code, r.stderr)
	}
	if r.stdout != string(want) {
		t.Errorf("--force printed:\n%s\nwant the shipped file with the solution filled in:\n%s", r.stdout, want)
	}
}

func TestSolutionAfterPass(t *testing.T) {
	slowEndToEnd(t, "passes ex01 under go test -race")
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()")
	if _, r := checkJSON(t, root, "ex01"); r.code != ExitOK {
		t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
	}
	// The learner's file is filled now; the solution still comes from the course.
	r := run(t, root, "solution", "start_join")
	if r.code != ExitOK || strings.Contains(r.stderr, "Spoiler") || !strings.Contains(r.stdout, "defer wg.Done()") ||
		strings.Contains(r.stdout, "___") {
		t.Errorf("after passing: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	// At a terminal it names the file and colors the fills.
	r = runIn(t, root, true, 60, nil, "solution", "ex01")
	if !strings.Contains(r.stdout, "── exercises/ex01_start_join/squares.go ─") || !strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("at a terminal:\n%s", r.stdout)
	}
	if r := run(t, root, "solution"); r.code != ExitUsage {
		t.Errorf("no exercise: exit %d", r.code)
	}
}
