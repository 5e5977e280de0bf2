package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// exercismOutputMax is the most an Exercism test's output may hold (FORMATS.md §6).
const exercismOutputMax = 500

// exercismResults is an Exercism test runner's results.json, version 3.
type exercismResults struct {
	Version int            `json:"version"`
	Status  string         `json:"status"` // pass | fail | error
	Message string         `json:"message,omitempty"`
	Tests   []exercismTest `json:"tests"`
}

type exercismTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"` // pass | fail | error
	TestCode string `json:"test_code"`
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
	TaskID   int    `json:"task_id,omitempty"`
}

// taskID is the exercise's number in the course, from its stable id exNN; 0 (left
// out) for anything else.
func taskID(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "ex"))
	if !strings.HasPrefix(id, "ex") || err != nil || n <= 0 {
		return 0
	}
	return n
}

// ran reports whether an item ran any test: a quiz that was graded did; an
// exercise did when a Go test passed or failed.
func ran(it item) bool {
	if it.quiz {
		return it.status != Error
	}
	for _, t := range it.ex.Tests {
		if t.Status != TestSkip {
			return true
		}
	}
	return false
}

func exercism(r *Report) exercismResults {
	res := exercismResults{Version: 3, Status: "pass", Tests: []exercismTest{}}
	anyRan := false
	var reasons []string
	for _, it := range items(r) {
		t := exercismTest{Name: it.name, Status: "pass", TestCode: it.command, TaskID: taskID(it.id)}
		if it.quiz {
			t.TaskID = 0
		}
		if ran(it) {
			anyRan = true
		}
		if it.status != Passed {
			t.Status = "fail"
			if it.status == Error {
				t.Status = "error"
			}
			t.Message = strings.TrimRight(plainDetail(it), "\n")
			if t.Message == "" {
				t.Message = it.summary
			}
			res.Status = "fail"
			reasons = append(reasons, it.id+": "+it.summary)
		}
		if it.ex != nil {
			var out strings.Builder
			for _, ft := range failedTests(it.ex) {
				out.WriteString(ft.Output)
			}
			t.Output = truncate(out.String(), exercismOutputMax)
		}
		res.Tests = append(res.Tests, t)
	}
	// Exercism keeps "error" for a run in which no test could run at all.
	if !anyRan && len(res.Tests) > 0 && res.Status != "pass" {
		res.Status = "error"
		res.Message = "no test could run: " + strings.Join(reasons, "; ")
	}
	if len(res.Tests) == 0 {
		res.Status = "error"
		res.Message = "nothing was graded"
	}
	return res
}

// WriteExercism writes an Exercism test runner's results.json, version 3: one test
// per exercise and quiz in course order, status error only when no test ran.
func WriteExercism(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(exercism(r))
}
