package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/quiz"
)

// Run grades every quiz it is given into the report and its total: one with
// an answers file by its answers, one without as 0 of its points, so the
// maximum is the same whichever files are there.
func TestRunGradesQuizzes(t *testing.T) {
	qs, err := quiz.LoadDir("../../quizzes")
	if err != nil || len(qs) != 2 {
		t.Fatalf("quizzes: %v (%d)", err, len(qs))
	}
	max := 0.0
	for _, q := range qs {
		max += q.MaxScore()
	}
	answers := filepath.Join(t.TempDir(), "answers")
	grade := func() (score, maxScore float64, notes string) {
		rep, err := Run(context.Background(), Target{Root: filepath.Dir(answers)}, Options{Race: true, Answers: answers, Quizzes: qs})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Quizzes) != 2 {
			t.Fatalf("%d quizzes in the report, want 2", len(rep.Quizzes))
		}
		return rep.Score, rep.MaxScore, strings.Join(rep.Notes, "\n")
	}
	score, maxScore, notes := grade()
	if score != 0 || maxScore != max || !strings.Contains(notes, "gilgrade quiz template gil -o answers/gil.toml") {
		t.Errorf("no answers: %v of %v (want 0 of %v), notes:\n%s", score, maxScore, max, notes)
	}
	b, err := os.ReadFile("../quiz/testdata/gil_answers.toml")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(answers, 0o755)
	if err := os.WriteFile(filepath.Join(answers, "gil.toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	score, maxScore, notes = grade()
	if score != 10 || maxScore != max || strings.Contains(notes, "quiz template gil ") {
		t.Errorf("gil answered: %v of %v (want 10 of %v), notes:\n%s", score, maxScore, max, notes)
	}
}
