package cli

import (
	"errors"
	"fmt"
)

// exitError is a command's failure with the exit code it ends the command
// with. Helpers return it (through usageError and graderError) instead of
// printing and handing back a code; Env.exit prints it once.
type exitError struct {
	code int
	err  error // nil when the message was already shown (by the flag package)
}

func (x *exitError) Error() string {
	if x.err == nil {
		return fmt.Sprintf("exit status %d", x.code)
	}
	return x.err.Error()
}

func (x *exitError) Unwrap() error { return x.err }

// usageError marks err as the user's mistake on the command line: an unknown
// exercise, a bad flag value, no course around the working directory.
func usageError(err error) error { return &exitError{ExitUsage, err} }

func usagef(format string, a ...any) error { return usageError(fmt.Errorf(format, a...)) }

// graderError marks err as gilgrade being unable to do its job: broken course
// files, no Go toolchain, a report it cannot write.
func graderError(err error) error { return &exitError{ExitGrader, err} }

func graderf(format string, a ...any) error { return graderError(fmt.Errorf(format, a...)) }

var (
	// errHelpShown: --help printed the command's usage; the command succeeded.
	errHelpShown error = &exitError{code: ExitOK}
	// errUsageShown: the flag package already printed what was wrong.
	errUsageShown error = &exitError{code: ExitUsage}
	// errFailed: the command printed what failed or is unfinished.
	errFailed error = &exitError{code: ExitFailed}
)

// exit prints err on stderr and returns the exit code it stands for: the one
// place where errors become exit codes. An error that is neither a usage nor
// a grader error is gilgrade's own failure (ExitGrader).
func (e *Env) exit(err error) int {
	if err == nil {
		return ExitOK
	}
	code := ExitGrader
	var x *exitError
	if errors.As(err, &x) {
		code = x.code
		if x.err == nil && err == error(x) {
			return code
		}
	}
	fmt.Fprintln(e.Stderr, "gilgrade:", err)
	return code
}

// noCourseError says that no course workspace is around the working directory,
// and how to make or find one.
func noCourseError(err error) error {
	return usagef("%w.\nMake a course workspace with `gilgrade init` and cd into it, or cd into an existing one.", err)
}
