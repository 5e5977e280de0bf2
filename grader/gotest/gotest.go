// Package gotest runs the tests of exercise packages with the limits that running
// a learner's code needs. Every package's test binary is built in one go command,
// and each binary runs on its own as soon as it is built, as `go test` would run
// it, with its own watchdog behind the test binary's -test.timeout, its own cap
// on output and on memory, and its descendants killed when it ends: one
// exercise's flood, goroutine bomb, hang or crash ends that exercise's run alone.
package gotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/testjson"
)

// Package is one package whose tests run on their own.
type Package struct {
	ImportPath string        // as the go command names it
	Dir        string        // absolute; its test binary runs there, as under go test
	Timeout    time.Duration // its -test.timeout; 0 takes Options.Timeout
}

// Options says what to run and how.
type Options struct {
	Dir      string        // the module directory to build in
	Packages []Package     // the packages to test
	Race     bool          // build and run under the race detector
	Timeout  time.Duration // each test binary's -test.timeout
	Overlay  string        // path of a -overlay file, or ""
	Env      []string      // extra environment, on top of the process's
	Parallel int           // test binaries run at once (and go build's -p); 0 is the CPU count

	// TrimPath builds with -trimpath: no directory enters the compiled
	// objects, so the same files compile once for every workspace that holds
	// them (a class), whatever folder each is copied to. The file names the
	// binaries print are made absolute again (see untrim).
	TrimPath bool
	// NoDWARF compiles every package without debug information, which the
	// linker drops anyway (-w): the compiler does not write it nor the linker
	// read it, about a seventh of a race-enabled build. It is its own build
	// of the standard library, so it goes with TrimPath, which is one already.
	NoDWARF bool

	// Grace is how long past Timeout a test binary may run before the watchdog
	// kills it (its own -test.timeout should fire first).
	Grace time.Duration
	// BuildLimit bounds the build of all the test binaries.
	BuildLimit time.Duration
	// MaxStream bounds the bytes one test binary may print; past it that binary
	// is killed.
	MaxStream int64
	// MaxMemory bounds the resident memory of one test binary and its children,
	// where the system lets it be read (Linux); past it that binary is killed.
	MaxMemory int64
	// SlowBuild is called once if the build has not finished after SlowAfter
	// (longer for many packages): on a cold cache the race-enabled standard
	// library is being built.
	SlowBuild func()
	SlowAfter time.Duration
	// Event, if set, sees every event as it arrives, one call at a time.
	Event func(testjson.Event)
	// Hide, if set, names what the test binaries must not see or change, where
	// the machine can hide it (sandbox.Hiding); its Stage is chosen here. The
	// go command's work folder goes under its Over.
	Hide *sandbox.Hide

	buildEnv []string // the build's environment on top of Env
}

// Result is what one package's run produced. Its Stream holds that package only.
type Result struct {
	Stream *testjson.Stream
	// Killed names the package when the watchdog stopped it: it ran past its
	// limit without its own -test.timeout ending it.
	Killed map[string]bool
	// OutputCut is set when the test binary was stopped for printing too much.
	OutputCut bool
	// MemoryCut is set when the test binary was stopped for using too much memory.
	MemoryCut bool
	// Stderr is what the go command printed outside the event stream while
	// building.
	Stderr string
	// ExitCode is the test binary's exit status; -1 when it did not run or was
	// killed.
	ExitCode int
	// Duration is the wall time of the package's build and run.
	Duration time.Duration
}

// ErrBuildLimit means the build took longer than Options.BuildLimit.
var ErrBuildLimit = errors.New("the build took too long")

