// Package testoutput turns what a `go test -race -json` run printed (data race
// reports, deadlocks, timeouts, panics, failed assertions) into diagnoses at the
// learner's own lines. A failed test's attributes add evidence: the code it
// chose (gilgrade.code), its hint, the goroutines' stacks it took while the
// calls it counts ran (gilgrade.goroutines) and a pattern of the line it blames
// (gilgrade.line).
package testoutput
