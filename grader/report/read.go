package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Read parses a report saved with --format json, so that it can be written in
// another format without grading again. The report may come from a run the
// learner's code controlled: Read checks its shape, never trusts its text (the
// formats escape that), and names the line and column of a syntax error.
func Read(data []byte) (*Report, error) {
	var r Report
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&r); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := lineCol(data, se.Offset-1) // Offset is just past the bad byte
			return nil, fmt.Errorf("line %d, column %d: not a gilgrade JSON report: %w", line, col, err)
		case errors.As(err, &te):
			line, col := lineCol(data, te.Offset)
			return nil, fmt.Errorf("line %d, column %d: field %s holds a JSON %s, not a %s", line, col, te.Field, te.Value, te.Type)
		}
		return nil, fmt.Errorf("not a gilgrade JSON report: %w", err)
	}
	if dec.More() {
		line, col := lineCol(data, dec.InputOffset())
		return nil, fmt.Errorf("line %d, column %d: more than one JSON value: a report is one object", line, col)
	}
	switch {
	case r.Tool != "gilgrade":
		return nil, fmt.Errorf("not a gilgrade JSON report: \"tool\" is %q, not \"gilgrade\" (write one with `gilgrade check --all --format json`)", r.Tool)
	case r.Version > Version:
		return nil, fmt.Errorf("the report is version %d, newer than this gilgrade reads (%d): use the gilgrade that wrote it", r.Version, Version)
	case r.Version < 1:
		return nil, fmt.Errorf("the report has no \"version\": write it with `gilgrade check --all --format json`")
	}
	if !knownStatus(r.Status) {
		return nil, fmt.Errorf("the report's \"status\" is %q: want passed, failed or error", r.Status)
	}
	for _, ex := range r.Exercises {
		if !knownStatus(ex.Status) {
			return nil, fmt.Errorf("exercise %q: \"status\" is %q: want passed, failed, unfilled or error", ex.ID, ex.Status)
		}
	}
	for _, q := range r.Quizzes {
		if !knownStatus(q.Status) {
			return nil, fmt.Errorf("quiz %q: \"status\" is %q: want passed, failed or error", q.ID, q.Status)
		}
	}
	if r.Exercises == nil {
		r.Exercises = []Exercise{}
	}
	if r.Quizzes == nil {
		r.Quizzes = []Quiz{}
	}
	return &r, nil
}

func knownStatus(s Status) bool {
	switch s {
	case Passed, Failed, Unfilled, Error:
		return true
	}
	return false
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