// Run builds the packages' test binaries and runs each on its own, a bounded
// number at a time. It returns one result per import path. Test failures are not
// errors: an error means the go command itself could not do its job (it could
// not start, or the build limit passed).
//
// The package result of each run comes from its test binary's exit status,
// which nothing the binary prints can change; the per-test events come from
// testjson.Converter, which reads only the lines the testing package marks.
func Run(ctx context.Context, o Options) (map[string]*Result, error) {
	setDefaults(&o)
	start := time.Now()
	bases := map[string]string{}
	for _, p := range o.Packages {
		b := path.Base(p.ImportPath)
		if other, dup := bases[b]; dup {
			return nil, fmt.Errorf("the packages %s and %s have the same name: their test binaries would collide", other, p.ImportPath)
		}
		bases[b] = p.ImportPath
	}
	var bin string
	var err error
	if o.Hide != nil && sandbox.Hiding() {
		// The binaries go where the students' code cannot change them: under the
		// hidden folder, shown again read-only; Stage holds them while it is
		// covered.
		h := *o.Hide
		bin, err = hiddenBin(&h)
		if err == nil {
			defer os.RemoveAll(h.Stage)
			// The go command's work folder is hidden as well: the binaries run
			// while others still build, and one must not change what another
			// is built from.
			var work string
			if work, err = os.MkdirTemp(h.Over, "work-"); err == nil {
				defer os.RemoveAll(work)
				o.buildEnv = append(o.buildEnv, "GOTMPDIR="+work)
			}
		}
		o.Hide = &h
	} else {
		o.Hide = nil
		bin, err = os.MkdirTemp("", "gilgrade-bin-")
	}
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(bin)
	var mu sync.Mutex // serialises Event calls
	event := func(ev testjson.Event) {
		if o.Event != nil {
			mu.Lock()
			o.Event(ev)
			mu.Unlock()
		}
	}
	results := map[string]*Result{}
	byExe := map[string]Package{} // test binary's name → its package
	for _, p := range o.Packages {
		results[p.ImportPath] = &Result{Killed: map[string]bool{}, ExitCode: -1}
		byExe[path.Base(p.ImportPath)+".test"] = p
	}
	// Each test binary runs as soon as the go command has written it, while
	// the others build, as go test runs them: the runs mostly wait (on their
	// tests' sleeps and timeouts), and the build has the processors meanwhile.
	runCtx, cancelRuns := context.WithCancel(ctx)
	defer cancelRuns()
	var wg sync.WaitGroup
	sem := make(chan struct{}, o.Parallel)
	started := map[string]bool{}
	startRun := func(p Package) {
		if started[p.ImportPath] {
			return
		}
		started[p.ImportPath] = true
		res := results[p.ImportPath]
		exe := filepath.Join(bin, path.Base(p.ImportPath)+".test")
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			runBinary(runCtx, o, p, exe, res, event)
			res.Duration = time.Since(start)
		})
	}
	ready, stopWatch := watchBuilt(bin)
	type outcome struct {
		b   *built
		err error
	}
	buildDone := make(chan outcome, 1)
	go func() {
		b, err := build(ctx, o, bin, event)
		buildDone <- outcome{b, err}
	}()
	var b outcome
	for waiting := true; waiting; {
		select {
		case name, ok := <-ready:
			if !ok {
				ready = nil // closed: wait for the build alone
			} else if p, ok := byExe[name]; ok {
				startRun(p)
			}
		case b = <-buildDone:
			waiting = false
		}
	}
	stopWatch()
	if b.err != nil {
		cancelRuns()
		wg.Wait()
		return nil, b.err
	}
	// The binaries the watch did not report: copied rather than moved, or
	// this system cannot watch a folder.
	for _, p := range o.Packages {
		if started[p.ImportPath] {
			continue
		}
		if _, err := os.Stat(filepath.Join(bin, path.Base(p.ImportPath)+".test")); err != nil {
			// A failed build (its events say why) or no test files.
			res := results[p.ImportPath]
			res.Stream = b.b.streams[p.ImportPath]
			if res.Stream == nil {
				res.Stream = &testjson.Stream{}
			}
			res.Duration = time.Since(start)
			continue
		}
		startRun(p)
	}
	wg.Wait()
	for _, res := range results {
		if res.Stderr == "" { // else the test program could not start, and says so
			res.Stderr = b.b.stderr
		}
	}
	if err := ctx.Err(); err != nil {
		return results, context.Cause(ctx)
	}
	return results, nil
}

// hiddenBin makes h's Bin and Stage folders and returns Bin.
func hiddenBin(h *sandbox.Hide) (string, error) {
	bin, err := os.MkdirTemp(h.Over, "bin-")
	if err != nil {
		return "", err
	}
	stage, err := os.MkdirTemp("", "gilgrade-stage-")
	if err == nil {
		err = os.Mkdir(filepath.Join(stage, "keep"), 0o700)
	}
	if err == nil {
		err = os.Mkdir(filepath.Join(stage, "bin"), 0o700)
	}
	if err != nil {
		os.RemoveAll(bin)
		return "", err
	}
	h.Bin, h.Stage = bin, stage
	return bin, nil
}

