package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"
)

// classroomMessageMax keeps each test's message short: the whole result travels
// base64-encoded through a step output, and GitHub caps those at 1 MiB per job.
const classroomMessageMax = 4000

// classroomResult is the result a GitHub Classroom runner step writes (FORMATS.md
// §3); the autograding reporter sums the tests' scores and the max_score of every
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

func classroom(r *Report) classroomResult {
	res := classroomResult{Version: 1, Status: classroomStatus(r.Status), MaxScore: r.MaxScore,
		Tests: []classroomTest{}}
	for _, it := range items(r) {
		msg := it.summary
		if it.status != Passed {
			msg = strings.TrimRight(plainDetail(it), "\n")
			if msg == "" {
				msg = it.summary
			}
		}
		res.Tests = append(res.Tests, classroomTest{Name: it.name, Status: classroomStatus(it.status),
			Score: it.score, Message: truncate(msg, classroomMessageMax), TestCode: it.command,
			Filename: it.file, LineNo: it.line, Duration: it.durationMS})
	}
	return res
}

func classroomJSON(r *Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(classroom(r)); err != nil {
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
