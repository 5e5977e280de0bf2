package testoutput

import (
	"strconv"
	"testing"
)

func TestMatchLineOnlyWhenPlain(t *testing.T) {
	e := newExplainer(caseOptions(t, "snap_semaphore"))
	if f, ok := e.matchLine(`make\(chan`); !ok || f.Line != 7 {
		t.Errorf("make(chan: got line %d (%v), want 7", f.Line, ok)
	}
	for _, p := range []string{`sem`, `nothing like this`, `(`, `limit int`} {
		// Several lines, none, a bad pattern, and a match only in a comment
		// ("at most limit at once" is a comment; "limit int" is code, so it
		// stands as the one plain match it is).
		f, ok := e.matchLine(p)
		if p == `limit int` {
			if !ok || f.Line != 6 {
				t.Errorf("%q: got line %d (%v), want 6", p, f.Line, ok)
			}
			continue
		}
		if ok {
			t.Errorf("%q: named line %d, want none", p, f.Line)
		}
	}
}

// A snapshot says nothing when it does not plainly show the cause.
func TestSnapshotSilence(t *testing.T) {
	e := newExplainer(caseOptions(t, "snap_semaphore"))
	for name, dump := range map[string]string{
		"nobody in a call": "goroutine 11 [chan send (durable), synctest bubble 1]:\nsnap_semaphore.FetchAll.func1\n\tfetch.go:11\n",
		// Waiting after the call (line 13), not before it: not a queue for it.
		"waiting after the call": "goroutine 12 [sleep (durable)]:\nsnap_semaphore.TestFetchAllLimit.func1.1\n\tfetch_test.go:23\nsnap_semaphore.FetchAll.func1\n\tfetch.go:12\n\n" +
			"goroutine 13 [chan receive (durable)]:\nsnap_semaphore.FetchAll.func1\n\tfetch.go:13\n",
		"not a dump": "hello",
	} {
		if ev, ok := e.fromAttrs(map[string]string{AttrGoroutines: strconv.Quote(dump)}); ok {
			t.Errorf("%s: named %d: %s", name, ev.at.Line, ev.message)
		}
	}
	if _, ok := e.fromAttrs(map[string]string{AttrGoroutines: "not quoted"}); ok {
		t.Error("an unquoted attribute named a line")
	}
}

func TestShortFunc(t *testing.T) {
	for in, want := range map[string]string{
		"course/exercises/ex04.LoadDashboard":       "LoadDashboard",
		"ex12_order_pipeline.Process.func1":         "Process",
		"course/x.(*Pool).Run.func2.1":              "Run",
		"gilgrade.dev/exercises/ex09.FetchStatuses": "FetchStatuses",
	} {
		if got := shortFunc(in); got != want {
			t.Errorf("shortFunc(%q) = %q, want %q", in, got, want)
		}
	}
}
