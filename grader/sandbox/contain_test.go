package sandbox

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A child that starts its own session escapes the process-group kill; the jail
// must still kill it, in a PID namespace and with the sweep alike.
func TestJailKillsSetsidChildren(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the sweep reads /proc")
	}
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid command")
	}
	for i, sweep := range []bool{false, true} {
		noNamespace = sweep
		t.Logf("containment: %s", Mode())
		marker := "61.77" + strconv.Itoa(os.Getpid()) + strconv.Itoa(i) // a number, for sleep
		j := NewJail()
		cmd := j.Command(context.Background(), "sh", "-c", "setsid sleep "+marker+" </dev/null >/dev/null 2>&1 & sleep 0.2")
		cmd.Env = j.Environ(os.Environ())
		Prepare(cmd)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		Kill(cmd)
		j.Close()
		time.Sleep(100 * time.Millisecond)
		if out, _ := exec.Command("pgrep", "-f", "sleep "+marker).Output(); len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("%s: the setsid child outlived its jail: pid %s", Mode(), out)
		}
	}
	noNamespace = false
}
