package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/timeline"
)

// fourCalls is ex04's record: four calls of 500ms, gap apart.
func fourCalls(t *testing.T, gap float64) *timeline.Timeline {
	t.Helper()
	var calls []timeline.Call
	for i, n := range []string{"Profile(ada)", "Orders(ada)", "Balance(ada)", "Weather(London)"} {
		calls = append(calls, timeline.Call{Name: n, StartMS: float64(i) * gap, EndMS: float64(i)*gap + 500})
	}
	b, _ := json.Marshal(timeline.Timeline{Calls: calls})
	tl, err := timeline.Parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func timelineReport(t *testing.T) *Report {
	r := New()
	seq := Exercise{ID: "ex04", Title: "Four slow calls in the time of one", Status: Failed, MaxScore: 1, RaceChecked: true,
		Tests: []Test{
			{Name: "TestLoadDashboardValues", Status: TestPass},
			{Name: "TestLoadDashboardOverlap", Status: TestFail, Timeline: fourCalls(t, 500)},
		},
		Diagnostics: []diag.Diagnostic{{Code: "sequential", Severity: diag.Error, File: "exercises/ex04_io_overlap/dashboard.go",
			Message: "4 calls of 500ms took 2s of fake time, with at most 1 waiting at once"}}}
	passed := seq
	passed.ID, passed.Status, passed.Score, passed.Diagnostics = "ex04b", Passed, 1, nil
	passed.Tests = []Test{{Name: "TestLoadDashboardOverlap", Status: TestPass, Timeline: fourCalls(t, 0)}}
	// Failed for another reason: the picture would distract from it.
	raced := seq
	raced.ID, raced.Diagnostics = "ex04c", []diag.Diagnostic{{Code: "data-race", Severity: diag.Error, File: "exercises/ex04_io_overlap/dashboard.go", Message: "race"}}
	r.Exercises = []Exercise{seq, passed, raced}
	r.Total()
	return r
}

func TestTextDrawsTimelines(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, timelineReport(t), TextOptions{Style: NewStyle(false), Width: 72}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text_timeline.golden", b.Bytes())
	if n := strings.Count(b.String(), "in fake time:"); n != 2 {
		t.Errorf("%d timelines drawn, want 2 (sequential and passed, not the race):\n%s", n, b.String())
	}
}

func TestHTMLEscapesAndDraws(t *testing.T) {
	r := timelineReport(t)
	r.Exercises[0].Diagnostics[0].Source = `x := "<script>alert(1)</script>"`
	r.Exercises[0].Tests[1].Timeline.Calls[0].Name = "<img src=x onerror=alert(1)>"
	var b bytes.Buffer
	if err := WriteHTML(&b, r, "gilgrade check"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>") || strings.Contains(page, "<img") {
		t.Errorf("learner text reached the page unescaped:\n%s", page)
	}
	if n := strings.Count(page, "<svg "); n != 3 {
		t.Errorf("%d timelines drawn in the page, want 3", n)
	}
	for _, bad := range []string{"http://", "https://", "<script", "<link", "@import", ` src="`} {
		if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("the page is not self-contained: it holds %q", bad)
		}
	}
}
