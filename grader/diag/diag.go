// Package diag defines the diagnosis every stage of gilgrade reports: the blank
// scanner, the build, the analyzers and the run-time explainers all speak it, so a
// learner reads one kind of message whatever found the mistake.
package diag

import (
	"cmp"
	"slices"
)

// Severity says whether a diagnosis fails the exercise.
type Severity string

const (
	// Error fails the exercise even when its tests passed.
	Error Severity = "error"
	// Warning is advice; the exercise can still pass.
	Warning Severity = "warning"
	// Info is a note, such as "the race detector did not run".
	Info Severity = "info"
)

// Diagnostic is one finding at the learner's code. Its JSON form is the
// "diagnostics" element of the report contract (docs/REPORT.md); fields after Hint
// are additions to that contract.
type Diagnostic struct {
	// Code is a registered Code (see Register), documented by `gilgrade explain
	// CODE`. It is a string because the analyzers name it as their Category.
	Code     string   `json:"code"`
	Severity Severity `json:"severity"` // error | warning | info
	File     string   `json:"file"`     // slash-separated, relative to the course root; "" when unknown
	Line     int      `json:"line"`     // 1-based; 0 when unknown
	Col      int      `json:"col"`      // 1-based; 0 when unknown
	Message  string   `json:"message"`  // one sentence: what is wrong, in the learner's terms
	Hint     string   `json:"hint"`     // what to do about it

	// Source is the learner's line of code at File:Line, for display.
	Source string `json:"source,omitempty"`
	// Details are further learner-facing lines: the other side of a race, where a
	// goroutine was started, where each blocked goroutine waits.
	Details []string `json:"details,omitempty"`
	// Verbose holds what was dropped to keep the message short (runtime and testing
	// frames, the raw compiler text); shown only with --verbose.
	Verbose string `json:"verbose,omitempty"`
}

// Doc is a code's entry in the registry (see Register): what `gilgrade explain`
// prints, what reports say about the code, and the severity producers give it.
type Doc struct {
	Code     string   // a Code; a string so the analyzers' Category converts without ceremony
	Severity Severity // the usual severity of the code
	Title    string   // a lowercase one-line title
	Body     string   // what it means, why it happens, what to do; may hold WRONG/RIGHT examples
	// Hint is what to do when the producer has nothing more specific to say;
	// "" when every producer writes its own.
	Hint string
}

// Sort orders diagnostics by file, line, column and code, so reports are stable.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Code, b.Code),
		)
	})
}

// Is reports whether d is a diagnosis of code c.
func (d Diagnostic) Is(c Code) bool { return d.Code == string(c) }

// HasError reports whether any diagnostic is of error severity.
func HasError(ds []Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}
