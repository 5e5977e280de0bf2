// Package report holds the result of a grading run in the shape of gilgrade's JSON
// contract (docs/REPORT.md) and writes it in the formats teachers and learners read.
package report

import (
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/timeline"
)

// Version is the JSON report's version; bump it only for a breaking change.
const Version = 1

// Status is the verdict of a whole run, an exercise or a quiz.
type Status string

const (
	Passed   Status = "passed"
	Failed   Status = "failed"
	Unfilled Status = "unfilled" // exercises only: blanks are left
	Error    Status = "error"    // the grader could not grade
)

// TestStatus is the outcome of one Go test.
type TestStatus string

const (
	TestPass TestStatus = "pass"
	TestFail TestStatus = "fail"
	TestSkip TestStatus = "skip"
)

// Report is one grading run.
type Report struct {
	Version   int        `json:"version"`
	Tool      string     `json:"tool"`
	Status    Status     `json:"status"`
	Score     float64    `json:"score"`
	MaxScore  float64    `json:"max_score"`
	Exercises []Exercise `json:"exercises"`
	Quizzes   []Quiz     `json:"quizzes"`

	// RaceChecked is false when the run used --no-race.
	RaceChecked bool `json:"race_checked"`
	// Notes are run-wide remarks (no race detector, a cold build cache, …).
	Notes []string `json:"notes,omitempty"`

	// Course is the id of the course graded, and KeyHash the hash of the grader
	// key it was graded against ("sha256:…"; empty when no key was used).
	Course  string `json:"course,omitempty"`
	KeyHash string `json:"key_hash,omitempty"`
}

// Exercise is the result of one exercise.
type Exercise struct {
	ID          string            `json:"id"`
	Slug        string            `json:"slug"`
	Title       string            `json:"title"`
	Status      Status            `json:"status"`
	Score       float64           `json:"score"`
	MaxScore    float64           `json:"max_score"`
	BlanksLeft  int               `json:"blanks_left"`
	DurationMS  int64             `json:"duration_ms"`
	RaceChecked bool              `json:"race_checked"`
	Tests       []Test            `json:"tests"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`

	// Dir is the exercise directory relative to the course root, slash-separated.
	Dir string `json:"dir,omitempty"`
	// Files are the learner's files, relative to the course root.
	Files []string `json:"files,omitempty"`
}

// Test is one Go test of an exercise.
type Test struct {
	Name       string     `json:"name"`
	Status     TestStatus `json:"status"`
	DurationMS int64      `json:"duration_ms"`
	Output     string     `json:"output"`
	// Timeline is when each call to the test's fake services started and ended,
	// in fake time, for the tests that record it (the overlap tests).
	Timeline *timeline.Timeline `json:"timeline,omitempty"`
}

// Quiz is the result of one quiz.
type Quiz struct {
	ID        string  `json:"id"`
	Title     string  `json:"title,omitempty"`
	Status    Status  `json:"status"`
	Score     float64 `json:"score"`
	MaxScore  float64 `json:"max_score"`
	Answered  int     `json:"answered"`
	Questions int     `json:"questions"`
	PassMark  float64 `json:"pass_mark,omitempty"`
}

// New returns an empty report of the current version.
func New() *Report {
	return &Report{Version: Version, Tool: "gilgrade", Status: Passed, RaceChecked: true,
		Exercises: []Exercise{}, Quizzes: []Quiz{}}
}

// Total sums the scores and sets the run's status from its parts: error if any
// part could not be graded, failed if any failed or is unfilled, else passed.
func (r *Report) Total() {
	r.Score, r.MaxScore = 0, 0
	r.Status = Passed
	worst := func(s Status) {
		switch {
		case s == Error:
			r.Status = Error
		case s != Passed && r.Status != Error:
			r.Status = Failed
		}
	}
	for _, e := range r.Exercises {
		r.Score += e.Score
		r.MaxScore += e.MaxScore
		worst(e.Status)
	}
	for _, q := range r.Quizzes {
		r.Score += q.Score
		r.MaxScore += q.MaxScore
		worst(q.Status)
	}
}
