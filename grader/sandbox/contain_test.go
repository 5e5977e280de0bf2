//go:build unix

package sandbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// modes returns the containment modes this machine can run, strongest first.
func modes(t *testing.T) []Containment {
	t.Helper()
	var out []Containment
	for _, m := range []Containment{PIDNamespace, Subreaper, Sweep} {
		if rank(m) <= rank(Mode()) {
			out = append(out, m)
		}
	}
	return out
}

// force makes Mode return m, or weaker, for the rest of the test.
func force(t *testing.T, m Containment) {
	t.Setenv(ContainmentEnv, string(m))
	if Mode() != m {
		t.Fatalf("forced %s, got %s", m, Mode())
	}
}

// alive reports whether pid runs: it exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// waitDead waits, with a deadline far beyond any machine's delay, for pid to
// stop running, and reports whether it did. A kill is delivered asynchronously.
func waitDead(pid int) bool {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if !alive(pid) {
			return true
		}
	}
	return false
}

// tokens makes each sleeper's command line unique.
var tokens struct {
	sync.Mutex
	n int
}

// token returns a sleep duration no other process uses, to find the process by.
func token() string {
	tokens.Lock()
	defer tokens.Unlock()
	tokens.n++
	return "1000." + strconv.Itoa(os.Getpid()) + strconv.Itoa(tokens.n)
}

// running returns the running processes whose command line holds tok: in a PID
// namespace a process cannot tell its pid outside.
func running(tok string) []int {
	var out []int
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		if b, err := os.ReadFile("/proc/" + d.Name() + "/cmdline"); err == nil && strings.Contains(string(b), tok) && alive(pid) {
			out = append(out, pid)
		}
	}
	return out
}

// waitGone waits, with a deadline far beyond any machine's delay, for every
// process holding tok to stop running, and returns those still running. A kill
// is delivered asynchronously.
func waitGone(tok string) []int {
	deadline := time.Now().Add(20 * time.Second)
	for {
		left := running(tok)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readPid returns the pid a shell wrote into name (the scripts here wait until
// it is there before they exit).
func readPid(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file: %q", b)
	}
	return pid
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s command", tool)
		}
	}
}

// escape returns a shell script that starts a grandchild in a session of its own
// with an empty environment (so neither the group kill nor the marker finds
// it), waits for it to write its pid into $1, and exits, orphaning it. The
// grandchild sleeps for tok seconds.
func escape(tok string) string {
	return `env -i setsid sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep ` + tok + `' sh "$1" </dev/null >/dev/null 2>&1 &
while [ ! -s "$1" ]; do :; done`
}

// runJailed runs script (with $1 a pid file) in a jail, then kills its group and
// closes the jail as gotest does, and returns the pid the script wrote (in the
// jail's PID namespace, if it has one).
func runJailed(t *testing.T, script string) int {
	t.Helper()
	pidFile := filepath.Join(t.TempDir(), "pid")
	j := NewJail()
	cmd := j.Command(context.Background(), "sh", "-c", script, "sh", pidFile)
	cmd.Env = j.Environ(os.Environ())
	Prepare(cmd)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := j.Start(cmd); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	Kill(cmd)
	j.Close()
	return readPid(t, pidFile)
}

// A child that starts its own session escapes the process-group kill; the jail
// must still kill it, in every mode.
func TestJailKillsSetsidChildren(t *testing.T) {
	needTools(t, "setsid", "sleep")
	for _, m := range modes(t) {
		t.Run(string(m), func(t *testing.T) {
			force(t, m)
			tok := token()
			runJailed(t, `setsid sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep `+tok+`' sh "$1" </dev/null >/dev/null 2>&1 &
while [ ! -s "$1" ]; do :; done`)
			if left := waitGone(tok); len(left) > 0 {
				t.Errorf("the setsid child %v outlived its jail", left)
			}
		})
	}
}

