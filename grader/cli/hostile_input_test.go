package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
)

// Inputs a learner controls are bounded: a file with thousands of blanks on one
// line gives a report of a few diagnoses, and a file over the size limit is refused
// before it is read whole. Neither runs go test.
func TestHostileLearnerFiles(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	name := filepath.Join(root, "exercises/ex01_start_join/squares.go")
	shipped, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}

	// 25,000 blanks on one line of about 125 KB.
	many := append(bytes.Clone(shipped), []byte("\nvar _ = []int{"+strings.Repeat("___,", 25000)+"}\n")...)
	if err := os.WriteFile(name, many, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, r := checkJSON(t, root, "ex01")
	ex := rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Unfilled || ex.BlanksLeft != 25004 {
		t.Errorf("many blanks: exit %d, status %s, %d blanks left", r.code, ex.Status, ex.BlanksLeft)
	}
	if len(ex.Diagnostics) > 10 || len(r.stdout) > 64<<10 {
		t.Errorf("many blanks: %d diagnostics, a %d-byte report: the report must not grow with the blanks", len(ex.Diagnostics), len(r.stdout))
	}
	text := run(t, root, "check", "ex01")
	if len(text.stdout) > 16<<10 || !strings.Contains(text.stdout, "more blanks") {
		t.Errorf("many blanks: the text report is %d bytes:\n%.2000s", len(text.stdout), text.stdout)
	}

	// A file over 1 MiB.
	big := append(bytes.Clone(shipped), bytes.Repeat([]byte("// padding\n"), 110000)...)
	if err := os.WriteFile(name, big, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, r = checkJSON(t, root, "ex01")
	ex = rep.Exercises[0]
	if r.code != ExitFailed || ex.Status != report.Failed || !hasCode(ex, "file-too-large") {
		t.Errorf("large file: exit %d, status %s, codes %v", r.code, ex.Status, codesOf(ex))
	}
	if got, _ := os.ReadFile(name); !bytes.Equal(got, big) {
		t.Error("the learner's file was changed")
	}
}
