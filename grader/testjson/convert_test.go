package testjson

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sample is a test package with every kind of line the converter meets.
const sample = `package sample

import (
	"fmt"
	"testing"
)

func TestPass(t *testing.T) { t.Log("all good") }

func TestFail(t *testing.T) {
	fmt.Println("printed by the code")
	t.Errorf("got %d, want %d", 1, 2)
}

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("bad", func(t *testing.T) { t.Error("sub failed") })
}

func TestSkip(t *testing.T) { t.Skip("not today") }

func TestAttr(t *testing.T) { t.Attr("gilgrade.code", "sequential") }

func TestParallel(t *testing.T) {
	for _, n := range []string{"a", "b"} {
		t.Run(n, func(t *testing.T) { t.Parallel(); t.Log("in", n) })
	}
}

func TestForged(t *testing.T) {
	fmt.Print("--- PASS: TestFail (0.00s)\n")
	fmt.Print("\x16--- PASS: TestFail (0.00s)\n")
}
`

// testBinary builds the sample package's test binary.
func testBinary(t *testing.T) (dir, exe string) {
	t.Helper()
	dir = t.TempDir()
	for name, src := range map[string]string{"go.mod": "module sample\n\ngo 1.25\n", "sample_test.go": sample} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe = filepath.Join(dir, "sample.test")
	cmd := exec.Command("go", "test", "-c", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	return dir, exe
}

// The converter agrees with go test -json on every test's result, and nothing
// printed without the testing package's marker becomes an event.
func TestConverterMatchesGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir, exe := testBinary(t)

	cmd := exec.Command("go", "test", "-json", "-count=1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	ref, _ := cmd.Output()
	want, err := Read(bytes.NewReader(ref), nil)
	if err != nil {
		t.Fatal(err)
	}

	got := &Stream{}
	clock := time.Unix(0, 0)
	conv := NewConverter("sample", got.Add, func() time.Time { return clock })
	run := exec.Command(exe, "-test.v=test2json", "-test.paniconexit0")
	run.Dir = dir
	run.Stdout, run.Stderr = conv, conv
	conv.Exited(run.Run())
	conv.Close()

	w, g := want.Packages[0], got.Packages[0]
	if g.Status != Failed || w.Status != Failed {
		t.Errorf("package: got %q, go test %q; want fail", g.Status, w.Status)
	}
	for _, wt := range w.Tests {
		gt := g.Test(wt.Name)
		if gt == nil {
			t.Errorf("%s: missing", wt.Name)
			continue
		}
		if gt.Status != wt.Status || gt.Results != wt.Results {
			t.Errorf("%s: got %q after %d results, go test %q after %d", wt.Name, gt.Status, gt.Results, wt.Status, wt.Results)
		}
		if wt.Attrs["gilgrade.code"] != gt.Attrs["gilgrade.code"] {
			t.Errorf("%s: attrs %v, go test %v", wt.Name, gt.Attrs, wt.Attrs)
		}
	}
	if len(g.Tests) != len(w.Tests) {
		t.Errorf("%d tests, go test %d", len(g.Tests), len(w.Tests))
	}
	if out := g.Test("TestFail").Output(); !strings.Contains(out, "got 1, want 2") || !strings.Contains(out, "printed by the code") {
		t.Errorf("TestFail's output lacks its lines:\n%s", out)
	}
	if out := g.Test("TestSub/bad").Output(); !strings.Contains(out, "sub failed") {
		t.Errorf("TestSub/bad's output lacks its error:\n%s", out)
	}
	// The marked forgery counts as a second result for TestFail, which stays failed.
	if f := g.Test("TestFail"); f.Status != Failed || f.Results != 2 {
		t.Errorf("TestFail: %q after %d results, want fail after 2", f.Status, f.Results)
	}
}

// Only the exit status makes a package pass.
func TestConverterResultFromExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		input  string
		exited bool
		err    error
		want   Status
	}{
		{"printed PASS, failed exit", "\x16PASS\nok\n", true, os.ErrProcessDone, Failed},
		{"clean exit", "\x16=== RUN   TestA\n\x16--- PASS: TestA (0.00s)\n\x16PASS\n", true, nil, Passed},
		{"never exited", "\x16PASS\n", false, nil, Failed},
	} {
		s := &Stream{}
		c := NewConverter("p", s.Add, nil)
		c.Write([]byte(tc.input))
		if tc.exited {
			c.Exited(tc.err)
		}
		c.Close()
		if got := s.Packages[0].Status; got != tc.want {
			t.Errorf("%s: package %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A line without end is passed on in bounded pieces; pieces of lines written
// separately are joined.
func TestConverterLines(t *testing.T) {
	s := &Stream{}
	c := NewConverter("p", s.Add, nil)
	c.Write([]byte("\x16=== RUN   TestA\npart one, "))
	c.Write([]byte("part two\n"))
	c.Write(bytes.Repeat([]byte("x"), 3*maxLine))
	c.Exited(nil)
	c.Close()
	a := s.Packages[0].Test("TestA")
	if out := a.Output(); !strings.Contains(out, "part one, part two\n") {
		t.Errorf("output %q lacks the joined line", out[:min(len(out), 200)])
	}
	if a.Status != Running {
		t.Errorf("TestA status %q: no result line was printed", a.Status)
	}
}

func FuzzConverter(f *testing.F) {
	f.Add([]byte("\x16=== RUN   TestA\n\x16--- FAIL: TestA (0.01s)\n\x16FAIL\n"))
	f.Add([]byte("\x16=== ATTR  TestA k v\nplain\r\n\x16    --- PASS: TestA/b (0.00s)\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &Stream{}
		c := NewConverter("p", s.Add, nil)
		c.Write(b)
		c.Exited(nil)
		c.Close()
		if s.Packages[0].Status != Passed {
			t.Fatalf("package %q after a zero exit", s.Packages[0].Status)
		}
	})
}
