package testjson

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, name string) *Stream {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	s, err := Read(f, func(Event) { n++ })
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("%s: no event reached the callback", name)
	}
	if len(s.Packages) != 1 {
		t.Fatalf("%s: %d packages, want 1", name, len(s.Packages))
	}
	return s
}

func TestPass(t *testing.T) {
	p := read(t, "pass").Packages[0]
	if p.ImportPath != "rec/pass" || p.Status != Passed || !p.Started || p.FailedBuild {
		t.Errorf("package = %+v, want rec/pass started and passed", p)
	}
	var names []string
	for _, tc := range p.Tests {
		names = append(names, tc.Name+":"+string(tc.Status))
	}
	if got, want := strings.Join(names, " "), "TestOne:pass TestTwo:pass TestTwo/sub:pass"; got != want {
		t.Errorf("tests = %s, want %s", got, want)
	}
	if out := p.Test("TestOne").Output(); !strings.Contains(out, "hello") {
		t.Errorf("TestOne output %q lacks its log line", out)
	}
}

func TestFailWithAttr(t *testing.T) {
	p := read(t, "fail").Packages[0]
	if p.Status != Failed {
		t.Errorf("package status %q, want fail", p.Status)
	}
	bad := p.Test("TestBad")
	if bad == nil || bad.Status != Failed {
		t.Fatalf("TestBad = %+v, want failed", bad)
	}
	if got := bad.Attrs["gilgrade.code"]; got != "sequential" {
		t.Errorf("TestBad attr gilgrade.code = %q, want sequential", got)
	}
	if !strings.Contains(bad.Output(), "expected 5 files, got 3") {
		t.Errorf("TestBad output lacks the failure message: %q", bad.Output())
	}
	if p.Test("TestGood").Status != Passed {
		t.Error("TestGood did not pass")
	}
}

func TestBuildFailure(t *testing.T) {
	p := read(t, "build").Packages[0]
	if !p.FailedBuild || p.Status != Failed {
		t.Errorf("package = %+v, want a failed build", p)
	}
	if !strings.Contains(p.BuildOutput(), "p.go:3:23: cannot use \"x\"") {
		t.Errorf("build output lacks the compiler error: %q", p.BuildOutput())
	}
	if len(p.Tests) != 0 {
		t.Errorf("a failed build ran %d tests", len(p.Tests))
	}
}

func TestRace(t *testing.T) {
	p := read(t, "race").Packages[0]
	tc := p.Test("TestRace")
	if tc == nil || tc.Status != Failed {
		t.Fatalf("TestRace = %+v, want failed", tc)
	}
	if !strings.Contains(tc.Output(), "WARNING: DATA RACE") || !strings.Contains(tc.Output(), "race detected during execution of test") {
		t.Errorf("TestRace output lacks the race report: %q", tc.Output())
	}
}

func TestTimeout(t *testing.T) {
	p := read(t, "timeout").Packages[0]
	tc := p.Test("TestHang")
	if p.Status != Failed || tc == nil || tc.Status != Failed {
		t.Fatalf("package %q, TestHang %+v: want both failed", p.Status, tc)
	}
	if !strings.Contains(tc.Output(), "panic: test timed out after 1s") {
		t.Errorf("TestHang output lacks the timeout panic: %q", tc.Output())
	}
}

func TestPanic(t *testing.T) {
	tc := read(t, "panic").Packages[0].Test("TestPanic")
	if tc == nil || tc.Status != Failed || !strings.Contains(tc.Output(), "assignment to entry in nil map") {
		t.Errorf("TestPanic = %+v, want failed with the nil map panic", tc)
	}
}

func TestStrayAndGarbage(t *testing.T) {
	s, err := Read(strings.NewReader("go: cannot find main module\n{not json\n{\"Action\":\"output\",\"Output\":\"x\"}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Stray.String(); !strings.Contains(got, "cannot find main module") || !strings.Contains(got, "{not json") {
		t.Errorf("stray text = %q", got)
	}
}

func TestOutputCap(t *testing.T) {
	var s Stream
	line := strings.Repeat("x", 1000) + "\n"
	for range MaxOutput/len(line) + 100 {
		s.Add(Event{Action: Output, Package: "p", Test: "T", Output: line})
	}
	out := s.Packages[0].Test("T").Output()
	if len(out) > MaxOutput+200 || !strings.Contains(out, "more bytes of output were cut") {
		t.Errorf("capped output is %d bytes, ends %q", len(out), out[len(out)-80:])
	}
}

// maxFuzzStream bounds the streams FuzzRead reads. The fuzzer minimises each
// input that finds new code by trying to cut out every range of it, about n²/2
// reads for n bytes: seeded with whole recordings of up to 6.5 KB, it spent whole
// runs minimising one input. The recordings are seeds in pieces of whole lines
// within the bound, so every kind of event still is one; the unit tests read
// them whole.
const maxFuzzStream = 512

// pieces cuts b into runs of whole lines of at most max bytes (a longer line
// is a piece of its own, cut short).
func pieces(b []byte, max int) [][]byte {
	var out [][]byte
	var cur []byte
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(cur)+len(line) > max && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, line[:min(len(line), max)]...)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"pass", "fail", "build", "race", "timeout", "panic"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".jsonl"))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range pieces(b, maxFuzzStream) {
			f.Add(string(p))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzStream {
			return
		}
		st, err := Read(strings.NewReader(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range st.Packages {
			for _, tc := range p.Tests {
				_ = tc.Output()
			}
		}
	})
}

// A test's own output can imitate a result line, which test2json turns into an
// event like any other: a failure must stand, and the repeat must be countable.
func TestForgedPassAfterFailure(t *testing.T) {
	stream := `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"fail","Package":"p","Test":"TestA","Elapsed":0.01}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestB","Elapsed":0.01}
{"Action":"fail","Package":"p","Elapsed":0.02}
`
	s, err := Read(strings.NewReader(stream), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Packages[0]
	if a := p.Test("TestA"); a.Status != Failed || a.Results != 2 {
		t.Errorf("TestA: status %q after %d results, want fail after 2", a.Status, a.Results)
	}
	if b := p.Test("TestB"); b.Status != Passed || b.Results != 1 {
		t.Errorf("TestB: status %q after %d results, want pass after 1", b.Status, b.Results)
	}
	if p.Status != Failed {
		t.Errorf("package status %q, want fail", p.Status)
	}
}
