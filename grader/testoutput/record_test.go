package testoutput

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The recorded streams in testdata/*.jsonl come from real runs of the small
// packages in testdata/src. Regenerate them (needs the race detector, so cgo
// and a C compiler) with
//
//	go test ./grader/testoutput -run TestRecord -record
//
// then refresh the explanations with -update. Each case is copied into a
// throwaway course (module "course", package in exercises/<case>/) and its
// absolute paths are rewritten to placeholders, so the files do not depend on
// the machine that recorded them.
var record = flag.Bool("record", false, "rerun testdata/src/* with go test -race -json and rewrite testdata/*.jsonl")

const (
	courseRoot = "/COURSE" // the course root in recorded streams
	goRoot     = "/GOROOT" // GOROOT in recorded streams
)

// recordCases lists how each case in testdata/src is run.
var recordCases = []struct {
	name    string
	timeout string
	norace  bool // run without -race: the race detector would report the bug first
	want    string
}{
	{name: "race_counter", timeout: "60s", want: "WARNING: DATA RACE"},
	{name: "race_append", timeout: "60s", want: "WARNING: DATA RACE"},
	{name: "race_map", timeout: "60s", want: "WARNING: DATA RACE"},
	{name: "race_before_wait", timeout: "60s", want: "WARNING: DATA RACE"},
	{name: "negative_waitgroup", timeout: "60s", want: "negative WaitGroup counter"},
	{name: "unlock_unlocked", timeout: "60s", want: "unlock of unlocked mutex"},
	{name: "send_closed", timeout: "60s", want: "send on closed channel"},
	{name: "close_closed", timeout: "60s", want: "close of closed channel"},
	{name: "nil_map", timeout: "60s", want: "assignment to entry in nil map"},
	{name: "map_writes", timeout: "60s", norace: true, want: "concurrent map"},
	{name: "bubble_deadlock", timeout: "60s", want: "deadlock: "},
	// Under -race the binary uses cgo, and then the runtime cannot see that all
	// goroutines are asleep; a plain run with no test timer can.
	{name: "bubble_leak", timeout: "60s", want: "main bubble goroutine has exited"},
	{name: "bubble_nodone", timeout: "60s", want: "deadlock: "},
	{name: "asleep", timeout: "0", norace: true, want: "all goroutines are asleep"},
	{name: "forgot_unlock", timeout: "2s", want: "test timed out"},
	{name: "assertion", timeout: "60s", want: "want 55"},
	{name: "sequential", timeout: "60s", want: `"attr"`},
	{name: "other_panic", timeout: "60s", want: "slice bounds out of range"},
	// A goroutine waiting in Lock is not durably blocked: only the timeout ends it.
	{name: "lock_held", timeout: "2s", want: "test timed out"},
	{name: "done_early", timeout: "60s", want: "main bubble goroutine has exited"},
	{name: "cancel_now", timeout: "60s", want: "main bubble goroutine has exited"},
	{name: "deferred_unlock", timeout: "60s", want: "unlock of unlocked mutex"},
	{name: "defer_close_range", timeout: "60s", want: "deadlock: "},
	{name: "defer_unlock_loop", timeout: "2s", want: "test timed out"},
	{name: "defer_not_go", timeout: "60s", want: "deadlock: "},
	{name: "wait_before_close", timeout: "60s", want: "deadlock: "},
	{name: "snap_sync_call", timeout: "60s", want: "gilgrade.goroutines"},
	{name: "snap_semaphore", timeout: "60s", want: "gilgrade.goroutines"},
	{name: "snap_wait_each", timeout: "60s", want: "gilgrade.goroutines"},
	{name: "snap_early_release", timeout: "60s", want: "gilgrade.goroutines"},
	{name: "snap_no_limit", timeout: "60s", want: "gilgrade.goroutines"},
	{name: "line_pattern", timeout: "60s", want: "gilgrade.line"},
}

func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("run with -record to regenerate testdata/*.jsonl")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range recordCases {
		t.Run(c.name, func(t *testing.T) {
			tmp, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			course := filepath.Join(tmp, "course")
			dst := filepath.Join(course, "exercises", c.name)
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(course, "go.mod"), []byte("module course\n\ngo 1.26\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			src := filepath.Join("testdata", "src", c.name)
			ents, err := os.ReadDir(src)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				b, err := os.ReadFile(filepath.Join(src, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"test", "-json", "-count=1", "-timeout", c.timeout}
			if !c.norace {
				args = append(args, "-race")
			}
			args = append(args, "./exercises/"+c.name)
			// Racy cases are not deterministic; try a few times for the report we want.
			var out []byte
			for try := 0; try < 10; try++ {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				cmd := exec.CommandContext(ctx, "go", args...)
				cmd.Dir = course
				cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0", "GOFLAGS=")
				out, _ = cmd.Output() // the tests fail on purpose
				cancel()
				if bytes.Contains(out, []byte(c.want)) {
					break
				}
				out = nil
			}
			if out == nil {
				t.Fatalf("go %s never printed %q", strings.Join(args, " "), c.want)
			}
			out = bytes.ReplaceAll(out, []byte(course), []byte(courseRoot))
			out = bytes.ReplaceAll(out, []byte(tmp), []byte("/TMP"))
			out = bytes.ReplaceAll(out, bytes.TrimSpace(goroot), []byte(goRoot))
			if err := os.WriteFile(filepath.Join("testdata", c.name+".jsonl"), out, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
