package sandbox

import (
	"context"
	"os"
	"strings"
	"testing"
)

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
