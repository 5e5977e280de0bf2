package cli

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// TestExit: every error a command returns becomes its exit code in Env.exit,
// printed once after "gilgrade: ", or not at all when it was shown already.
func TestExit(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, ExitOK, ""},
		{errHelpShown, ExitOK, ""},
		{errUsageShown, ExitUsage, ""},
		{usagef("no quiz %q", "x"), ExitUsage, "gilgrade: no quiz \"x\"\n"},
		{fmt.Errorf("--format: %w", usageError(errors.New("bad"))), ExitUsage, "gilgrade: --format: bad\n"},
		{graderf("cannot write %s", "r.json"), ExitGrader, "gilgrade: cannot write r.json\n"},
		{errors.New("unexpected"), ExitGrader, "gilgrade: unexpected\n"},
		{noCourseError(errors.New("no course found in /tmp")), ExitUsage,
			"gilgrade: no course found in /tmp.\nMake a course workspace with `gilgrade init` and cd into it, or cd into an existing one.\n"},
	} {
		var stderr bytes.Buffer
		e := &Env{Stderr: &stderr}
		if code := e.exit(c.err); code != c.code || stderr.String() != c.stderr {
			t.Errorf("exit(%v) = %d, %q; want %d, %q", c.err, code, stderr.String(), c.code, c.stderr)
		}
	}
}
