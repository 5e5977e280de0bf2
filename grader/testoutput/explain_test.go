package testoutput

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current explanations")

// readStream is a small test2json reader for the recorded streams: it joins
// each test's output, collects its attr events and keeps the rest as the
// package's output. gilgrade's own reader lives elsewhere; this one only
// feeds the tests.
func readStream(t testing.TB, data []byte) Result {
	t.Helper()
	var r Result
	index := make(map[string]int)
	outputs := make(map[string]*strings.Builder)
	var pkg strings.Builder
	test := func(name string) *Test {
		i, ok := index[name]
		if !ok {
			i = len(r.Tests)
			index[name] = i
			r.Tests = append(r.Tests, Test{Name: name, Attrs: map[string]string{}})
			outputs[name] = new(strings.Builder)
		}
		return &r.Tests[i]
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var ev struct {
			Action, Test, Output, Key, Value string
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			pkg.WriteString(sc.Text() + "\n")
			continue
		}
		if ev.Test == "" {
			if ev.Action == "output" {
				pkg.WriteString(ev.Output)
			}
			continue
		}
		tt := test(ev.Test)
		switch ev.Action {
		case "output":
			outputs[ev.Test].WriteString(ev.Output)
		case "fail":
			tt.Failed = true
		case "attr":
			tt.Attrs[ev.Key] = ev.Value
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for i := range r.Tests {
		r.Tests[i].Output = outputs[r.Tests[i].Name].String()
	}
	r.Output = pkg.String()
	return r
}

// caseOptions are the options of a recorded case: its files are in
// testdata/src/<name>, seen as /COURSE/exercises/<name>; files named helper*
// are course helpers, the other non-test files are the learner's.
func caseOptions(t testing.TB, name string) Options {
	t.Helper()
	dir := courseRoot + "/exercises/" + name
	o := Options{
		Root:        courseRoot,
		ExerciseDir: dir,
		ReadFile: func(path string) ([]byte, error) {
			rest, ok := strings.CutPrefix(filepath.ToSlash(path), courseRoot+"/exercises/")
			if !ok {
				return nil, os.ErrNotExist
			}
			return os.ReadFile(filepath.Join("testdata", "src", filepath.FromSlash(rest)))
		},
	}
	ents, err := os.ReadDir(filepath.Join("testdata", "src", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !strings.HasPrefix(n, "helper") {
			o.LearnerFiles = append(o.LearnerFiles, dir+"/"+n)
		}
	}
	return o
}

func loadCase(t testing.TB, name string) (Result, Options) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	r := readStream(t, data)
	for _, c := range recordCases {
		if c.name == name {
			r.Timeout, _ = time.ParseDuration(c.timeout)
		}
	}
	return r, caseOptions(t, name)
}

// wantCodes is the code each recorded case must produce, and nothing else.
var wantCodes = map[string][]diag.Code{
	"race_counter":       {diag.DataRace},
	"race_append":        {diag.DataRace},
	"race_map":           {diag.DataRace},
	"race_before_wait":   {diag.DataRace},
	"bubble_leak":        {diag.Deadlock},
	"bubble_nodone":      {diag.Deadlock},
	"negative_waitgroup": {diag.NegativeWaitGroup},
	"unlock_unlocked":    {diag.UnlockOfUnlocked},
	"send_closed":        {diag.SendOnClosed},
	"close_closed":       {diag.CloseOfClosed},
	"nil_map":            {diag.NilMapWrite},
	"map_writes":         {diag.ConcurrentMapWrites},
	"bubble_deadlock":    {diag.Deadlock},
	"asleep":             {diag.Deadlock},
	"forgot_unlock":      {diag.Timeout},
	"assertion":          {diag.TestFailed, diag.TestFailed},
	"sequential":         {diag.Sequential},
	"other_panic":        {diag.Panic},
	"lock_held":          {diag.LockHeld},
	"done_early":         {diag.StillRunning},
	"cancel_now":         {diag.StillRunning},
	"deferred_unlock":    {diag.UnlockOfUnlocked},
	"defer_close_range":  {diag.Deadlock},
	"defer_unlock_loop":  {diag.Timeout},
	"defer_not_go":       {diag.Deadlock},
	"wait_before_close":  {diag.Deadlock},
	"snap_sync_call":     {diag.Sequential},
	"snap_semaphore":     {diag.TestFailed},
	"snap_wait_each":     {diag.Sequential},
	"snap_early_release": {diag.TestFailed},
	"snap_no_limit":      {diag.TestFailed},
	"line_pattern":       {diag.TestFailed},
}

func TestExplainRecorded(t *testing.T) {
	for _, c := range recordCases {
		t.Run(c.name, func(t *testing.T) {
			r, o := loadCase(t, c.name)
			ds := Explain(r, o)

			var codes []diag.Code
			for _, d := range ds {
				codes = append(codes, diag.Code(d.Code))
				checkDiagnostic(t, d)
			}
			if fmt.Sprint(codes) != fmt.Sprint(wantCodes[c.name]) {
				t.Errorf("codes = %v, want %v", codes, wantCodes[c.name])
			}

			// The golden files leave out Verbose: it is the raw text.
			for i := range ds {
				ds[i].Verbose = ""
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(ds); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("explanation differs from %s (run with -update if the change is right):\n%s", golden, got)
			}
		})
	}
}

// checkDiagnostic checks what must hold of every diagnosis: learner lines
// only, relative paths, short one-sentence text.
func checkDiagnostic(t *testing.T, d diag.Diagnostic) {
	t.Helper()
	if d.Code == "" || d.Severity != diag.Error || d.Message == "" || d.Hint == "" {
		t.Errorf("incomplete diagnostic: %+v", d)
	}
	if strings.HasSuffix(d.Message, ".") || strings.Contains(d.Message, "\n") {
		t.Errorf("message is not one sentence without a final period: %q", d.Message)
	}
	if len(d.Details) > maxDetails {
		t.Errorf("%d details, want at most %d", len(d.Details), maxDetails)
	}
	for _, s := range append([]string{d.File, d.Message, d.Source}, d.Details...) {
		for _, bad := range []string{"/COURSE", "/GOROOT", "_test.go", "testing.go", "runtime/"} {
			if strings.Contains(s, bad) {
				t.Errorf("learner-facing text names %q: %q", bad, s)
			}
		}
	}
	if d.File != "" && (strings.HasPrefix(d.File, "/") || !strings.HasPrefix(d.File, "exercises/")) {
		t.Errorf("file %q is not relative to the course root", d.File)
	}
	if d.Line > 0 && d.Source == "" {
		t.Errorf("%s:%d has no source line", d.File, d.Line)
	}
}

// Both panics an extra Done can cause get the same code, whichever prints first.
func TestPanicCodeExtraDone(t *testing.T) {
	for _, v := range []string{"sync: negative WaitGroup counter", "sync: WaitGroup is reused before previous Wait has returned"} {
		if got := panicCode(v); got != diag.NegativeWaitGroup {
			t.Errorf("panicCode(%q) = %s, want %s", v, got, diag.NegativeWaitGroup)
		}
	}
}
