package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestClassroomOutputDecodes(t *testing.T) {
	r := sampleReport()
	line, err := ClassroomOutput(r)
	if err != nil {
		t.Fatal(err)
	}
	enc, ok := strings.CutPrefix(line, "result=")
	if !ok || !strings.HasSuffix(enc, "\n") || strings.Count(line, "\n") != 1 {
		t.Fatalf("not one result= line: %q", line)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(enc, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	// The line carries the same compact JSON the format writes.
	if want := bytes.TrimSuffix(render(t, r, "classroom", Options{}), []byte("\n")); !bytes.Equal(raw, want) {
		t.Errorf("decoded result differs from the classroom format:\n%s\n%s", raw, want)
	}
	if bytes.Contains(raw, []byte("\n")) {
		t.Error("the JSON is not compact")
	}
}

// TestClassroomReporterSums checks what the autograding reporter computes from
// the result: the sum of the tests' scores and the runner's max_score.
func TestClassroomReporterSums(t *testing.T) {
	var res struct {
		Version  int              `json:"version"`
		Status   string           `json:"status"`
		MaxScore float64          `json:"max_score"`
		Tests    []map[string]any `json:"tests"`
	}
	r := sampleReport()
	if err := json.Unmarshal(render(t, r, "classroom", Options{}), &res); err != nil {
		t.Fatal(err)
	}
	if res.Version != 1 || res.Status != "error" || res.MaxScore != r.MaxScore {
		t.Errorf("version %d status %q max_score %v", res.Version, res.Status, res.MaxScore)
	}
	var sum float64
	passedTests := 0
	keys := "duration filename line_no message name score status test_code"
	for _, tt := range res.Tests {
		sum += tt["score"].(float64)
		if tt["status"] == "pass" {
			passedTests++
		}
		var ks []string
		for k := range tt {
			ks = append(ks, k)
		}
		if got := strings.Join(slices.Sorted(slices.Values(ks)), " "); got != keys {
			t.Errorf("test keys %q, want %q", got, keys)
		}
		switch tt["status"] {
		case "pass", "fail", "error":
		default:
			t.Errorf("test status %q", tt["status"])
		}
	}
	// What Classroom records (notify-classroom.js): the sum of the scores.
	if sum != r.Score {
		t.Errorf("scores sum to %v, the report to %v", sum, r.Score)
	}
	// What the reporter's console shows (getTestScore in test-helpers.js of
	// autograding-grading-reporter v1): passed tests ÷ tests × max_score.
	if console := float64(passedTests) / float64(len(res.Tests)) * res.MaxScore; math.Abs(console-r.Score) > 1e-9 {
		t.Errorf("the reporter's console shows %v/%v, Classroom records %v", console, res.MaxScore, sum)
	}
	var ex02 map[string]any
	for _, tt := range res.Tests {
		if tt["name"] == "ex02: Append under a mutex (part 1 of 4)" {
			ex02 = tt
		}
	}
	if ex02 == nil || ex02["filename"] != "exercises/ex02_mutex_append/append.go" || ex02["line_no"] != 17.0 || ex02["duration"] != 1480.0 ||
		!strings.Contains(ex02["message"].(string), "[lock-not-held]") {
		t.Errorf("ex02 test: %v", ex02)
	}
}

// TestClassroomArithmetic: whatever the weights and partial scores, the
// reporter's console and Classroom's record agree with the report.
func TestClassroomArithmetic(t *testing.T) {
	for _, c := range [][2][]float64{
		{{1, 3, 2, 1}, {1, 0, 2, 0}},
		{{3, 3, 3}, {3, 1.5, 0}},
		{{10, 2}, {4.25, 2}},
		{{1}, {0}},
	} {
		r := New()
		for i, max := range c[0] {
			st := Failed
			if c[1][i] == max {
				st = Passed
			}
			r.Exercises = append(r.Exercises, Exercise{ID: fmt.Sprintf("ex%02d", i+1), Status: st, MaxScore: max, Score: c[1][i]})
		}
		r.Total()
		res := classroom(r)
		var sum float64
		passed := 0
		for _, tt := range res.Tests {
			sum += tt.Score
			if tt.Status == "pass" {
				passed++
			}
		}
		console := float64(passed) / float64(len(res.Tests)) * res.MaxScore
		if math.Abs(sum-r.Score) > 1e-9 || math.Abs(console-r.Score) > 1e-9 {
			t.Errorf("weights %v scores %v: console %v, recorded %v, report %v", c[0], c[1], console, sum, r.Score)
		}
	}
}

func TestClassroomStatus(t *testing.T) {
	for s, want := range map[Status]string{Passed: "pass", Failed: "fail", Unfilled: "fail", Error: "error"} {
		if got := classroomStatus(s); got != want {
			t.Errorf("classroomStatus(%s) = %s, want %s", s, got, want)
		}
	}
}

func TestClassroomMessageCapped(t *testing.T) {
	r := New()
	r.Exercises = []Exercise{failed("ex01", strings.Repeat("a", 3*classroomMessageMax))}
	r.Total()
	c := classroom(r)
	if n := len([]rune(c.Tests[0].Message)); n > classroomMessageMax {
		t.Errorf("message has %d characters", n)
	}
}
