package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/report"
)

// A learner's code runs in the test program, so it can print lines that look like
// the testing package's own results: framed with the \x16 marker that go test -json
// reads, or plain. None of them may turn a failing exercise into a pass.
func TestForgedResultsFail(t *testing.T) {
	slowEndToEnd(t, "grades five forged runs under go test -race")
	t.Parallel()
	root := workspace(t)
	// ex01: TestSquaresValues really fails (a wrong square when there are six
	// numbers), then, while TestSquaresEmpty runs, the code prints a pass for it.
	ex01 := func(print string) []string {
		return []string{"wg.Add(1)", "go", "defer wg.Done()",
			"wg.Wait(); if len(nums) == 6 { results[5]++ }; if len(nums) == 0 { " + print + " }"}
	}
	// ex04: TestLoadDashboardValues fails (a wrong weather), then, while
	// TestLoadDashboardBalanceError runs, the code prints a pass for it on stdout.
	ex04 := func(print string) []string {
		return []string{"wg.Go(func() { d.Orders = s.Orders(user) })",
			"wg.Go(func() { d.Balance, balanceErr = s.Balance(user) })",
			`wg.Go(func() { d.Weather = s.Weather(city) + "!" })`,
			"wg.Wait(); if balanceErr != nil { " + print + " }"}
	}
	for _, tc := range []struct {
		name, id, file string
		fills          []string
	}{
		{"framed on stderr", "ex01", "exercises/ex01_start_join/squares.go",
			ex01(`print("\x16--- PASS: TestSquaresValues (0.00s)\n")`)},
		{"plain on stderr", "ex01", "exercises/ex01_start_join/squares.go",
			ex01(`print("--- PASS: TestSquaresValues (0.00s)\nPASS\nok\n")`)},
		{"framed run and pass on stderr", "ex01", "exercises/ex01_start_join/squares.go",
			ex01(`print("\x16=== RUN   TestSquaresValues\n\x16--- PASS: TestSquaresValues (0.00s)\n\x16=== RUN   TestBonus\n\x16--- PASS: TestBonus (0.00s)\n")`)},
		{"framed on stdout", "ex04", "exercises/ex04_io_overlap/dashboard.go",
			ex04(`fmt.Print("\x16--- PASS: TestLoadDashboardValues (0.00s)\n")`)},
		{"plain on stdout", "ex04", "exercises/ex04_io_overlap/dashboard.go",
			ex04(`fmt.Println("--- PASS: TestLoadDashboardValues (0.00s)")`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(root, filepath.FromSlash(tc.file))
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			// Each case starts from the shipped file: restore it afterwards.
			t.Cleanup(func() { os.WriteFile(name, src, 0o644) })
			out, err := blanks.Fill(src, tc.fills)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, out, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, strict := range []string{"--strict=false", "--strict"} {
				rep, r := checkJSON(t, root, tc.id, strict)
				ex := rep.Exercises[0]
				if r.code != ExitFailed || ex.Status != report.Failed || ex.Score != 0 {
					t.Errorf("%s: exit %d, status %s, score %v: a forged pass was believed\ndiagnostics: %v",
						strict, r.code, ex.Status, ex.Score, codesOf(ex))
				}
				if !hasCode(ex, "test-failed") {
					t.Errorf("%s: the real failure is not reported: %v", strict, codesOf(ex))
				}
			}
		})
	}
}
