package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gilgrade/gilgrade/grader/safetext"
)

// classroomMessageMax keeps each test's message short: the whole result travels
// base64-encoded through a step output, and GitHub caps those at 1 MiB per job.
const classroomMessageMax = 4000

// classroomResult is the result a GitHub Classroom runner step writes
// (docs/REPORT.md, "GitHub Classroom"); the autograding reporter sums the tests' scores and the max_score of every
// runner.
type classroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"` // pass | fail | error
	MaxScore float64         `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string  `json:"name"`
	Status   string  `json:"status"` // pass | fail | error
	Score    float64 `json:"score"`
	Message  string  `json:"message"`
	TestCode string  `json:"test_code"`
	Filename string  `json:"filename"`
	LineNo   int     `json:"line_no"`
	Duration int64   `json:"duration"` // milliseconds, as the Classroom runners measure it
}

// classroomStatus maps gilgrade's statuses to the runner's: an unfilled
// exercise is a failed one.
func classroomStatus(s Status) string {
	switch s {
	case Passed:
		return "pass"
	case Error:
		return "error"
	}
	return "fail"
}

// classroomMaxTests bounds how many equal tests a result is split into: the
// reporter prints a line per test.
const classroomMaxTests = 400

// classroom builds the runner result. The reporter records the sum of the
// tests' scores, but its console shows (passed tests ÷ tests) × max_score: the
// two agree only when every test weighs the same and scores are whole tests.
// So the points are cut into equal tests of a unit (see classroomUnit), each
// exercise and quiz becoming its share of them, its first tests passing for
// the points it earned. Partial credit that is not a whole number of units is
// rounded down to one, and the item's message says so.
func classroom(r *Report) classroomResult {
	r = cleaned(r, logLine, safetext.Log)
	res := classroomResult{Version: 1, Status: classroomStatus(r.Status), MaxScore: r.MaxScore,
		Tests: []classroomTest{}}
	its := items(r)
	unit := classroomUnit(its, r.MaxScore)
	// A test weighs the unit, or, when the maximum is not whole units (a
	// question worth a third of a point), an equal share of the maximum:
	// then the console rounds what Classroom records to two decimals.
	weight := unit
	if tests := math.Round(r.MaxScore / unit); !whole(r.MaxScore/unit) && tests > 0 {
		weight = r.MaxScore / tests
	}
	// Each item gets its share of the n tests by rounding its running total,
	// so the shares add up to n even when a maximum is not a whole number of
	// units.
	var cum float64
	done := 0
	for _, it := range its {
		if it.max <= 0 {
			continue // worth nothing: a test of it would skew passed ÷ tests
		}
		cum += it.max
		n := int(math.Round(cum/weight)) - done
		done += n
		earned := min(n, int(math.Floor(it.score/weight+1e-9)))
		msg := it.summary
		if it.status != Passed {
			msg = strings.TrimRight(plainDetail(it), "\n")
			if msg == "" {
				msg = it.summary
			}
		}
		if counted := float64(earned) * weight; math.Abs(counted-it.score) > 1e-9 || math.Abs(float64(n)*weight-it.max) > 1e-9 {
			unitName := classroomUnitName(unit)
			if weight != unit {
				unitName = "equal shares of " + Points(r.MaxScore)
			}
			msg = fmt.Sprintf("GitHub Classroom counts points in %s: this counts as %s of %s (gilgrade gave %s of %s).\n",
				unitName, Points(counted), Points(float64(n)*weight), Points(it.score), Points(it.max)) + msg
		}
		msg = safetext.Log(truncate(msg, classroomMessageMax))
		t := classroomTest{Name: it.name, Status: classroomStatus(it.status), Message: msg, TestCode: it.command,
			Filename: it.file, LineNo: it.line, Duration: it.durationMS}
		for k := range n {
			u := t
			if n > 1 {
				u.Name = fmt.Sprintf("%s (part %d of %d)", it.name, k+1, n)
			}
			u.Score = 0
			if k < earned {
				u.Score, u.Status = weight, "pass"
			} else if u.Status == "pass" {
				u.Status = "fail" // a passed item whose share of the tests is more than its maximum
			}
			if k > 0 {
				u.Message, u.TestCode, u.Duration = "", "", 0 // said once, on the first part
			}
			res.Tests = append(res.Tests, u)
		}
	}
	return res
}

// classroomUnit returns the points one test weighs: a whole, half or quarter
// point, powers of two, which add up exactly in floating point (the
// reporter's sum is then the number its console prints) and whose multiples
// have the two decimals its console shows. It is the first of: the coarsest
// in which every maximum and score is whole; the finest in which every maximum
// is (partial credit is then rounded down); the finest that divides the course's
// maximum — each within classroomMaxTests tests; then, beyond the bound, the
// coarsest that keeps the maxima or the course's maximum exact. A maximum that
// is not whole quarters gets the finest unit within the bound.
func classroomUnit(its []item, max float64) float64 {
	coarse, fine := []float64{1, 0.5, 0.25}, []float64{0.25, 0.5, 1}
	divides := func(u float64, scores bool) bool {
		for _, it := range its {
			if !whole(it.max/u) || scores && !whole(it.score/u) {
				return false
			}
		}
		return true
	}
	maxima := func(u float64) bool { return divides(u, false) }
	total := func(u float64) bool { return whole(max / u) }
	for _, rule := range []struct {
		order   []float64
		ok      func(u float64) bool
		bounded bool
	}{
		{coarse, func(u float64) bool { return divides(u, true) }, true},
		{fine, maxima, true},
		{fine, total, true},
		{coarse, maxima, false},
		{coarse, total, false},
	} {
		for _, u := range rule.order {
			if rule.ok(u) && (!rule.bounded || max/u <= classroomMaxTests) {
				return u
			}
		}
	}
	for _, u := range fine {
		if max/u <= classroomMaxTests {
			return u
		}
	}
	return 1
}

func whole(f float64) bool { return math.Abs(f-math.Round(f)) < 1e-9 }

func classroomUnitName(unit float64) string {
	switch unit {
	case 0.25:
		return "quarters"
	case 0.5:
		return "halves"
	}
	return "whole points"
}

func classroomJSON(r *Report) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeJSON(&b, classroom(r), ""); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// WriteClassroom writes the GitHub Classroom runner result as one line of compact
// JSON.
func WriteClassroom(w io.Writer, r *Report) error {
	b, err := classroomJSON(r)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ClassroomOutput returns the line a Classroom runner step appends to
// $GITHUB_OUTPUT, "result=<base64 of the compact JSON>\n"; the reporter step reads
// it back through the runner's <ID>_RESULTS variable.
func ClassroomOutput(r *Report) (string, error) {
	b, err := classroomJSON(r)
	if err != nil {
		return "", err
	}
	return "result=" + base64.StdEncoding.EncodeToString(b) + "\n", nil
}
