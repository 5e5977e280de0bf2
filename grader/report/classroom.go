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

// classroomMaxUnits bounds how many equal tests a result may be split into; a
// course whose points need more falls back to one test per item.
const classroomMaxUnits = 400

// classroom builds the runner result. The reporter records the sum of the
// tests' scores, but its console shows (passed tests ÷ tests) × max_score for
// the runner: the two agree only when every test weighs the same. So each
// exercise and quiz becomes as many tests as it has units of points (the
// largest unit that divides every maximum and score in the run: a point, half
// a point, …), the first of them passing for the points it earned.
func classroom(r *Report) classroomResult {
	r = cleaned(r, logLine, safetext.Log)
	res := classroomResult{Version: 1, Status: classroomStatus(r.Status), MaxScore: r.MaxScore,
		Tests: []classroomTest{}}
	its := items(r)
	per := classroomUnits(its)
	for _, it := range its {
		msg := it.summary
		if it.status != Passed {
			msg = strings.TrimRight(plainDetail(it), "\n")
			if msg == "" {
				msg = it.summary
			}
		}
		msg = safetext.Log(truncate(msg, classroomMessageMax))
		t := classroomTest{Name: it.name, Status: classroomStatus(it.status),
			Score: it.score, Message: msg, TestCode: it.command,
			Filename: it.file, LineNo: it.line, Duration: it.durationMS}
		if per == 0 || it.max == 0 {
			res.Tests = append(res.Tests, t)
			continue
		}
		n := int(math.Round(it.max / per))
		earned := int(math.Round(it.score / per))
		for k := range n {
			u := t
			if n > 1 {
				u.Name = fmt.Sprintf("%s (part %d of %d)", it.name, k+1, n)
			}
			u.Score = 0
			if k < earned {
				u.Score, u.Status = per, "pass"
			} else if u.Status == "pass" {
				u.Status = "fail" // cannot happen: a passed item earned all its units
			}
			if k > 0 {
				u.Message, u.TestCode, u.Duration = "", "", 0 // said once, on the first unit
			}
			res.Tests = append(res.Tests, u)
		}
	}
	return res
}

// classroomUnits returns the weight of one test: the largest of a few units that
// divides every item's maximum and score, or 0 when none does within
// classroomMaxUnits tests.
func classroomUnits(its []item) float64 {
	var total float64
	for _, it := range its {
		total += it.max
	}
next:
	for _, scale := range []float64{1, 2, 4, 5, 10, 20, 25, 50, 100} {
		if total*scale > classroomMaxUnits {
			return 0
		}
		for _, it := range its {
			if !whole(it.max*scale) || !whole(it.score*scale) {
				continue next
			}
		}
		return 1 / scale
	}
	return 0
}

func whole(f float64) bool { return math.Abs(f-math.Round(f)) < 1e-9 }

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
