package quiz

import (
	"context"
	"path/filepath"
	"testing"
)

// quizzesDir is the course's quizzes directory, found from this package's directory.
var quizzesDir = filepath.Join("..", "..", "quizzes")

func TestCourseQuizzesValid(t *testing.T) {
	qs, err := LoadDir(quizzesDir)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]*Quiz{}
	for _, q := range qs {
		ids[q.ID] = q
	}
	gil, gor := ids["gil"], ids["goroutines"]
	if gil == nil || gor == nil {
		t.Fatalf("want quizzes gil and goroutines in %s, got %d quizzes", quizzesDir, len(qs))
	}
	if n := len(gil.Questions); n != 10 {
		t.Errorf("gil has %d questions, want the lesson's 10", n)
	}
	count := map[Type]int{}
	for _, q := range gor.Questions {
		count[q.Type]++
	}
	if len(gor.Questions) < 10 || count[Trace] < 3 || count[Order] < 1 {
		t.Errorf("goroutines has %d questions, %d trace, %d order; want at least 10, 3, 1",
			len(gor.Questions), count[Trace], count[Order])
	}
}

func TestCourseQuizzesTraceVerified(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every trace program under -race")
	}
	qs, err := LoadDir(quizzesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, qz := range qs {
		if err := Verify(context.Background(), qz, VerifyOptions{}); err != nil {
			t.Error(err)
		}
	}
}
