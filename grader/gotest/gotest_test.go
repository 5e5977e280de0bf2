package gotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/testjson"
)

// module writes a one-package module with the given test file.
func module(t *testing.T, test string) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.25\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "p"), 0o755)
	os.WriteFile(filepath.Join(dir, "p", "p_test.go"), []byte(test), 0o644)
	return dir
}

func TestPassAndEvents(t *testing.T) {
	dir := module(t, "package p\nimport \"testing\"\nfunc TestOK(t *testing.T) {}\n")
	seen := 0
	res, err := Run(context.Background(), Options{Dir: dir, Packages: []string{"./p"}, Event: func(ev testjson.Event) { seen++ }})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 || len(res.Stream.Packages) != 1 || res.Stream.Packages[0].Status != "pass" {
		t.Fatalf("events %d, packages %+v", seen, res.Stream.Packages)
	}
}

// A test that leaves a child holding the output pipe open keeps go test waiting
// after its own -timeout fired; the watchdog must kill the whole process group.
func TestWatchdogKillsTheGroup(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep command")
	}
	marker := "sleep 61.2345"
	dir := module(t, `package p

import (
	"os"
	"os/exec"
	"testing"
)

func TestHang(t *testing.T) {
	cmd := exec.Command("sh", "-c", "`+marker+`")
	cmd.Stdout = os.Stdout
	cmd.Start()
	select {}
}
`)
	start := time.Now()
	res, err := Run(context.Background(), Options{Dir: dir, Packages: []string{"./p"}, Timeout: time.Second, Grace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("Run took %v: the hang was not cut at its timeout", took)
	}
	if p := res.Stream.Packages; len(p) != 1 || p[0].Status != "fail" {
		t.Fatalf("packages %+v, want one failed", p)
	}
	if !strings.Contains(res.Stream.Packages[0].Output()+testOutput(res), "test timed out") {
		t.Errorf("no timeout in the output: %q", testOutput(res))
	}
	time.Sleep(200 * time.Millisecond)
	if out, _ := exec.Command("pgrep", "-f", marker).Output(); len(out) > 0 {
		t.Errorf("the test's child process outlived the run: pid %s", out)
	}
}

func TestEndlessOutputIsCut(t *testing.T) {
	dir := module(t, "package p\nimport (\"fmt\";\"testing\")\nfunc TestFlood(t *testing.T) { for { fmt.Println(\"all work and no play\") } }\n")
	res, err := Run(context.Background(), Options{Dir: dir, Packages: []string{"./p"}, Timeout: 60 * time.Second, MaxStream: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OutputCut {
		t.Error("OutputCut is false after an endless print")
	}
	if p := res.Stream.Packages; len(p) != 1 || p[0].Status != "fail" {
		t.Fatalf("packages %+v, want one failed", p)
	}
}

func TestBuildErrorIsNotAGraderError(t *testing.T) {
	dir := module(t, "package p\nfunc broken() int { return \"x\" }\n")
	res, err := Run(context.Background(), Options{Dir: dir, Packages: []string{"./p"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Stream.Packages; len(p) != 1 || !p[0].FailedBuild {
		t.Fatalf("packages %+v, want a failed build", p)
	}
}

func TestAtLeast(t *testing.T) {
	for _, tc := range []struct {
		v, min string
		want   bool
	}{
		{"go1.26.8", "1.25", true}, {"go1.25", "1.25", true}, {"go1.24.9", "1.25", false},
		{"go1.25rc1", "1.25", true}, {"devel go1.27-abc", "1.25", true}, {"go2.0", "1.25", true},
	} {
		if got := AtLeast(tc.v, tc.min); got != tc.want {
			t.Errorf("AtLeast(%q, %q) = %v", tc.v, tc.min, got)
		}
	}
}

func testOutput(res *Result) string {
	var b strings.Builder
	for _, p := range res.Stream.Packages {
		for _, t := range p.Tests {
			b.WriteString(t.Output())
		}
	}
	return b.String()
}
