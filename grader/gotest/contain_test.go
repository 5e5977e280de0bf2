package gotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/testjson"
)

// escapeTest is a test file whose test starts a shell in a session of its own
// with an empty environment, which starts a sleeper and exits: the sleeper is
// orphaned, outside the test binary's process group and without its marker.
// The test waits until the sleeper has written its pid into PIDFILE. SLEEP and MV
// are the commands' paths: with no environment there is no PATH.
const escapeTest = `package p

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

func TestEscape(t *testing.T) {
	cmd := exec.Command("/bin/sh", "-c", "/bin/sh -c 'echo $$ > PIDFILE.tmp && MV PIDFILE.tmp PIDFILE; exec SLEEP TOKEN' </dev/null >/dev/null 2>&1 &")
	cmd.Env = []string{}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile("PIDFILE"); len(b) > 0 {
			return
		}
	}
	t.Fatal("the sleeper never started")
}
`

// liveWith returns the running processes whose command line holds tok.
func liveWith(tok string) []int {
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

// Without a PID namespace, where gilgrade is a child subreaper, a test's
// descendant that left the process group and cleared its environment is
// adopted and killed when the run ends.
func TestOrphanThatClearedItsEnvironmentDies(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	sleep, err1 := exec.LookPath("sleep")
	mv, err2 := exec.LookPath("mv")
	if err1 != nil || err2 != nil {
		t.Skip("no sleep or mv command")
	}
	if sandbox.Mode() == sandbox.Sweep {
		t.Skip("gilgrade cannot be a child subreaper here")
	}
	t.Setenv(sandbox.ContainmentEnv, string(sandbox.Subreaper))
	if m := sandbox.Mode(); m != sandbox.Subreaper {
		t.Fatalf("containment %s, want %s", m, sandbox.Subreaper)
	}
	tok := "1000." + strconv.Itoa(os.Getpid()) + "7"
	pidFile := filepath.Join(t.TempDir(), "pid")
	test := strings.NewReplacer("PIDFILE", pidFile, "TOKEN", tok, "SLEEP", sleep, "MV", mv).Replace(escapeTest)
	dir, pkgs := module(t, map[string]string{"q": passing, "p": test})
	res := runMany(t, Options{Dir: dir, Packages: pkgs})
	if r := res["m/p"]; status(r, "m/p") != testjson.Passed {
		t.Fatalf("the escaping test: %s\n%s", status(r, "m/p"), testOutput(r))
	}
	requirePassed(t, res)
	if b, err := os.ReadFile(pidFile); err != nil || len(b) == 0 {
		t.Fatalf("the sleeper did not start: %v", err)
	}
	// The kill is delivered asynchronously: wait, far longer than any machine
	// needs, for the sleeper to be gone.
	left := liveWith(tok)
	for deadline := time.Now().Add(20 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = liveWith(tok) {
		time.Sleep(10 * time.Millisecond)
	}
	for _, pid := range left {
		t.Errorf("the orphan %d outlived the run (containment %s)", pid, sandbox.Mode())
		p, _ := os.FindProcess(pid)
		p.Kill()
	}
}
