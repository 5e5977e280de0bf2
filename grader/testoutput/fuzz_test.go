package testoutput

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// FuzzExplain feeds Explain arbitrary output, seeded with the recorded runs:
// whatever a test prints, explaining it must not panic, and the report must
// stay within its bounds.
func FuzzExplain(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		r, _ := loadCase(f, strings.TrimSuffix(filepath.Base(file), ".jsonl"))
		var all strings.Builder
		for _, t := range r.Tests {
			all.WriteString(t.Output)
		}
		all.WriteString(r.Output)
		f.Add(all.String(), true, false)
	}
	f.Add("panic: \ngoroutine 1 [running]:\n\t:1\n", false, true)
	f.Add("WARNING: DATA RACE\nRead at 0x by :\n", true, false)
	f.Add("goroutine 1 []:\n()\n\t/x.go:0\n", true, false)

	o := caseOptions(f, "race_counter")
	// Some learner files named as the recorded streams name them, others not.
	o.LearnerFiles = append(o.LearnerFiles, "/COURSE/exercises/asleep/pipeline.go", "/x.go")
	f.Fuzz(func(t *testing.T, out string, failed, killed bool) {
		r := Result{
			Tests:   []Test{{Name: "TestX", Failed: failed, Output: out, Attrs: map[string]string{AttrCode: out}}},
			Output:  out,
			Timeout: time.Second,
			Killed:  killed,
		}
		ds := Explain(r, o)
		if len(ds) > maxDiagnostics {
			t.Fatalf("%d diagnostics", len(ds))
		}
		for _, d := range ds {
			if len(d.Details) > maxDetails {
				t.Fatalf("%d details", len(d.Details))
			}
			if len(d.Verbose) > maxVerbose+64 {
				t.Fatalf("verbose is %d bytes", len(d.Verbose))
			}
			if utf8.ValidString(out) && !utf8.ValidString(d.Message+d.Verbose) {
				t.Fatalf("valid input gave invalid UTF-8: %q", d.Message)
			}
		}
	})
}

// TestHugeDump checks that a dump of thousands of goroutines (a goroutine
// bomb) gives a short report, quickly.
func TestHugeDump(t *testing.T) {
	r, o := loadCase(t, "forgot_unlock")
	out := r.Tests[0].Output
	i := strings.Index(out, " [sync.Mutex.Lock]:")
	i = strings.LastIndex(out[:max(i, 0)], "goroutine ")
	if i < 0 {
		t.Fatal("recorded dump changed: no goroutine in sync.Mutex.Lock")
	}
	block := out[i:]
	id, _, _ := strings.Cut(block, " [")
	var b strings.Builder
	b.WriteString(out[:i])
	for n := range 20000 {
		// Spread them over two lines so grouping is tested too.
		g := strings.Replace(block, id+" ", "goroutine "+itoa(100000+n)+" ", 1)
		if n%2 == 1 {
			g = strings.Replace(g, "stock.go:12 ", "stock.go:17 ", 1)
		}
		b.WriteString(g)
		b.WriteString("\n")
	}
	r.Tests[0].Output = b.String()
	start := time.Now()
	ds := Explain(r, o)
	took := time.Since(start)
	if len(ds) != 1 {
		t.Fatalf("%d diagnostics, want 1", len(ds))
	}
	d := ds[0]
	if len(d.Details) != 2 || !strings.HasPrefix(d.Details[0], "10000 goroutines wait to lock") {
		t.Errorf("details = %q, want 2 groups of 10000", d.Details)
	}
	if len(d.Verbose) > maxVerbose+64 {
		t.Errorf("verbose is %d bytes", len(d.Verbose))
	}
	if took > 5*time.Second {
		t.Errorf("took %v for a %d-byte dump", took, b.Len())
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// TestKilled covers a run gilgrade's watchdog stopped: there is no dump.
func TestKilled(t *testing.T) {
	o := caseOptions(t, "forgot_unlock")
	r := Result{
		Tests: []Test{
			{Name: "TestA", Output: "=== RUN   TestA\n--- PASS: TestA (0.00s)\n"},
			{Name: "TestTake", Output: "=== RUN   TestTake\n"},
		},
		Timeout: 2 * time.Second,
		Killed:  true,
	}
	ds := Explain(r, o)
	if len(ds) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(ds), ds)
	}
	d := ds[0]
	if !d.Is(diag.Timeout) || d.Message != "TestTake did not finish and was stopped after 2s" || d.File != "exercises/forgot_unlock/stock.go" {
		t.Errorf("got %+v", d)
	}
}