// built is what the build step produced.
type built struct {
	streams map[string]*testjson.Stream // build events, by import path
	stderr  string
}

// build runs `go test -c -o DIR/` on every package: one go command, so shared
// dependencies build once and the packages build in parallel.
func build(ctx context.Context, o Options, bin string, event func(testjson.Event)) (*built, error) {
	// -s -w: go test links the binaries it runs and throws away without a
	// symbol table or DWARF, which halves the link of a race-enabled binary; -c
	// keeps them unless told. Stack traces and race reports do not need them.
	args := []string{"test", "-c", "-json", "-ldflags=-s -w", "-o", bin + string(filepath.Separator)}
	if o.Race {
		args = append(args, "-race")
	}
	if o.TrimPath {
		args = append(args, "-trimpath")
	}
	if o.NoDWARF {
		args = append(args, "-gcflags=all=-dwarf=false")
	}
	if o.Overlay != "" {
		args = append(args, "-overlay="+o.Overlay)
	}
	if o.Parallel > 0 {
		args = append(args, fmt.Sprintf("-p=%d", o.Parallel))
	}
	for _, p := range o.Packages {
		rel, err := filepath.Rel(o.Dir, p.Dir)
		if err != nil {
			return nil, err
		}
		args = append(args, "./"+filepath.ToSlash(rel))
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = o.Dir
	cmd.Env = Env(o.Race, slices.Concat(o.Env, o.buildEnv)...)
	sandbox.Prepare(cmd)
	stderr := &sandbox.Buffer{Max: 64 << 10}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot run go test: %w", err)
	}
	defer sandbox.Kill(cmd)
	// Every binary links before any runs, and a warm build of many race-enabled
	// binaries takes a while by itself: the note waits longer for more packages,
	// so that it speaks of a cold cache only when there is one.
	slow := time.AfterFunc(o.SlowAfter*time.Duration(1+len(o.Packages)/4), func() {
		if o.SlowBuild != nil {
			o.SlowBuild()
		}
	})
	limit := time.AfterFunc(o.BuildLimit, func() { cancel(ErrBuildLimit) })
	b := &built{streams: map[string]*testjson.Stream{}}
	all, _ := testjson.Read(&limitReader{r: stdout, max: o.MaxStream}, func(ev testjson.Event) {
		name := ev.Package
		if name == "" {
			name, _, _ = strings.Cut(ev.ImportPath, " [")
		}
		if name != "" {
			s := b.streams[name]
			if s == nil {
				s = &testjson.Stream{}
				b.streams[name] = s
			}
			s.Add(ev)
		}
		event(ev)
	})
	_, _ = io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	slow.Stop()
	limit.Stop()
	b.stderr = strings.TrimSpace(stderr.String() + all.Stray.String())
	if errors.Is(context.Cause(ctx), ErrBuildLimit) {
		return nil, fmt.Errorf("%w: the tests were still building after %v", ErrBuildLimit, o.BuildLimit)
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return nil, waitErr
	}
	if waitErr != nil && len(b.streams) == 0 {
		// The go command failed before building anything: module or pattern trouble.
		return nil, fmt.Errorf("go test failed: %s", b.stderr)
	}
	return b, nil
}

