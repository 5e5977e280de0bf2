//go:build linux

package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// mainEnv, when set, makes the test binary run gilgrade with these arguments
// instead of its tests (the re-exec trick of cmd/vet/vet_test.go).
const mainEnv = "GILGRADE_TEST_MAIN"

func TestWatchHelperProcess(t *testing.T) {
	args := os.Getenv(mainEnv)
	if args == "" {
		t.Skip("runs only as gilgrade, started by TestWatchPTY")
	}
	os.Exit(Main(strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
}

// openPTY opens a pseudo-terminal of 100 columns and returns its two ends.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal("unlockpt:", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal("ptsname:", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 50, Col: 100}); err != nil {
		t.Fatal(err)
	}
	return m, s
}

// TestWatchPTY runs gilgrade watch as its own process on a real pseudo-terminal:
// a wrong fill shows its diagnosis, the right one passes and moves on to the
// next exercise, single keys work without Enter, and Ctrl-C quits with the
// terminal as it was.
func TestWatchPTY(t *testing.T) {
	slowEndToEnd(t, "drives watch on a terminal through race runs")
	t.Parallel()
	root := courseWorkspace(t)
	ex01 := learnerFile(t, root, "exercises/ex01_start_join/squares.go")
	master, tty := openPTY(t)
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestWatchHelperProcess$")
	cmd.Dir = root
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COLUMNS=") && !strings.HasPrefix(kv, "NO_COLOR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, mainEnv+"=watch", "TERM=xterm")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// Its own session with the pty as controlling terminal, so that Ctrl-C
	// typed there interrupts it as it would at a real terminal.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	out := &screen{}
	go io.Copy(out, master)

	out.waitFor(t, "gilgrade watch ex01", 10*time.Second)
	out.waitFor(t, "4 blanks left", 10*time.Second)
	if raw(t, tty) == raw(t, nil) {
		t.Error("the terminal is still in line mode while watch runs")
	}
	if text := out.String(); !strings.Contains(text, "\x1b[2J") || !strings.Contains(text, "\x1b[") {
		t.Error("watch at a terminal neither clears the screen nor colors")
	}

	ex01.save(t, fillsDeadlock...)
	out.waitFor(t, "[deadlock]", 20*time.Second)
	ex01.save(t, fillsRight...)
	out.waitFor(t, "✓ ex01 passed. On to the next one:", 20*time.Second)
	text := out.String()
	for _, want := range []string{"gilgrade watch ex02 Guard a shared slice", "ex02_mutex_append/squares.go", "Exercise 2:"} {
		if !strings.Contains(stripANSI(text), want) {
			t.Errorf("after the pass the screen lacks %q", want)
		}
	}
	for _, l := range strings.Split(stripANSI(strings.ReplaceAll(text, "\r", "")), "\n") {
		if n := len([]rune(l)); n > 100 {
			t.Errorf("line of %d columns on a terminal of 100: %q", n, l)
		}
	}

	master.Write([]byte("h")) // no Enter: cbreak mode
	out.waitFor(t, "Hint 1 of", 5*time.Second)
	master.Write([]byte{3}) // Ctrl-C
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			t.Errorf("watch ended with %v after Ctrl-C", err)
		}
	case <-time.After(hangLimit):
		t.Fatal("watch did not stop on Ctrl-C")
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag || after.Cc != before.Cc {
		t.Errorf("terminal not restored: lflag %#x, want %#x", after.Lflag, before.Lflag)
	}
}

// raw returns the line-discipline flags of the terminal that matter to keys;
// with a nil file, those of a terminal in line mode.
func raw(t *testing.T, f *os.File) uint32 {
	t.Helper()
	if f == nil {
		return unix.ICANON | unix.ECHO
	}
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag & (unix.ICANON | unix.ECHO)
}
