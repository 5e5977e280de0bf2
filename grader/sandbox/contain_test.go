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

// Under a Hide the command sees its own folder and not its neighbours', and
// cannot write a read-only folder.
func TestHide(t *testing.T) {
	if !Hiding() {
		t.Skipf("this machine cannot hide folders (containment %s)", Mode())
	}
	dir := t.TempDir()
	h := &Hide{Over: dir + "/class", Keep: dir + "/class/3/course", Bin: dir + "/class/bin-1", ReadOnly: []string{dir + "/cache"}, Stage: dir + "/stage"}
	for _, d := range []string{h.Keep + "/pkg", dir + "/class/4", h.Bin, h.ReadOnly[0], h.Stage + "/keep", h.Stage + "/bin"} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(dir+"/class/4/answer.go", []byte("secret"), 0o644)
	os.WriteFile(h.Keep+"/pkg/mine.go", []byte("mine"), 0o644)
	j := NewJail().WithHide(h)
	os.WriteFile(h.Bin+"/p.test", []byte("binary"), 0o755)
	cmd := j.Command(context.Background(), "sh", "-c", `cat mine.go; echo; cat ../../../4/answer.go `+dir+`/class/4/answer.go 2>&1; touch `+dir+`/cache/x `+h.Bin+`/p.test 2>&1; cat `+h.Bin+`/p.test; echo; touch new.go && echo wrote`)
	cmd.Dir = h.Keep + "/pkg"
	cmd.Env = j.Environ(os.Environ())
	out, _ := cmd.CombinedOutput()
	s := string(out)
	if !strings.HasPrefix(s, "mine\n") || strings.Contains(s, "secret") || strings.Count(s, "Read-only") != 2 || !strings.HasSuffix(s, "binary\nwrote\n") {
		t.Errorf("output:\n%s", s)
	}
	if _, err := os.Stat(h.Keep + "/pkg/new.go"); err != nil {
		t.Errorf("a write to the kept folder was lost: %v", err)
	}
	if _, err := os.Stat(dir + "/cache/x"); err == nil {
		t.Error("the read-only folder was written")
	}
}