// runBinary runs one test binary, its output converted to events in-process as
// `go test -json` converts it, into res.
func runBinary(ctx context.Context, o Options, p Package, exe string, res *Result, event func(testjson.Event)) {
	begin := time.Now()
	stream := &testjson.Stream{}
	conv := testjson.NewConverter(p.ImportPath, func(ev testjson.Event) {
		stream.Add(ev)
		event(ev)
	}, nil)
	if p.Timeout > 0 {
		o.Timeout = p.Timeout
	}

	jail := sandbox.NewJail().WithHide(o.Hide)
	cmd := jail.Command(ctx, exe, "-test.v=test2json", "-test.paniconexit0", "-test.timeout="+o.Timeout.String(), "-test.count=1")
	cmd.Dir = p.Dir
	cmd.Env = jail.Environ(Env(o.Race, o.Env...))
	sandbox.Prepare(cmd)
	var (
		mu    sync.Mutex
		cause error
	)
	stop := func(why error) {
		mu.Lock()
		if cause == nil {
			cause = why
		}
		mu.Unlock()
		_ = cmd.Cancel()
	}
	var w io.Writer = conv
	var flush func()
	if o.TrimPath {
		u := newUntrim(conv, o.Dir, p)
		w, flush = u, u.flush
	}
	out := &capWriter{w: w, max: o.MaxStream, over: func() { stop(errOutput) }}
	cmd.Stdout, cmd.Stderr = out, out
	waitErr := jail.Start(cmd)
	if waitErr == nil {
		done := make(chan struct{})
		go watch(ctx, jail, o, done, stop)
		waitErr = cmd.Wait()
		close(done)
		sandbox.Kill(cmd)
		jail.Close()
	}
	// Nothing more reaches the converter, even from a copy Wait gave up on.
	out.close(func() {
		if flush != nil {
			flush()
		}
		conv.Exited(waitErr)
		conv.Close()
	})

	mu.Lock()
	defer mu.Unlock()
	res.Stream = stream
	pkg := stream.Package(p.ImportPath)
	var exitErr *exec.ExitError
	switch {
	case cause != nil:
	case waitErr == nil:
		res.ExitCode = 0
	case errors.As(waitErr, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	default:
		res.Stderr = "cannot run the test program: " + waitErr.Error()
		res.Stream = &testjson.Stream{}
		return
	}
	pkg.Started = true
	if pkg.Elapsed == 0 {
		pkg.Elapsed = time.Since(begin)
	}
	switch {
	case errors.Is(cause, errOutput):
		res.OutputCut = true
	case errors.Is(cause, errMemory):
		res.MemoryCut = true
	case errors.Is(cause, errWatchdog):
		res.Killed[p.ImportPath] = true
	}
	// The exit status, not the printed stream, says whether the package passed.
	if res.ExitCode == 0 {
		pkg.Status = testjson.Passed
	} else {
		pkg.Status = testjson.Running
		pkg.Abort()
	}
}

var (
	errOutput   = errors.New("too much output")
	errMemory   = errors.New("too much memory")
	errWatchdog = errors.New("a test binary ran past its limit")
)

// watch stops a test binary that runs past its timeout and grace, or whose
// memory passes the cap.
func watch(ctx context.Context, jail *sandbox.Jail, o Options, done <-chan struct{}, stop func(error)) {
	deadline := time.NewTimer(o.Timeout + o.Grace)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	// A process that left its jail's session and was orphaned belongs to no
	// run: where gilgrade adopts it, it is killed within reapEvery ticks, not
	// only when some run ends.
	const reapEvery = 10
	ticks := 0
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			stop(context.Cause(ctx))
			return
		case <-deadline.C:
			stop(errWatchdog)
			return
		case <-tick.C:
			if n, ok := jail.Memory(); ok && n > o.MaxMemory {
				stop(errMemory)
				return
			}
			if ticks++; ticks%reapEvery == 0 {
				sandbox.Reap()
			}
		}
	}
}

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
	if o.MaxMemory <= 0 {
		o.MaxMemory = 2 << 30
	}
	if o.SlowAfter <= 0 {
		o.SlowAfter = 3 * time.Second
	}
	if o.Parallel <= 0 {
		o.Parallel = runtime.NumCPU()
	}
}

// capWriter passes at most max bytes on, then calls over once and drops the
// rest: the writer never fails, so the program is stopped by the kill, not by a
// broken pipe that could change its exit status first.
type capWriter struct {
	w    io.Writer
	max  int64
	over func()

	mu     sync.Mutex
	n      int64
	cut    bool
	closed bool
}

func (c *capWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cut || c.closed {
		return len(p), nil
	}
	keep := p
	if room := c.max - c.n; int64(len(p)) > room {
		keep = p[:max(room, 0)]
		c.cut = true
	}
	c.n += int64(len(keep))
	if _, err := c.w.Write(keep); err != nil {
		c.cut = true
	}
	if c.cut {
		c.over()
	}
	return len(p), nil
}

// close drops every later write and runs last, with no write running.
func (c *capWriter) close(last func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	last()
}

// limitReader stops reading, as at EOF, once max bytes have passed.
type limitReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n >= l.max {
		return 0, io.EOF
	}
	if int64(len(p)) > l.max-l.n {
		p = p[:l.max-l.n]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
