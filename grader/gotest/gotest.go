// Package gotest runs `go test -json` on exercise packages with the limits that
// running a learner's code needs: a per-package watchdog behind go test's own
// -timeout, a cap on output, the whole process group killed at the end, and a note
// when a cold build cache makes the first run slow.
package gotest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/testjson"
)

// Options says what to run and how.
type Options struct {
	Dir      string        // the module directory to run in
	Packages []string      // package patterns, like ./ex01_start_join
	Race     bool          // run under the race detector
	Timeout  time.Duration // go test's -timeout, for each test binary
	Overlay  string        // path of a -overlay file, or ""
	Env      []string      // extra environment, on top of the process's
	Parallel int           // -p; 0 leaves go's default

	// Grace is how long past Timeout a started test binary may run before the
	// watchdog kills everything (go test's own timeout should fire first).
	Grace time.Duration
	// BuildLimit bounds the whole run before the first binary starts.
	BuildLimit time.Duration
	// MaxStream bounds the bytes read from go test; past it the run is killed.
	MaxStream int64
	// SlowBuild is called once if no package has started after SlowAfter: on a
	// cold cache the race-enabled standard library is being built.
	SlowBuild func()
	SlowAfter time.Duration
	// Event, if set, sees every event as it arrives.
	Event func(testjson.Event)
}

// Result is what the run produced.
type Result struct {
	Stream *testjson.Stream
	// Killed names the packages the watchdog stopped: they ran past their limit
	// without go test's -timeout ending them.
	Killed map[string]bool
	// OutputCut is set when the run was stopped for printing too much.
	OutputCut bool
	// Stderr is what the go command printed outside the event stream.
	Stderr string
	// Duration is the wall time of the whole run.
	Duration time.Duration
}

// ErrBuildLimit means the build took longer than Options.BuildLimit.
var ErrBuildLimit = errors.New("the build took too long")

// Run runs go test and reads its event stream. Test failures are not errors: an
// error means the go command itself could not do its job (it could not start, or
// the build limit passed).
func Run(ctx context.Context, o Options) (*Result, error) {
	setDefaults(&o)
	args := []string{"test", "-json", "-count=1", "-timeout=" + o.Timeout.String()}
	if o.Race {
		args = append(args, "-race")
	}
	if o.Overlay != "" {
		args = append(args, "-overlay="+o.Overlay)
	}
	if o.Parallel > 0 {
		args = append(args, fmt.Sprintf("-p=%d", o.Parallel))
	}
	args = append(args, o.Packages...)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = o.Dir
	cmd.Env = Env(o.Race, o.Env...)
	sandbox.Prepare(cmd)
	stderr := &sandbox.Buffer{Max: 64 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot run go test: %w", err)
	}
	defer sandbox.Kill(cmd) // whatever the tests left running in the group

	w := newWatchdog(o, start, cancel)
	go w.watch(ctx)
	counted := &countingReader{r: stdout, max: o.MaxStream}
	stream, _ := testjson.Read(counted, func(ev testjson.Event) {
		w.event(ev)
		if o.Event != nil {
			o.Event(ev)
		}
	})
	if counted.over {
		cancel(errOutput)
		// Drain so the go command is not blocked writing while it is killed.
		_, _ = io.Copy(io.Discard, stdout)
	}
	waitErr := cmd.Wait()
	w.stop()

	res := &Result{Stream: stream, Killed: w.killedPackages(), OutputCut: counted.over,
		Stderr: stderr.String(), Duration: time.Since(start)}
	for _, p := range stream.Packages {
		if res.Killed[p.ImportPath] || counted.over || p.Status == testjson.Running {
			p.Abort()
		}
	}
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrBuildLimit):
		return res, fmt.Errorf("%w: nothing had started after %v", ErrBuildLimit, o.BuildLimit)
	case ctx.Err() != nil && cause != errOutput && cause != errWatchdog:
		return res, cause
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && ctx.Err() == nil {
		return res, waitErr
	}
	if len(stream.Packages) == 0 && waitErr != nil {
		// The go command failed before testing anything: module or pattern trouble.
		return res, fmt.Errorf("go test failed: %s", strings.TrimSpace(res.Stderr+stream.Stray.String()))
	}
	return res, nil
}

var (
	errOutput   = errors.New("too much output")
	errWatchdog = errors.New("a test binary ran past its limit")
)

// Env returns the environment for go commands that build or run exercises.
func Env(race bool, extra ...string) []string {
	env := os.Environ()
	env = append(env,
		// The race runtime otherwise sleeps a second at exit, on every run.
		"GORACE=atexit_sleep_ms=0",
		// A go.work above the course must not pull the exercises into another build.
		"GOWORK=off",
		// Flags meant for the learner's own projects must not change grading.
		"GOFLAGS=",
	)
	if race {
		env = append(env, "CGO_ENABLED=1")
	}
	return append(env, extra...)
}

func setDefaults(o *Options) {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Grace <= 0 {
		o.Grace = 5 * time.Second
	}
	if o.BuildLimit <= 0 {
		o.BuildLimit = 5 * time.Minute
	}
	if o.MaxStream <= 0 {
		o.MaxStream = 64 << 20
	}
	if o.SlowAfter <= 0 {
		o.SlowAfter = 3 * time.Second
	}
}

// watchdog kills the run when a started test binary outlives its limit or when
// nothing starts within the build limit.
type watchdog struct {
	o      Options
	begin  time.Time
	cancel context.CancelCauseFunc
	done   chan struct{}

	mu      sync.Mutex
	started map[string]time.Time // running packages and when they started
	any     bool                 // some package started
	killed  map[string]bool
	slowed  bool
}

func newWatchdog(o Options, begin time.Time, cancel context.CancelCauseFunc) *watchdog {
	return &watchdog{o: o, begin: begin, cancel: cancel, done: make(chan struct{}),
		started: map[string]time.Time{}, killed: map[string]bool{}}
}

func (w *watchdog) event(ev testjson.Event) {
	if ev.Test != "" || ev.Package == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch ev.Action {
	case testjson.Start:
		w.started[ev.Package] = time.Now()
		w.any = true
	case testjson.Pass, testjson.Fail, testjson.Skip:
		delete(w.started, ev.Package)
		w.any = true
	}
}

func (w *watchdog) watch(ctx context.Context) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.done:
			return
		case now := <-tick.C:
			if w.check(now) {
				return
			}
		}
	}
}

// check returns true once it has stopped the run.
func (w *watchdog) check(now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.any && !w.slowed && now.Sub(w.begin) > w.o.SlowAfter && w.o.SlowBuild != nil {
		w.slowed = true
		w.o.SlowBuild()
	}
	if !w.any && now.Sub(w.begin) > w.o.BuildLimit {
		w.cancel(ErrBuildLimit)
		return true
	}
	limit := w.o.Timeout + w.o.Grace
	for pkg, t := range w.started {
		if now.Sub(t) > limit {
			w.killed[pkg] = true
		}
	}
	if len(w.killed) > 0 {
		w.cancel(errWatchdog)
		return true
	}
	return false
}

func (w *watchdog) stop() { close(w.done) }

func (w *watchdog) killedPackages() map[string]bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.killed
}

// countingReader stops reading, as at EOF, once max bytes have passed.
type countingReader struct {
	r    io.Reader
	n    int64
	max  int64
	over bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.over {
		return 0, io.EOF
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		c.over = true
		// Keep what ends at the last full line so the stream reader sees no half event.
		if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
			return i + 1, io.EOF
		}
		return 0, io.EOF
	}
	return n, err
}
