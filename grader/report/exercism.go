package report

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/safetext"
)

// exercismOutputMax is the most an Exercism test's output may hold (docs/REPORT.md, "Exercism").
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

func exercism(r *Report, testCode func(*Exercise) string) exercismResults {
	r = cleaned(r, logLine, safetext.Log)
	res := exercismResults{Version: 3, Status: "pass", Tests: []exercismTest{}}
	anyRan := false
	var reasons []string
	for _, it := range items(r) {
		t := exercismTest{Name: it.name, Status: "pass", TaskID: taskID(it.id)}
		if it.ex != nil && testCode != nil {
			t.TestCode = safetext.Terminal(testCode(it.ex))
		}
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
			for _, tt := range it.ex.Tests {
				out.WriteString(printed(tt.Output))
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
// testCode, when not nil, gives the code of an exercise's tests for test_code.
func WriteExercism(w io.Writer, r *Report, testCode func(*Exercise) string) error {
	return encodeJSON(w, exercism(r, testCode), "  ")
}

// testFraming matches the lines `go test -v` adds around what a test printed:
// its progress lines, its verdicts and the package's.
var testFraming = regexp.MustCompile(`^\s*(=== (RUN|PAUSE|CONT|NAME)\b|--- (PASS|FAIL|SKIP): )|^(PASS|FAIL|ok  |FAIL\t|exit status \d+$)`)

// testingLine matches a line the testing package prints for t.Log, t.Error and
// the race detector's verdict: "    name_test.go:12: message".
var testingLine = regexp.MustCompile(`^(\s+)[\w.-]+\.go:\d+: `)

// printed keeps what the learner's code printed from a test's output, which is
// what Exercism's output field is for: it drops go test's framing, the test's
// own messages (they are in message already), race reports and the runtime's
// panic and goroutine dumps.
func printed(out string) string {
	var b strings.Builder
	lines := strings.SplitAfter(out, "\n")
	cont := "" // the indent of a testing message's continuation lines
	race := false
	for _, l := range lines {
		bare := strings.TrimRight(l, "\n")
		switch {
		case bare == "" && l == "":
			continue
		case strings.HasPrefix(bare, "=================="):
			race = !race
			continue
		case race:
			continue
		case strings.HasPrefix(bare, "panic: "), strings.HasPrefix(bare, "fatal error: "),
			strings.HasPrefix(bare, "goroutine ") && strings.HasSuffix(bare, ":"):
			return b.String() // the rest is the runtime's
		case cont != "" && strings.HasPrefix(bare, cont):
			continue
		case testFraming.MatchString(bare):
			cont = ""
			continue
		}
		if m := testingLine.FindStringSubmatch(bare); m != nil {
			cont = m[1] + "    "
			continue
		}
		cont = ""
		b.WriteString(l)
	}
	return b.String()
}
