package quiz

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/sandbox"
)

// VerifyOptions configure the verification of trace questions.
type VerifyOptions struct {
	// Runs is how many times each program runs (default 5): a race or a
	// scheduling-dependent print may show only on some runs.
	Runs int
	// Timeout bounds one run (default 5s); a run that reaches it deadlocked.
	Timeout time.Duration
	// BuildTimeout bounds the build of one program (default 2m).
	BuildTimeout time.Duration
	// Go is the go command (default "go").
	Go string
}

func (o *VerifyOptions) defaults() {
	if o.Runs <= 0 {
		o.Runs = 5
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.BuildTimeout <= 0 {
		o.BuildTimeout = 2 * time.Minute
	}
	if o.Go == "" {
		o.Go = "go"
	}
}

// ErrToolchain means a trace program could not be built for a reason that is not
// the program's: no go command, no C compiler for -race. The quiz may be fine.
var ErrToolchain = errors.New("cannot build trace programs")

// Observation is what one run of a trace program did.
type Observation struct {
	Outcome Outcome // "" when the run fits no outcome (exit status 1, a signal…)
	Stdout  string
	Stderr  string
	Exit    int
}

func (o Observation) String() string {
	switch o.Outcome {
	case Prints:
		return fmt.Sprintf("printed %q", normalizeOutput(o.Stdout))
	case "":
		return fmt.Sprintf("exited with status %d: %s", o.Exit, firstLines(o.Stderr, 2))
	}
	return string(o.Outcome)
}

// Observe builds src with -race in a temporary directory and runs it runs times.
// A build that fails on the program's code is one compile-error observation.
func Observe(ctx context.Context, src string, opt VerifyOptions) ([]Observation, error) {
	opt.defaults()
	dir, err := os.MkdirTemp("", "gilgrade-trace-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// Go 1.25 has sync.WaitGroup.Go; the module keeps the build away from any
	// enclosing module or workspace.
	files := map[string]string{"main.go": src, "go.mod": "module trace\n\ngo 1.25\n"}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	// The same environment as the exercises' runs, and no toolchain download.
	env := gotest.Env(true, "GOTOOLCHAIN=local")
	bctx, cancel := context.WithTimeout(ctx, opt.BuildTimeout)
	defer cancel()
	build := exec.CommandContext(bctx, opt.Go, "build", "-race", "-o", "prog", ".")
	build.Dir, build.Env = dir, env
	sandbox.Prepare(build)
	out := &sandbox.Buffer{Max: 64 << 10}
	build.Stdout, build.Stderr = out, out
	if err := build.Run(); err != nil {
		text := out.String()
		var exit *exec.ExitError
		switch {
		case !errors.As(err, &exit), bctx.Err() != nil,
			strings.Contains(text, "requires cgo"), strings.Contains(text, "C compiler"):
			return nil, fmt.Errorf("%w: %v: %s", ErrToolchain, err, firstLines(text, 3))
		case strings.Contains(text, "main.go:"):
			return []Observation{{Outcome: CompileError, Stderr: text, Exit: exit.ExitCode()}}, nil
		default:
			return nil, fmt.Errorf("%w: %s", ErrToolchain, firstLines(text, 3))
		}
	}
	var obs []Observation
	for range opt.Runs {
		if ctx.Err() != nil {
			return obs, ctx.Err()
		}
		obs = append(obs, run(ctx, filepath.Join(dir, "prog"), dir, env, opt.Timeout))
	}
	return obs, nil
}

func run(ctx context.Context, prog, dir string, env []string, timeout time.Duration) Observation {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(rctx, prog)
	cmd.Dir, cmd.Env = dir, env
	sandbox.Prepare(cmd)
	stdout, stderr := &sandbox.Buffer{Max: 64 << 10}, &sandbox.Buffer{Max: 256 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	sandbox.Kill(cmd)
	o := Observation{Stdout: stdout.String(), Stderr: stderr.String()}
	if cmd.ProcessState != nil {
		o.Exit = cmd.ProcessState.ExitCode()
	}
	o.Outcome = classify(o, err == nil, rctx.Err() != nil && ctx.Err() == nil)
	return o
}

// classify names the outcome of a run. A race report wins over everything (the
// detector's exit status hides the rest); a timeout or the runtime's "all
// goroutines are asleep" is a deadlock; a panic or another fatal runtime error
// (unlock of an unlocked mutex, concurrent map writes) is a panic.
func classify(o Observation, ok, timedOut bool) Outcome {
	switch {
	case strings.Contains(o.Stderr, "WARNING: DATA RACE"):
		return DataRace
	case timedOut, strings.Contains(o.Stderr, "all goroutines are asleep"):
		return Deadlock
	case strings.Contains(o.Stderr, "panic: "), strings.Contains(o.Stderr, "fatal error: "):
		return Panics
	case ok:
		return Prints
	}
	return ""
}

// VerifyQuestion runs a trace question's program and checks its stated answer. A
// data race needs to show in at least one run (the detector sees only the
// interleavings that happen); every other outcome must show in every run, and a
// printing program must print the stated output every time.
func VerifyQuestion(ctx context.Context, q *Question, opt VerifyOptions) error {
	obs, err := Observe(ctx, q.Program, opt)
	if err != nil {
		return err
	}
	if q.Outcome == DataRace {
		for _, o := range obs {
			if o.Outcome == DataRace {
				return nil
			}
		}
		return fmt.Errorf("the answer says data race but no run of %d reported one (first run %s): fix the program or the outcome", len(obs), obs[0])
	}
	for i, o := range obs {
		if o.Outcome != q.Outcome {
			return fmt.Errorf("the answer says %s but run %d of %d %s: fix the program or the outcome", q.Outcome, i+1, len(obs), o)
		}
		if q.Outcome == Prints && !sameOutput(o.Stdout, q.Output) {
			return fmt.Errorf("the answer says it prints %q but run %d of %d printed %q: fix the program or the output",
				normalizeOutput(q.Output), i+1, len(obs), normalizeOutput(o.Stdout))
		}
	}
	return nil
}

// Verify checks every trace question of qz; the error is an Errors with the line
// of each question whose stated answer does not hold, or wraps ErrToolchain.
func Verify(ctx context.Context, qz *Quiz, opt VerifyOptions) error {
	e := &errs{file: qz.File, lines: qz.lines}
	for i, q := range qz.Questions {
		if q.Type != Trace {
			continue
		}
		err := VerifyQuestion(ctx, q, opt)
		if errors.Is(err, ErrToolchain) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s: question %q: %w", qz.File, q.ID, err)
		}
		if err != nil {
			e.key([]any{"questions", i, "outcome"}, "question %q: %v", q.ID, err)
		}
	}
	return e.err()
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " / ")
}
