package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// xmllint validates an XML document against testdata/junit.xsd and returns its
// complaints.
func xmllint(t *testing.T, doc []byte) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install -y libxml2-utils): cannot validate the JUnit XML against its schema")
	}
	f := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), f).CombinedOutput()
	return string(out), err
}

// hostileReport holds text that XML must escape or cannot carry at all.
func hostileReport() *Report {
	r := New()
	r.Exercises = []Exercise{{ID: "ex07", Title: `<"fan-in"> & 'friends'`, Status: Failed, MaxScore: 1, RaceChecked: false,
		Files: []string{"exercises/ex07 <x>/a&b.go"},
		Tests: []Test{{Name: "TestFanIn", Status: TestFail,
			Output: "\x1b[31mred\x1b[0m ]]> <not a tag> \x00 nul\n--- FAIL: TestFanIn (0.00s)\n"}},
	}}
	r.Total()
	return r
}

func TestJUnitSchema(t *testing.T) {
	stamp := time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
	for name, doc := range map[string][]byte{
		"sample":           render(t, sampleReport(), "junit", Options{}),
		"sample-timestamp": render(t, sampleReport(), "junit", Options{Timestamp: stamp}),
		"hostile":          render(t, hostileReport(), "junit", Options{}),
		"caps":             render(t, manyDiagnostics(25, 3, 3), "junit", Options{}),
		"empty":            render(t, New(), "junit", Options{}),
	} {
		t.Run(name, func(t *testing.T) {
			if out, err := xmllint(t, doc); err != nil {
				t.Errorf("xmllint: %v\n%s\n%s", err, out, doc)
			}
		})
	}
}

