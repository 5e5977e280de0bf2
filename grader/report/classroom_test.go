package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
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
	if len(res.Tests) != len(r.Exercises)+len(r.Quizzes) {
		t.Fatalf("%d tests for %d exercises and quizzes", len(res.Tests), len(r.Exercises)+len(r.Quizzes))
	}
	var sum float64
	keys := "duration filename line_no message name score status test_code"
	for _, tt := range res.Tests {
		sum += tt["score"].(float64)
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
	if sum != r.Score {
		t.Errorf("scores sum to %v, the report to %v", sum, r.Score)
	}
	ex02 := res.Tests[1]
	if ex02["filename"] != "exercises/ex02_mutex_append/append.go" || ex02["line_no"] != 17.0 || ex02["duration"] != 1480.0 ||
		!strings.Contains(ex02["message"].(string), "[lock-not-held]") {
		t.Errorf("ex02 test: %v", ex02)
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
