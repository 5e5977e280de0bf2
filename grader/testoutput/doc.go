// Package testoutput turns what a `go test -race -json` run printed (data race
// reports, deadlocks, timeouts, panics, failed assertions) into diagnoses at the
// learner's own lines.
package testoutput
