package testoutput

import (
	"strconv"
	"strings"
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

// FuzzEvidence feeds arbitrary attributes to the evidence readers: they never
// panic, and a line they name is a line of a learner file.
func FuzzEvidence(f *testing.F) {
	for _, name := range []string{"snap_semaphore", "snap_sync_call", "snap_wait_each", "snap_early_release", "snap_no_limit"} {
		r, _ := loadCase(f, name)
		for _, tt := range r.Tests {
			if v, ok := tt.Attrs[AttrGoroutines]; ok {
				f.Add(v, `make\(chan`)
			}
		}
	}
	f.Add(strconv.Quote("goroutine 1 [chan send]:\nx.F.func1\n\tfetch.go:11\n"), `(`)
	o := caseOptions(f, "snap_semaphore")
	f.Fuzz(func(t *testing.T, dump, pattern string) {
		e := newExplainer(o)
		ev, ok := e.fromAttrs(map[string]string{AttrGoroutines: dump, AttrLine: pattern})
		if !ok {
			return
		}
		if e.kind(ev.at.File) != kindLearner || ev.at.Line < 1 || ev.at.Line > len(e.lines(ev.at.File)) {
			t.Fatalf("named %s:%d, not a learner line", ev.at.File, ev.at.Line)
		}
	})
}

func TestSnapshotLineOutOfFile(t *testing.T) {
	e := newExplainer(caseOptions(t, "snap_sync_call"))
	dump := "goroutine 7 [sleep (durable)]:\ndash.slow.Orders\n\tdash_test.go:16\ndash.Load\n\tdash.go:9999\ndash.TestLoadOverlap.func1.1\n\tdash_test.go:27\ncreated by dash.TestLoadOverlap.func1 in goroutine 6\n\tdash_test.go:25\n"
	if ev, ok := e.fromAttrs(map[string]string{AttrGoroutines: strconv.Quote(dump)}); ok {
		t.Errorf("named line %d of a shorter file: %s", ev.at.Line, ev.message)
	}
	// The same stack at the real line is named.
	dump = strings.Replace(dump, "dash.go:9999", "dash.go:14", 1)
	if ev, ok := e.fromAttrs(map[string]string{AttrGoroutines: strconv.Quote(dump)}); !ok || ev.at.Line != 14 {
		t.Errorf("the call in Load's own goroutine: got line %d (%v), want 14", ev.at.Line, ok)
	}
}

// Goroutines queued at a line that is not a send on a channel made in the
// function are named at that line.
func TestSnapshotQueueAtLine(t *testing.T) {
	e := newExplainer(caseOptions(t, "snap_semaphore"))
	inCall := "goroutine 12 [sleep (durable)]:\nsnap_semaphore.TestFetchAllLimit.func1.1\n\tfetch_test.go:23\nsnap_semaphore.FetchAll.func1\n\tfetch.go:12\n\n"
	waiting := "goroutine 13 [chan receive (durable)]:\nsnap_semaphore.FetchAll.func1\n\tfetch.go:11\n\n"
	ev, ok := e.fromAttrs(map[string]string{AttrGoroutines: strconv.Quote(inCall + waiting + strings.Replace(waiting, "13", "14", 1))})
	want := "2 goroutines wait to receive from a channel here before making their calls, while only 1 call ran at once"
	if !ok || ev.at.Line != 11 || ev.message != want {
		t.Errorf("got line %d (%v): %q\nwant line 11: %q", ev.at.Line, ok, ev.message, want)
	}
}

// Two tests whose evidence names the same cause give one diagnosis, with the
// code the test that chose one set, whichever test ran first.
func TestSameEvidenceOnce(t *testing.T) {
	r, o := loadCase(t, "snap_sync_call")
	stacks := r.Tests[0].Attrs[AttrGoroutines]
	if stacks == "" {
		t.Fatal("recorded stream lost its gilgrade.goroutines attribute")
	}
	r.Tests = []Test{
		{Name: "TestPlain", Failed: true, Output: "    dash_test.go:40: took 1s\n", Attrs: map[string]string{AttrGoroutines: stacks}},
		{Name: "TestChosen", Failed: true, Output: "    dash_test.go:30: took 1s, expected 500ms\n", Attrs: map[string]string{AttrGoroutines: stacks, AttrCode: "sequential"}},
	}
	ds := Explain(r, o)
	if len(ds) != 1 || ds[0].Code != "sequential" || ds[0].Line != 14 {
		t.Errorf("got %+v, want one sequential diagnosis at line 14", ds)
	}
}
