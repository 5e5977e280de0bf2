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
them differs from the copy gilgrade ships, the grade would mean nothing. Under
strict grading the shipped copy is graded instead and the exercise scores zero.
` + "`gilgrade reset EXERCISE`" + ` restores the course's files and keeps yours as backups
(name.bak).`},
		{Code: CodeNoTests, Severity: diag.Error, Title: "no test ran",
			Body: `The exercise built but none of its tests ran, so there is nothing to grade.
The course is incomplete or a test file was removed: ` + "`gilgrade reset EXERCISE`" + `
restores it.`},
		{Code: CodeNotRun, Severity: diag.Error, Title: "some tests never ran",
			Body: `The test program stopped before every test had reported, and nothing it
printed says why: code that calls os.Exit or log.Fatal, or that crashes in an
init function, ends the whole program, tests and all. An exercise passes only
when every one of its tests ran and passed.`},
		{Code: CodeProgramFailed, Severity: diag.Error, Title: "the test program failed after its tests passed",
			Body: `Every test reported a pass, but the test program itself ended with a
failure. Its exit status is the one signal nothing printed can fake, so it
decides: the exercise fails. Usually something went wrong after the last test: a
goroutine your code left running raced or panicked. Run go test -race in the
exercise folder to see the whole output.`},
		{Code: CodeFakeResult, Severity: diag.Error, Title: "the output imitates test results",
			Body: `The run's output holds test results that the tests did not produce: the same
test reported twice, or a test the exercise does not have. Text your code prints
that looks like "--- PASS: TestX" counts for nothing: gilgrade grades by the
test program's exit status and the course's own list of tests. Remove the print.`},
		{Code: CodeTooLarge, Severity: diag.Error, Title: "the exercise file is too large",
			Body: `An exercise file with its blanks filled is a few kilobytes. gilgrade refuses a
file over 1 MiB before reading it, so a runaway edit or generated code cannot
make grading slow or exhaust memory. ` + "`gilgrade reset EXERCISE`" + ` restores the shipped file
and keeps yours as a backup.`},
		{Code: CodeGrader, Severity: diag.Error, Title: "gilgrade could not grade this exercise",
			Body: `Something outside your code went wrong: a file could not be read, or go test
reported nothing about the package. The message says what; running go test in the
exercise folder shows the whole story.`},
		{Code: CodeEditOutsideBlank, Severity: diag.Error, Title: "the exercise file was changed outside its blanks",
			Body: `Under strict grading (` + "`--strict`" + `, the default in every CI format) only the ___
blanks of an exercise file are yours to fill: everything around them must stay as
shipped, or the tests would not be grading your answer. Whitespace, line breaks
and comments do not matter; code does, and so do directives such as a
` + "`//go:build ignore`" + ` line, which hides the file from the build. The report names
the first line that differs. Such an exercise scores zero.

  WRONG  func init() { os.Exit(0) }        // added below the exercise's code
  RIGHT  leave it out; write code only where a ___ was

` + "`gilgrade reset EXERCISE`" + ` restores the file and keeps yours as a backup (name.bak).`},
		{Code: CodeExtraFile, Severity: diag.Error, Title: "a file that is not part of the exercise",
			Body: `Under strict grading an exercise is built only from the files the course ships
and your exercise file. Any other Go file in the exercise folder (another
_test.go with a TestMain, a file with an init function or a build tag) is left out
of the build and reported, and the exercise scores zero. Delete the file or move it
out of the exercise folder. Files whose names start with . or _ are ignored, as go
itself ignores them.`},
		{Code: "output-limit", Severity: diag.Error, Title: "the tests printed too much",
			Body: `gilgrade keeps a bounded amount of what tests print and stops a run that
prints without end. Look for a print inside a loop that never ends.`},
		{Code: CodeMemoryLimit, Severity: diag.Error, Title: "the tests used too much memory",
			Body: `Each exercise's test program runs on its own with a cap on its memory, so that
one exercise cannot starve the others. A program that passes the cap is stopped
and the exercise fails; the other exercises are graded as if it were absent.
Look for goroutines started in a loop that never ends, or for a slice or map
that grows without end.`},
	}
}
