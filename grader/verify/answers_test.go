package verify

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
)

// TestAnswers grades answers nobody listed as an exercise's mistake, through the
// real pipeline under the race detector: correct answers in unusual styles must
// pass with no diagnosis, wrong ones must fail with the headline (and line) each
// file promises. With -short the answers files are only loaded.
func TestAnswers(t *testing.T) {
	answers, err := LoadAnswers(os.DirFS("testdata/answers"))
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) == 0 {
		t.Fatal("no answers in testdata/answers")
	}
	if testing.Short() {
		// cli's TestCheckSolutionPasses and TestCheckRace keep one pass and one
		// race end to end in the quick loop.
		t.Skip("-short: grades every answer under go test -race; the full suite runs them")
	}
	c, err := course.Load(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := gotest.Preflight(ctx, c.GoVersion, true); err != nil {
		t.Skip("no toolchain with the race detector:", err)
	}
	results, err := Run(ctx, c, c.Exercises, Options{Race: true, Answers: answers, SkipCourse: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range results {
		for _, cs := range r.Cases {
			n++
			if h, ok := check.Headline(cs.Result); ok {
				t.Logf("%s %s: %s (%s) at %s:%d", r.Exercise.ID, cs.Want.Source, cs.Result.Status, h.Code, h.File, h.Line)
			}
			if cs.Problem != "" && cs.Want.Pending != "" {
				t.Logf("%s %s (%s), pending %s: %s", r.Exercise.ID, cs.Name, cs.Want.Source, cs.Want.Pending, cs.Problem)
			} else if cs.Problem != "" {
				t.Errorf("%s %s (%s): %s", r.Exercise.ID, cs.Name, cs.Want.Source, cs.Problem)
			}
		}
	}
	if n != len(answers) {
		t.Errorf("graded %d answers, expected %d: does every folder name an exercise?", n, len(answers))
	}
}

func TestLoadAnswersRejects(t *testing.T) {
	for name, text := range map[string]string{
		"no status":         "[fills]\n1 = \"x\"\n",
		"pass with code":    "status = \"passed\"\nheadline = \"data-race\"\n[fills]\n1 = \"x\"\n",
		"fail without code": "status = \"failed\"\n[fills]\n1 = \"x\"\n",
		"bad blank":         "status = \"passed\"\n[fills]\nx = \"x\"\n",
		"unknown key":       "status = \"passed\"\nlines = 3\n[fills]\n1 = \"x\"\n",
		"no fills":          "status = \"passed\"\n",
	} {
		fsys := os.DirFS(t.TempDir())
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "ex01_x"), 0o755)
		os.WriteFile(filepath.Join(dir, "ex01_x", "a.toml"), []byte(text), 0o644)
		fsys = os.DirFS(dir)
		if _, err := LoadAnswers(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