// TestTimeoutInPackageOutput: the timeout dump may come outside any test; the
// test it names is still reported.
func TestTimeoutInPackageOutput(t *testing.T) {
	r, o := loadCase(t, "forgot_unlock")
	r.Output, r.Tests[0].Output = r.Tests[0].Output, "=== RUN   TestTake\n"
	ds := Explain(r, o)
	if len(ds) != 1 || !ds[0].Is(diag.Timeout) || !strings.HasPrefix(ds[0].Message, "TestTake did not finish within 2s") || ds[0].Line != 12 {
		t.Errorf("got %+v", ds)
	}
}

// TestUnknownPaths: with no learner files known, nothing is located, but
// the diagnosis is still made and names no machine path.
func TestUnknownPaths(t *testing.T) {
	for _, name := range []string{"race_counter", "asleep", "send_closed", "forgot_unlock"} {
		r, _ := loadCase(t, name)
		ds := Explain(r, Options{Root: "/elsewhere", ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
		if len(ds) != 1 {
			t.Errorf("%s: %d diagnostics", name, len(ds))
			continue
		}
		if d := ds[0]; d.File != "" || d.Line != 0 || len(d.Details) != 0 || strings.Contains(d.Message, "/COURSE") {
			t.Errorf("%s: %+v", name, d)
		}
	}
}

// TestAttrHint: a test can set its own hint, and an unknown but well-formed
// code is passed through.
func TestAttrHint(t *testing.T) {
	r, o := loadCase(t, "sequential")
	r.Tests[0].Attrs[AttrCode] = "wg-add-in-goroutine"
	r.Tests[0].Attrs[AttrHint] = "call wg.Add(1) before go"
	ds := Explain(r, o)
	if len(ds) != 1 || ds[0].Code != "wg-add-in-goroutine" || ds[0].Hint != "call wg.Add(1) before go" ||
		!strings.HasPrefix(ds[0].Message, "10 calls of 500ms took 5s") {
		t.Errorf("got %+v", ds)
	}

	r.Tests[0].Attrs[AttrCode] = "Not A Code"
	ds = Explain(r, o)
	if len(ds) != 1 || !ds[0].Is(diag.TestFailed) || !strings.HasPrefix(ds[0].Message, "TestFetchAllConcurrent failed: 10 calls") {
		t.Errorf("got %+v", ds)
	}
}

// TestHelperFallback: when no learner frame is on the stack, a course
// helper's line is used; the exercise's tests never are.
func TestHelperFallback(t *testing.T) {
	r, o := loadCase(t, "nil_map")
	o.LearnerFiles = nil // index.go becomes a course helper
	ds := Explain(r, o)
	if len(ds) != 1 || ds[0].File != "exercises/nil_map/index.go" || ds[0].Line != 7 {
		t.Errorf("got %+v", ds)
	}
	o.ExerciseDir = ""
	ds = Explain(r, o)
	if len(ds) != 1 || ds[0].File != "" || ds[0].Line != 0 {
		t.Errorf("without helpers got %+v", ds)
	}
}

// TestVerboseKeepsFrames: what the learner's view drops stays in Verbose.
func TestVerboseKeepsFrames(t *testing.T) {
	for _, name := range []string{"race_counter", "bubble_deadlock", "forgot_unlock", "unlock_unlocked"} {
		r, o := loadCase(t, name)
		for _, d := range Explain(r, o) {
			if !strings.Contains(d.Verbose, "/GOROOT/src/") || !strings.Contains(d.Verbose, "_test.go") {
				t.Errorf("%s: verbose lacks the runtime and test frames:\n%s", name, d.Verbose)
			}
		}
	}
}