// TestJUnitSchemaRejects proves the schema check can fail.
func TestJUnitSchemaRejects(t *testing.T) {
	good := string(render(t, sampleReport(), "junit", Options{}))
	for name, bad := range map[string]string{
		"time not a number":     strings.Replace(good, `time="0.312"`, `time="fast"`, 1),
		"testcase without name": strings.Replace(good, `name="ex01: Wait for every goroutine"`, ``, 1),
		"failure before properties": strings.Replace(good,
			"<testcase classname=\"gilgrade.exercises\" name=\"ex01: Wait for every goroutine\" file=\"exercises/ex01_wait_group/wait.go\" time=\"0.312\">",
			"<testcase classname=\"gilgrade.exercises\" name=\"ex01: Wait for every goroutine\" file=\"exercises/ex01_wait_group/wait.go\" time=\"0.312\"><failure message=\"x\"/>", 1),
		"timestamp with zone": strings.Replace(good, `<testsuite name="exercises"`, `<testsuite timestamp="2026-03-14T09:26:53Z" name="exercises"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if bad == good {
				t.Fatal("the edit did not apply")
			}
			if out, err := xmllint(t, []byte(bad)); err == nil {
				t.Errorf("xmllint accepted an invalid document:\n%s", out)
			}
		})
	}
}

// TestJUnitReadBack parses the XML back and checks the counts and what each
// testcase carries.
func TestJUnitReadBack(t *testing.T) {
	var got junitSuites
	if err := xml.Unmarshal(render(t, sampleReport(), "junit", Options{}), &got); err != nil {
		t.Fatal(err)
	}
	if got.Tests != 9 || got.Failures != 5 || got.Errors != 1 || len(got.Suites) != 2 {
		t.Fatalf("testsuites: tests=%d failures=%d errors=%d suites=%d", got.Tests, got.Failures, got.Errors, len(got.Suites))
	}
	ex := got.Suites[0]
	want := map[string]string{ // testcase → what it holds
		"ex01": "", "ex02": "failure:data-race", "ex03": "failure:unfilled", "ex04": "error:grader-error",
		"ex05": "", "ex06": "failure:test-failed",
	}
	for _, c := range ex.Cases {
		id, _, _ := strings.Cut(c.Name, ":")
		var holds string
		switch {
		case c.Failure != nil:
			holds = "failure:" + c.Failure.Type
		case c.Error != nil:
			holds = "error:" + c.Error.Type
		case c.Skipped != nil:
			holds = "skipped"
		}
		if holds != want[id] {
			t.Errorf("%s holds %q, want %q", id, holds, want[id])
		}
		if c.Classname != "gilgrade.exercises" || c.Properties[0].Name != "points" {
			t.Errorf("%s: classname %q, properties %v", id, c.Classname, c.Properties)
		}
	}
	// The failure carries every diagnosis, not only the first.
	if f := ex.Cases[1].Failure.Text; !strings.Contains(f, "[data-race]") || !strings.Contains(f, "[lock-not-held]") ||
		!strings.Contains(f, "append.go:17:4") {
		t.Errorf("ex02 failure text:\n%s", f)
	}
	if ex.Skipped != 0 || ex.Failures != 3 || ex.Errors != 1 || ex.Timestamp != "" {
		t.Errorf("exercises suite: skipped=%d failures=%d errors=%d timestamp=%q", ex.Skipped, ex.Failures, ex.Errors, ex.Timestamp)
	}
	if q := got.Suites[1]; q.Failures != 2 || q.Skipped != 0 || q.Cases[2].Failure == nil {
		t.Errorf("quizzes suite: failures=%d skipped=%d", q.Failures, q.Skipped)
	}
}

// TestJUnitHostile: control characters in test output must not break the XML,
// and markup must come back as text.
func TestJUnitHostile(t *testing.T) {
	doc := render(t, hostileReport(), "junit", Options{})
	var got junitSuites
	if err := xml.Unmarshal(doc, &got); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	c := got.Suites[0].Cases[0]
	if c.Name != `ex07: <"fan-in"> & 'friends'` || c.File != "exercises/ex07 <x>/a&b.go" {
		t.Errorf("name %q file %q", c.Name, c.File)
	}
	if !strings.Contains(c.Failure.Text, "]]> <not a tag>") {
		t.Errorf("failure text: %q", c.Failure.Text)
	}
	if bytes.ContainsAny(doc, "\x00\x1b") {
		t.Error("the XML holds characters XML 1.0 forbids")
	}
	if c.Properties[len(c.Properties)-1] != (junitProperty{Name: "race_checked", Value: "false"}) {
		t.Errorf("no race_checked=false property: %v", c.Properties)
	}
}

// TestJUnitGitLabCounts counts the testcases the way GitLab's JUnit parser does:
// by the element inside each testcase (failure or error: failed; skipped:
// skipped; nothing: success), ignoring the counters on the suites. Every
// exercise or quiz that earned less than its points is failed or errored, so
// GitLab's failed count matches what scored less than full marks.
func TestJUnitGitLabCounts(t *testing.T) {
	r := sampleReport()
	doc := render(t, r, "junit", Options{})
	var got junitSuites
	if err := xml.Unmarshal(doc, &got); err != nil {
		t.Fatal(err)
	}
	var success, failed, skipped int
	for _, c := range gitlabCases(t, doc) {
		switch c.status {
		case "failed", "error":
			failed++
		case "skipped":
			skipped++
		default:
			success++
		}
	}
	var full, short int
	for _, ex := range r.Exercises {
		if ex.Score < ex.MaxScore {
			short++
		} else {
			full++
		}
	}
	for _, q := range r.Quizzes {
		if q.Status != Passed {
			short++
		} else {
			full++
		}
	}
	if failed != short || success != full || skipped != 0 {
		t.Errorf("GitLab counts %d failed, %d passed, %d skipped; the report has %d short of full marks and %d passed",
			failed, success, skipped, short, full)
	}
	if got.Failures+got.Errors != failed {
		t.Errorf("testsuites says failures=%d errors=%d, GitLab counts %d failed", got.Failures, got.Errors, failed)
	}
}

// gitlabCase is a testcase as GitLab's JUnit parser keeps it
// (lib/gitlab/ci/parsers/test/junit.rb): the first of failure, error and
// skipped decides the status, and only that element's text is shown; a
// testcase with none of them is a success and GitLab keeps no text of it, not
// even its system-out.
type gitlabCase struct {
	name, file, status, shown string
}

func gitlabCases(t *testing.T, doc []byte) []gitlabCase {
	t.Helper()
	var got junitSuites
	if err := xml.Unmarshal(doc, &got); err != nil {
		t.Fatal(err)
	}
	var cases []gitlabCase
	for _, s := range got.Suites {
		for _, c := range s.Cases {
			gc := gitlabCase{name: c.Name, file: c.File, status: "success"}
			for _, el := range []struct {
				status string
				res    *junitResult
			}{{"failed", c.Failure}, {"error", c.Error}, {"skipped", c.Skipped}} {
				if el.res != nil {
					gc.status, gc.shown = el.status, el.res.Text
					break
				}
			}
			cases = append(cases, gc)
		}
	}
	return cases
}

// TestGitLabShowsEveryDiagnosis: a GitLab merge request shows each diagnosis
// somewhere a learner looks. The test report shows a failed exercise's
// diagnoses, warnings included, but nothing of a passed one (GitLab drops a
// passed testcase's output), and turning the pass into a failure or a skip to
// show its advice would miscount; the Code Quality report of the same run
// carries every diagnosis, a passed exercise's advice included, at its file
// and line from the repository's root.
func TestGitLabShowsEveryDiagnosis(t *testing.T) {
	r := sampleReport()
	cases := gitlabCases(t, render(t, r, "junit", Options{}))
	var cq bytes.Buffer
	if err := WriteCodeQuality(&cq, r, "course"); err != nil {
		t.Fatal(err)
	}
	var issues []codeQualityIssue
	if err := json.Unmarshal(cq.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	adviceOnPasses := 0
	for i, ex := range r.Exercises {
		tc := cases[i]
		if !strings.HasPrefix(tc.name, ex.ID+":") {
			t.Fatalf("testcase %d is %q, want %s", i, tc.name, ex.ID)
		}
		if (tc.status == "success") != (ex.Status == Passed) {
			t.Errorf("%s: GitLab counts %s, the exercise %s", ex.ID, tc.status, ex.Status)
		}
		for _, d := range ex.Diagnostics {
			at := d.File
			if d.Line > 0 {
				at += fmt.Sprintf(":%d", d.Line)
			}
			if ex.Status == Passed {
				adviceOnPasses++
				if tc.shown != "" {
					t.Errorf("%s: GitLab shows %q for a passed testcase", ex.ID, tc.shown)
				}
			} else if !strings.Contains(tc.shown, at) || !strings.Contains(tc.shown, d.Message) {
				t.Errorf("%s: the test report does not show %s %s:\n%s", ex.ID, at, d.Code, tc.shown)
			}
			found := false
			for _, is := range issues {
				if is.Location.Path == "course/"+d.File && is.Location.Lines.Begin == max(d.Line, 1) &&
					is.CheckName == "gilgrade/"+d.Code && strings.Contains(is.Description, d.Message) &&
					is.Severity == codeQualitySeverity(d.Severity) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no Code Quality issue for %s %s %q", ex.ID, at, d.Code, d.Message)
			}
		}
	}
	if adviceOnPasses == 0 {
		t.Fatal("the sample has no advice on a passed exercise: the test proves nothing")
	}
}
