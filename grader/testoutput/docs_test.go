package testoutput

import (
	"strings"
	"testing"
)

func TestDocs(t *testing.T) {
	codes := []string{
		CodeDataRace, CodeDeadlock, CodeTimeout, CodeNegativeWaitGroup,
		CodeUnlockOfUnlocked, CodeSendOnClosed, CodeCloseOfClosed,
		CodeConcurrentMapWrites, CodeNilMapWrite, CodePanic, CodeSequential,
		CodeTestFailed, CodeLockHeld, CodeStillRunning,
	}
	docs := Docs()
	seen := make(map[string]bool)
	for _, d := range docs {
		if seen[d.Code] {
			t.Errorf("%s documented twice", d.Code)
		}
		seen[d.Code] = true
		if d.Title == "" || d.Body == "" || d.Severity == "" {
			t.Errorf("%s: incomplete doc", d.Code)
		}
		if d.Title != strings.ToLower(d.Title[:1])+d.Title[1:] || strings.HasSuffix(d.Title, ".") {
			t.Errorf("%s: title %q must be lowercase with no final period", d.Code, d.Title)
		}
		if strings.Contains(d.Body, "WRONG") != strings.Contains(d.Body, "RIGHT") {
			t.Errorf("%s: WRONG without RIGHT or the reverse", d.Code)
		}
	}
	for _, c := range codes {
		if !seen[c] {
			t.Errorf("%s is not documented", c)
		}
	}
	if len(docs) != len(codes) {
		t.Errorf("%d docs for %d codes", len(docs), len(codes))
	}
}
