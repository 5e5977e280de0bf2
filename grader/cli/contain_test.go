//go:build linux

package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
)

// runningWith returns the running processes whose command line holds tok.
func runningWith(tok string) []int {
	var out []int
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + d.Name() + "/cmdline")
		if err != nil || !strings.Contains(string(cmdline), tok) {
			continue
		}
		st, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(st)
		if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 0 && f[0] != "Z" {
			out = append(out, pid)
		}
	}
	return out
}

// TestCheckKillsAnOrphanThatClearedItsEnvironment: a learner file whose code
// starts a shell in a session of its own with an empty environment, which
// starts a sleeper and exits, gets past the process-group kill and the marker
// sweep. Without a PID namespace (forced off here), gilgrade is the sleeper's
// child subreaper: once check returns, the sleeper is gone.
func TestCheckKillsAnOrphanThatClearedItsEnvironment(t *testing.T) {
	sleep, err1 := exec.LookPath("sleep")
	mv, err2 := exec.LookPath("mv")
	if err1 != nil || err2 != nil {
		t.Skip("no sleep or mv command")
	}
	if sandbox.Mode() == sandbox.Sweep {
		t.Skip("gilgrade cannot be a child subreaper here")
	}
	t.Setenv(sandbox.ContainmentEnv, string(sandbox.Subreaper))
	root := workspace(t)
	fill(t, root, fillsRight...)
	tok := "1000." + strconv.Itoa(os.Getpid()) + "13"
	pidFile := filepath.Join(t.TempDir(), "pid")
	name := filepath.Join(root, "exercises/ex01_start_join/squares.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	escape := strings.NewReplacer("PIDFILE", pidFile, "TOKEN", tok, "SLEEP", sleep, "MV", mv).Replace(`
// escape starts a sleeper that leaves the test's process group and environment,
// and waits until it runs.
func init() {
	cmd := exec.Command("/bin/sh", "-c", "/bin/sh -c 'echo $$ > PIDFILE.tmp && MV PIDFILE.tmp PIDFILE; exec SLEEP TOKEN' </dev/null >/dev/null 2>&1 &")
	cmd.Env = []string{}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile("PIDFILE"); len(b) > 0 {
			return
		}
	}
	panic("the sleeper never started")
}
`)
	out := strings.Replace(string(src), "import (\n", "import (\n\t\"os\"\n\t\"os/exec\"\n\t\"syscall\"\n", 1) + escape
	if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, r := checkJSON(t, root, "ex01")
	if b, err := os.ReadFile(pidFile); err != nil || len(b) == 0 {
		t.Fatalf("the learner's code did not start the sleeper (%v): exit %d\n%s", err, r.code, r.stderr)
	}
	if len(rep.Exercises) != 1 || rep.Exercises[0].Status != "passed" {
		t.Errorf("ex01 with the escape: %+v", rep.Exercises)
	}
	// The kill is delivered asynchronously: wait, far longer than any machine
	// needs, for the sleeper to be gone.
	left := runningWith(tok)
	for deadline := time.Now().Add(20 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = runningWith(tok) {
		time.Sleep(10 * time.Millisecond)
	}
	for _, pid := range left {
		t.Errorf("the learner's orphan %d outlived check (containment %s)", pid, sandbox.Mode())
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}

// The gradebook names the containment that ran, and a note says what a weaker
// one leaves open.
func TestGradeNamesItsContainment(t *testing.T) {
	for _, tc := range []struct {
		mode sandbox.Containment
		note string
	}{
		{sandbox.Subreaper, "note: no PID namespace: a student's code can see and signal the grader's other processes; what it leaves running is killed when its test ends (gilgrade is a child subreaper)"},
		{sandbox.Sweep, "note: no PID namespace and no child subreaper: a process started by a student's code that leaves its process group and clears its environment could outlive its check"},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			if tc.mode == sandbox.Subreaper && sandbox.Mode() == sandbox.Sweep {
				t.Skip("gilgrade cannot be a child subreaper here")
			}
			t.Setenv(sandbox.ContainmentEnv, string(tc.mode))
			class := t.TempDir()
			// As shipped: every blank unfilled, so no test runs and the batch is quick.
			if r := run(t, class, "init", filepath.Join(class, "ann")); r.code != ExitOK {
				t.Fatalf("init: exit %d\n%s", r.code, r.stderr)
			}
			out := filepath.Join(t.TempDir(), "out")
			r := run(t, class, "grade", "--out", out, "ann")
			if !strings.Contains(r.stderr, tc.note) {
				t.Errorf("stderr lacks the note %q:\n%s", tc.note, r.stderr)
			}
			b, err := os.ReadFile(filepath.Join(out, "gradebook.json"))
			if err != nil {
				t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
			}
			var book struct {
				Run struct{ Containment string }
			}
			if err := json.Unmarshal(b, &book); err != nil || book.Run.Containment != string(tc.mode) {
				t.Errorf("gradebook containment %q (%v), want %q", book.Run.Containment, err, tc.mode)
			}
		})
	}
}
