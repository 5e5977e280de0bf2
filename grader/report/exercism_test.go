package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/diag"
)

func exercismOf(t *testing.T, r *Report) exercismResults {
	t.Helper()
	var res exercismResults
	if err := json.Unmarshal(render(t, r, "exercism", Options{}), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func passed(id string) Exercise {
	return Exercise{ID: id, Title: "t", Status: Passed, Score: 1, MaxScore: 1, RaceChecked: true,
		Tests: []Test{{Name: "TestA", Status: TestPass}}}
}

func unfilled(id string) Exercise {
	return Exercise{ID: id, Status: Unfilled, MaxScore: 1, BlanksLeft: 2, Tests: []Test{},
		Diagnostics: []diag.Diagnostic{{Code: "unfilled", Severity: diag.Error, File: "a.go", Line: 3, Message: "blank 1 is still `___`"}}}
}

func failed(id, output string) Exercise {
	return Exercise{ID: id, Status: Failed, MaxScore: 1, Tests: []Test{{Name: "TestA", Status: TestFail, Output: output}}}
}

func TestExercismStatus(t *testing.T) {
	errored := Exercise{ID: "ex04", Status: Error, MaxScore: 1, Tests: []Test{},
		Diagnostics: []diag.Diagnostic{{Code: "grader-error", Severity: diag.Error, Message: "cannot read your file"}}}
	skipped := Exercise{ID: "ex05", Status: Failed, MaxScore: 1, Tests: []Test{{Name: "TestA", Status: TestSkip}}}
	for _, c := range []struct {
		name   string
		exs    []Exercise
		qs     []Quiz
		status string
		tests  []string // status of each test
	}{
		{"all pass", []Exercise{passed("ex01"), passed("ex02")}, nil, "pass", []string{"pass", "pass"}},
		{"one fails", []Exercise{passed("ex01"), failed("ex02", "boom\n")}, nil, "fail", []string{"pass", "fail"}},
		// Blanks left everywhere: nothing compiled, no test ran.
		{"all unfilled", []Exercise{unfilled("ex01"), unfilled("ex02")}, nil, "error", []string{"fail", "fail"}},
		// Some test ran: an unfilled exercise is a failure, not an error.
		{"unfilled and pass", []Exercise{passed("ex01"), unfilled("ex02")}, nil, "fail", []string{"pass", "fail"}},
		{"grader error alone", []Exercise{errored}, nil, "error", []string{"error"}},
		{"grader error and a run", []Exercise{failed("ex01", ""), errored}, nil, "fail", []string{"fail", "error"}},
		{"only skipped tests", []Exercise{skipped}, nil, "error", []string{"fail"}},
		// A graded quiz is a test that ran.
		{"unfilled and a quiz", []Exercise{unfilled("ex01")}, []Quiz{{ID: "gil", Status: Passed, Score: 1, MaxScore: 1}}, "fail", []string{"fail", "pass"}},
		{"nothing", nil, nil, "error", []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New()
			r.Exercises = append(r.Exercises, c.exs...)
			r.Quizzes = append(r.Quizzes, c.qs...)
			r.Total()
			res := exercismOf(t, r)
			if res.Version != 3 || res.Status != c.status {
				t.Errorf("version %d status %q, want 3 %q", res.Version, res.Status, c.status)
			}
			if (res.Status == "error") != (res.Message != "") {
				t.Errorf("status %q with message %q: a message belongs to an error only", res.Status, res.Message)
			}
			var got []string
			for _, tt := range res.Tests {
				got = append(got, tt.Status)
				if (tt.Status == "pass") != (tt.Message == "") {
					t.Errorf("test %q: status %q, message %q", tt.Name, tt.Status, tt.Message)
				}
			}
			if strings.Join(got, ",") != strings.Join(c.tests, ",") {
				t.Errorf("test statuses %v, want %v", got, c.tests)
			}
		})
	}
}

func TestExercismAllUnfilledMessage(t *testing.T) {
	r := New()
	r.Exercises = []Exercise{unfilled("ex01"), unfilled("ex02")}
	r.Total()
	res := exercismOf(t, r)
	if res.Message != "no test could run: ex01: 2 blanks left; ex02: 2 blanks left" {
		t.Errorf("message %q", res.Message)
	}
}

func TestExercismOutputTruncated(t *testing.T) {
	long := strings.Repeat("é", 400) + strings.Repeat("x", 400) + "\n--- FAIL: TestA (0.00s)\n"
	r := New()
	r.Exercises = []Exercise{failed("ex02", long), failed("ex03", strings.Repeat("y", 500)), failed("ex04", strings.Repeat("z", 501))}
	r.Total()
	res := exercismOf(t, r)
	out := res.Tests[0].Output
	if n := utf8.RuneCountInString(out); n > exercismOutputMax {
		t.Errorf("output has %d characters, more than %d", n, exercismOutputMax)
	}
	if !strings.HasPrefix(out, strings.Repeat("é", 400)) || !strings.HasSuffix(out, "(cut: 801 characters in all)") || !utf8.ValidString(out) {
		t.Errorf("output not cut at the head with a note: %q", out)
	}
	if got := res.Tests[1].Output; got != strings.Repeat("y", 500) {
		t.Errorf("500 characters exactly were cut: %d", len(got))
	}
	if got := res.Tests[2].Output; utf8.RuneCountInString(got) != 500 || !strings.Contains(got, "cut: 501") {
		t.Errorf("501 characters: %q", got)
	}
	// Test order is course order, and ids give task ids.
	for i, want := range []int{2, 3, 4} {
		if res.Tests[i].TaskID != want {
			t.Errorf("test %d task_id %d, want %d", i, res.Tests[i].TaskID, want)
		}
	}
}

func TestTaskID(t *testing.T) {
	for id, want := range map[string]int{"ex01": 1, "ex12": 12, "ex": 0, "exa": 0, "gil": 0, "ex00": 0, "ex-3": 0} {
		if got := taskID(id); got != want {
			t.Errorf("taskID(%q) = %d, want %d", id, got, want)
		}
	}
}

// TestExercismOutputIsWhatTheCodePrinted: output holds what the learner's code
// printed, not go test's framing, the test's own messages, a race report or a
// goroutine dump; test_code holds the test's code.
func TestExercismOutputIsWhatTheCodePrinted(t *testing.T) {
	out := "=== RUN   TestA\nworker 1 started\n    a_test.go:12: got 3, want 4\n        more of the message\n" +
		"==================\nWARNING: DATA RACE\nWrite at 0x00c000012345 by goroutine 8:\n==================\n" +
		"worker 2 started\n    testing.go:1490: race detected during execution of test\n--- FAIL: TestA (0.00s)\n" +
		"panic: boom [recovered]\n\ngoroutine 7 [running]:\nmain.f()\n\t/x/a.go:3 +0x1\n"
	r := New()
	r.Exercises = []Exercise{failed("ex02", out)}
	r.Total()
	var b bytes.Buffer
	code := "func TestA(t *testing.T) {\n\tif Sum(1, 2) != 4 {\n\t\tt.Error(\"got 3, want 4\")\n\t}\n}\n"
	if err := Write(&b, r, "exercism", Options{TestCode: func(ex *Exercise) string { return code }}); err != nil {
		t.Fatal(err)
	}
	var res exercismResults
	if err := json.Unmarshal(b.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got := res.Tests[0].Output; got != "worker 1 started\nworker 2 started\n" {
		t.Errorf("output %q, want the two lines the code printed", got)
	}
	if res.Tests[0].TestCode != code {
		t.Errorf("test_code %q, want the test's code", res.Tests[0].TestCode)
	}
}
