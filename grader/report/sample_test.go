package report

import (
	"fmt"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// sampleReport is a run over a class-like mix: a clean pass, a pass with a
// warning, a racy failure explained by the race detector and an analyzer, an
// unfilled exercise, one gilgrade could not grade, a failure no diagnosis
// explains, and three quizzes (passed, failed, not taken).
func sampleReport() *Report {
	r := New()
	r.Notes = []string{"the build cache was cold: the first check built the race-enabled standard library"}
	r.Exercises = []Exercise{
		{
			ID: "ex01", Slug: "wait_group", Title: "Wait for every goroutine", Status: Passed,
			Score: 1, MaxScore: 1, DurationMS: 312, RaceChecked: true,
			Dir: "exercises/ex01_wait_group", Files: []string{"exercises/ex01_wait_group/wait.go"},
			Tests: []Test{
				{Name: "TestWaitAll", Status: TestPass, DurationMS: 4, Output: "=== RUN   TestWaitAll\n--- PASS: TestWaitAll (0.00s)\n"},
			},
			Diagnostics: []diag.Diagnostic{},
		},
		{
			ID: "ex02", Slug: "mutex_append", Title: "Append under a mutex", Status: Failed,
			Score: 0, MaxScore: 2, DurationMS: 1480, RaceChecked: true,
			Dir: "exercises/ex02_mutex_append", Files: []string{"exercises/ex02_mutex_append/append.go"},
			Tests: []Test{
				{Name: "TestSquares", Status: TestFail, DurationMS: 21, Output: "=== RUN   TestSquares\n" +
					"==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n" +
					"  ex02.Squares.func1()\n      append.go:17 +0x44\n==================\n" +
					"    testing.go:1490: race detected during execution of test\n--- FAIL: TestSquares (0.02s)\n"},
				{Name: "TestEmpty", Status: TestPass, DurationMS: 1},
			},
			Diagnostics: []diag.Diagnostic{
				{Code: "data-race", Severity: diag.Error, File: "exercises/ex02_mutex_append/append.go", Line: 17, Col: 4,
					Message: "two goroutines write `out` at the same time: `out = append(out, n*n)` runs outside the lock",
					Hint:    "take `mu.Lock()` before the append and `mu.Unlock()` after it",
					Source:  "out = append(out, n*n)",
					Details: []string{"the other write is the same line, in another goroutine started at append.go:14"}},
				{Code: "lock-not-held", Severity: diag.Error, File: "exercises/ex02_mutex_append/append.go", Line: 17, Col: 4,
					Message: "`out` is guarded by `mu` elsewhere but written here without it",
					Hint:    "move the write between `mu.Lock()` and `mu.Unlock()`"},
				{Code: "defer-in-loop", Severity: diag.Warning, File: "exercises/ex02_mutex_append/append.go", Line: 22, Col: 3,
					Message: "`defer mu.Unlock()` inside a loop runs only when the function returns",
					Hint:    "unlock at the end of the iteration instead"},
			},
		},
		{
			ID: "ex03", Slug: "worker_pool", Title: "A worker pool that downloads files", Status: Unfilled,
			MaxScore: 2, BlanksLeft: 3, RaceChecked: true,
			Dir: "exercises/ex03_worker_pool", Files: []string{"exercises/ex03_worker_pool/pool.go"},
			Tests: []Test{},
		},
		{
			ID: "ex04", Slug: "pipeline", Title: "A three-stage pipeline", Status: Error,
			MaxScore: 1, RaceChecked: true,
			Dir: "exercises/ex04_pipeline", Files: []string{"exercises/ex04_pipeline/pipeline.go"},
			Tests: []Test{},
			Diagnostics: []diag.Diagnostic{
				{Code: "grader-error", Severity: diag.Error, File: "exercises/ex04_pipeline/pipeline.go",
					Message: "cannot read your file: open exercises/ex04_pipeline/pipeline.go: permission denied",
					Hint:    "restore it with `gilgrade reset ex04`"},
			},
		},
		{
			ID: "ex05", Slug: "select_timeout", Title: "Give up after a timeout", Status: Passed,
			Score: 1, MaxScore: 1, DurationMS: 640, RaceChecked: true,
			Dir: "exercises/ex05_select_timeout", Files: []string{"exercises/ex05_select_timeout/timeout.go"},
			Tests: []Test{{Name: "TestTimeout", Status: TestPass, DurationMS: 101}},
			Diagnostics: []diag.Diagnostic{
				{Code: "time-after-in-loop", Severity: diag.Warning, File: "exercises/ex05_select_timeout/timeout.go", Line: 9, Col: 12,
					Message: "`time.After` in a loop makes a new timer on every turn",
					Hint:    "make one `time.NewTimer` before the loop"},
			},
		},
		{
			ID: "ex06", Slug: "once", Title: "Initialise once", Status: Failed,
			MaxScore: 1, DurationMS: 270, RaceChecked: true,
			Dir: "exercises/ex06_once", Files: []string{"exercises/ex06_once/once.go"},
			Tests: []Test{
				{Name: "TestOnce", Status: TestFail, DurationMS: 2, Output: "=== RUN   TestOnce\n    once_test.go:12: init ran 2 times, want 1\n--- FAIL: TestOnce (0.00s)\n"},
			},
			Diagnostics: []diag.Diagnostic{},
		},
	}
	for i, line := range []int{12, 19, 27} {
		r.Exercises[2].Diagnostics = append(r.Exercises[2].Diagnostics, diag.Diagnostic{
			Code: "unfilled", Severity: diag.Error, File: "exercises/ex03_worker_pool/pool.go", Line: line, Col: 9,
			Message: fmt.Sprintf("blank %d is still `___`", i+1),
			Hint:    "replace it with Go code; `gilgrade hint ex03` gives a nudge",
			Source:  "jobs := make(chan string, ___)",
		})
	}
	r.Quizzes = []Quiz{
		{ID: "gil", Title: "The scheduler and the GIL that Go does not have", Status: Passed, Score: 9, MaxScore: 10, Answered: 10, Questions: 10, PassMark: 7},
		{ID: "channels", Title: "Channels", Status: Failed, Score: 4.5, MaxScore: 10, Answered: 8, Questions: 10, PassMark: 7},
		{ID: "memory", Title: "The memory model", Status: Failed, MaxScore: 5, Questions: 5, PassMark: 3},
	}
	r.Total()
	return r
}

// compileErrorReport is a strict run in which the learner's fill does not
// compile: what check reports once the overlay's temporary paths are mapped back
// to the learner's file.
func compileErrorReport() *Report {
	r := New()
	r.Exercises = []Exercise{{
		ID: "ex01", Slug: "start_join", Title: "Start goroutines and wait for them", Status: Failed,
		MaxScore: 1, RaceChecked: true, Tests: []Test{},
		Dir: "exercises/ex01_start_join", Files: []string{"exercises/ex01_start_join/squares.go"},
		Diagnostics: []diag.Diagnostic{{
			Code: "compile-error", Severity: diag.Error, File: "exercises/ex01_start_join/squares.go", Line: 37, Col: 5,
			Message: "this does not compile: wg.Wiat undefined (type \"sync\".WaitGroup has no field or method Wiat)",
			Hint:    "fix this line first: Go checks the whole package before any test can run",
			Source:  "wg.Wiat() // wait for every goroutine before reading results",
		}},
	}}
	r.Total()
	return r
}
