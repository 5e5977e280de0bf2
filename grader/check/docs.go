package check

import "github.com/gilgrade/gilgrade/grader/diag"

// Docs documents the codes this package reports, for `gilgrade explain`.
func Docs() []diag.Doc {
	return []diag.Doc{
		{Code: CodeUnfilled, Severity: diag.Error, Title: "a blank is still ___",
			Body: `Every ___ in an exercise file marks a place where your code goes. gilgrade
looks for blanks before it compiles anything, because Go cannot build a file
that still has them. Replace each ___ with Go code; the comment at the top of the
file explains the idea, and ` + "`gilgrade hint EXERCISE`" + ` gives a nudge.`},
		{Code: CodeCompileError, Severity: diag.Error, Title: "the exercise does not compile",
			Body: `Go checks the whole package before any test runs, so one line that does not
compile stops everything. gilgrade shows the compiler's words at your line. Fix
the first error first: later ones are often caused by it.`},
		{Code: CodeModified, Severity: diag.Error, Title: "a course file was changed",
			Body: `The tests and the exercises' go.mod belong to the course: they decide what
counts as a correct answer, so gilgrade grades only your blank fills. If one of
them differs from the copy gilgrade ships, the grade would mean nothing.
` + "`gilgrade reset EXERCISE`" + ` restores the course's files and keeps yours as backups
(name.bak).`},
		{Code: CodeNoTests, Severity: diag.Error, Title: "no test ran",
			Body: `The exercise built but none of its tests ran, so there is nothing to grade.
The course is incomplete or a test file was removed: ` + "`gilgrade reset EXERCISE`" + `
restores it.`},
		{Code: CodeGrader, Severity: diag.Error, Title: "gilgrade could not grade this exercise",
			Body: `Something outside your code went wrong: a file could not be read, or go test
reported nothing about the package. The message says what; running go test in the
exercise folder shows the whole story.`},
		{Code: "output-limit", Severity: diag.Error, Title: "the tests printed too much",
			Body: `gilgrade keeps a bounded amount of what tests print and stops a run that
prints without end. Look for a print inside a loop that never ends.`},
	}
}
