package report

import (
	"github.com/gilgrade/gilgrade/grader/safetext"

	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestGradescopeScores(t *testing.T) {
	r := sampleReport()
	var res gradescopeResults
	if err := json.Unmarshal(render(t, r, "gradescope", Options{}), &res); err != nil {
		t.Fatal(err)
	}
	its := items(r)
	if len(res.Tests) != len(its) {
		t.Fatalf("%d tests for %d exercises and quizzes", len(res.Tests), len(its))
	}
	var score, max float64
	for i, tt := range res.Tests {
		score += tt.Score
		max += tt.MaxScore
		if tt.OutputFormat != "md" || tt.Visibility != "visible" || (tt.Status != "passed" && tt.Status != "failed") {
			t.Errorf("test %d: format %q visibility %q status %q", i, tt.OutputFormat, tt.Visibility, tt.Status)
		}
		if (tt.Status == "passed") != (its[i].status == Passed) || tt.Name != its[i].name {
			t.Errorf("test %q: status %s for a %s %s", tt.Name, tt.Status, its[i].status, its[i].name)
		}
	}
	if score != r.Score || max != r.MaxScore || res.Score != r.Score {
		t.Errorf("tests sum to %v/%v, top level %v, report %v/%v", score, max, res.Score, r.Score, r.MaxScore)
	}
	if res.ExecutionTime != 3 { // 2702 ms, rounded up
		t.Errorf("execution_time %d", res.ExecutionTime)
	}
	if res.OutputFormat != "md" || res.StdoutVisibility != "hidden" {
		t.Errorf("output_format %q stdout_visibility %q", res.OutputFormat, res.StdoutVisibility)
	}
}

func TestGradescopeVisibility(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleReport(), "gradescope", Options{Visibility: "after_published"}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), `"visibility": "after_published"`) != 1+len(sampleReport().Exercises)+len(sampleReport().Quizzes) {
		t.Errorf("visibility not applied everywhere:\n%s", b.String())
	}
	if err := Write(&b, sampleReport(), "gradescope", Options{Visibility: "secret"}); err == nil || !strings.Contains(err.Error(), "after_due_date") {
		t.Errorf("unknown visibility: err = %v", err)
	}
}

// TestFence: test output holding a code fence must not end the block early.
func TestFence(t *testing.T) {
	got := safetext.CodeBlock("a\n```\nb")
	if !strings.HasPrefix(got, "````text\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("fence = %q", got)
	}
}