// A grandchild in a session of its own with an empty environment escapes the
// group kill and the marker sweep alike; in a PID namespace, and where gilgrade
// is a child subreaper, it still dies with its jail. With neither it survives:
// the test's attack does get past the process-group kill and the sweep.
func TestJailKillsOrphansThatClearedTheirEnvironment(t *testing.T) {
	needTools(t, "setsid", "sleep", "env")
	for _, m := range modes(t) {
		t.Run(string(m), func(t *testing.T) {
			force(t, m)
			tok := token()
			runJailed(t, escape(tok))
			if m != Sweep {
				if left := waitGone(tok); len(left) > 0 {
					t.Errorf("the orphan %v outlived its jail", left)
				}
				return
			}
			left := running(tok)
			if len(left) == 0 {
				t.Errorf("with %s alone the orphan was killed: the attack no longer tests the subreaper", m)
			}
			for _, pid := range left {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			os.Unsetenv(ContainmentEnv)
			Reap()
		})
	}
}

// While a jail runs, the orphans in its session are its own: another run's
// Reap leaves them; the jail's Close kills them.
func TestReapLeavesARunningJailsOrphans(t *testing.T) {
	needTools(t, "sleep")
	if Mode() == Sweep {
		t.Skip("gilgrade cannot be a child subreaper here")
	}
	force(t, Subreaper)
	pidFile := filepath.Join(t.TempDir(), "pid")
	j := NewJail()
	// The subshell starts the sleeper and exits at once: the sleeper is orphaned
	// in the jail's session while the jail waits on its input.
	cmd := j.Command(context.Background(), "sh", "-c", `(sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1"; exec sleep 1000' sh "$1" </dev/null >/dev/null 2>&1 &)
read x || true`, "sh", pidFile)
	cmd.Env = j.Environ(os.Environ())
	Prepare(cmd)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Start(cmd); err != nil {
		t.Fatal(err)
	}
	// On any failure below, nothing is left running.
	t.Cleanup(func() {
		in.Close()
		Kill(cmd)
		_ = cmd.Wait()
		j.Close()
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(pidFile); len(b) > 0 || time.Now().After(deadline) {
			break
		}
	}
	pid := readPid(t, pidFile)
	for deadline := time.Now().Add(20 * time.Second); !slices.Contains(children(os.Getpid()), pid); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the sleeper %d was not adopted", pid)
		}
	}
	Reap()
	if !alive(pid) {
		t.Errorf("Reap killed %d, an orphan of a jail still running", pid)
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	Kill(cmd)
	j.Close()
	if !waitDead(pid) {
		t.Errorf("the orphan %d outlived its jail", pid)
	}
}

// A command that is not jailed (under grade: a submission's check, killed at
// its deadline) leaves orphans that Reap kills, whatever session and
// environment they have.
func TestReapKillsAPlainCommandsOrphans(t *testing.T) {
	needTools(t, "setsid", "sleep", "env")
	if Mode() == Sweep {
		t.Skip("gilgrade cannot be a child subreaper here")
	}
	force(t, Subreaper)
	tok := token()
	pidFile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.CommandContext(context.Background(), "sh", "-c", escape(tok), "sh", pidFile)
	Prepare(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	pid := readPid(t, pidFile)
	if !alive(pid) {
		t.Fatalf("the orphan %d is not running before Reap", pid)
	}
	Reap()
	if !waitDead(pid) {
		t.Errorf("the orphan %d outlived Reap", pid)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// Reap never waits for a command gilgrade started: run while many commands
// start and end, it leaves each one's exit status to its own Wait, even those
// in a session of their own.
func TestReapKeepsExitStatuses(t *testing.T) {
	needTools(t)
	if Mode() == Sweep {
		t.Skip("gilgrade cannot be a child subreaper here")
	}
	force(t, Subreaper)
	stop := make(chan struct{})
	var reaps sync.WaitGroup
	reaps.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				Reap()
			}
		}
	})
	var wg sync.WaitGroup
	errs := make(chan string, 200)
	for i := range 200 {
		wg.Go(func() {
			cmd := exec.Command("sh", "-c", "exit 3")
			if i%2 == 0 {
				setSession(cmd)
			}
			err := cmd.Run()
			if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 3 {
				errs <- err.Error()
			}
		})
	}
	wg.Wait()
	close(stop)
	reaps.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("a command's exit status was lost: %s", e)
	}
}

// BenchmarkReap measures what each jail's Close adds where gilgrade is a child
// subreaper and nothing was left behind: reading its pidfds and children.
func BenchmarkReap(b *testing.B) {
	if Mode() == Sweep {
		b.Skip("gilgrade cannot be a child subreaper here")
	}
	for b.Loop() {
		reapOrphans()
	}
}
