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

// hogTest is a test file whose test starts a copy of its own binary through a
// shell that exits at once: the copy, orphaned but in the test's session, takes
// HOGMIB MiB of memory and waits.
const hogTest = `package h

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if os.Getenv("HOG") == "1" {
		b := make([]byte, HOGMIB<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		time.Sleep(time.Hour)
		b[0] = 2
	}
	os.Exit(m.Run())
}

func TestHog(t *testing.T) {
	cmd := exec.Command("/bin/sh", "-c", "\"$0\" -test.run='^NoTestTOKEN$' </dev/null >/dev/null 2>&1 &", os.Args[0])
	cmd.Env = append(os.Environ(), "HOG=1")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Hour)
}
`

// Where gilgrade is a child subreaper, the memory cap counts the orphans it
// adopted from a test binary's session: they are no longer the binary's
// descendants, but they are its run's.
func TestMemoryCapCountsAdoptedOrphans(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	if !sandbox.MemoryWatched() || sandbox.Mode() == sandbox.Sweep {
		t.Skip("gilgrade cannot read memory use or be a child subreaper here")
	}
	t.Setenv(sandbox.ContainmentEnv, string(sandbox.Subreaper))
	tok := strconv.Itoa(os.Getpid()) + "hog"
	test := strings.NewReplacer("HOGMIB", "192", "TOKEN", tok).Replace(hogTest)
	dir, pkgs := module(t, map[string]string{"q": passing, "h": test})
	// The watchdog would end the run after 30s: only the memory cap can end it
	// before.
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: 30 * time.Second, MaxMemory: 96 << 20})
	if r := res["m/h"]; !r.MemoryCut {
		t.Errorf("the orphan's memory was not counted: %+v\n%s", r, testOutput(r))
	}
	requirePassed(t, res)
	left := liveWith(tok)
	for deadline := time.Now().Add(20 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = liveWith(tok) {
		time.Sleep(10 * time.Millisecond)
	}
	for _, pid := range left {
		t.Errorf("the hog %d outlived the run", pid)
		if p, err := os.FindProcess(pid); err == nil {
			p.Kill()
		}
	}
}

// While its test binary runs on, an orphan that left the binary's session is
// killed: the test below passes only once its escaped sleeper is gone.
func TestEscapedOrphanDiesWhileItsRunGoesOn(t *testing.T) {
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
	tok := "1000." + strconv.Itoa(os.Getpid()) + "9"
	pidFile := filepath.Join(t.TempDir(), "pid")
	test := strings.Replace(escapeTest, `			return
		}
	}
	t.Fatal("the sleeper never started")`, `			waitGone(t, string(b))
			return
		}
	}
	t.Fatal("the sleeper never started")`, 1) + `
func waitGone(t *testing.T, pid string) {
	for {
		b, err := os.ReadFile("/proc/" + strings.TrimSpace(pid) + "/stat")
		if err != nil || strings.Contains(string(b), ") Z ") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
`
	test = strings.Replace(test, "\t\"os/exec\"\n", "\t\"os/exec\"\n\t\"strings\"\n", 1)
	test = strings.NewReplacer("PIDFILE", pidFile, "TOKEN", tok, "SLEEP", sleep, "MV", mv).Replace(test)
	dir, pkgs := module(t, map[string]string{"p": test})
	// Only the watchdog, after 30s, would end the test otherwise.
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: 30 * time.Second})
	if r := res["m/p"]; status(r, "m/p") != testjson.Passed {
		t.Errorf("the escaped sleeper lived on while its run went on: %s\n%s", status(r, "m/p"), testOutput(r))
	}
}
