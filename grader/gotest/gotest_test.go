package gotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/testjson"
)

// module writes a module with one package per entry: name → its test file.
func module(t *testing.T, tests map[string]string) (string, []Package) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.25\n"), 0o644)
	var pkgs []Package
	for name, test := range tests {
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		os.WriteFile(filepath.Join(dir, name, name+"_test.go"), []byte(test), 0o644)
		pkgs = append(pkgs, Package{ImportPath: "m/" + name, Dir: filepath.Join(dir, name)})
	}
	return dir, pkgs
}

const passing = "package q\nimport \"testing\"\nfunc TestOK(t *testing.T) {}\n"

// runOne runs the module's packages and returns the result of m/p.
func runMany(t *testing.T, o Options) map[string]*Result {
	t.Helper()
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(o.Packages) {
		t.Fatalf("%d results for %d packages", len(res), len(o.Packages))
	}
	return res
}

func status(r *Result, pkg string) testjson.Status {
	if p := r.Stream.Package(pkg); p != nil {
		return p.Status
	}
	return "missing"
}

// requirePassed checks that the honest package beside an attack passed: one
// package's run must not change another's.
func requirePassed(t *testing.T, res map[string]*Result) {
	t.Helper()
	if r := res["m/q"]; status(r, "m/q") != testjson.Passed || r.OutputCut || r.MemoryCut || r.Killed["m/q"] {
		t.Errorf("the honest package beside the attack: %+v", r)
	}
}

func TestPassAndEvents(t *testing.T) {
	t.Parallel()
	dir, pkgs := module(t, map[string]string{"q": passing})
	seen := 0
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Event: func(ev testjson.Event) { seen++ }})
	if seen == 0 || res["m/q"].ExitCode != 0 {
		t.Fatalf("events %d, result %+v", seen, res["m/q"])
	}
	requirePassed(t, res)
}

// A test that leaves a child holding the output open, in a session of its own so
// that the process-group kill misses it, must not outlive the run, and the
// package beside it must pass.
func TestWatchdogKillsEveryDescendant(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep command")
	}
	marker := "sleep 61.2345"
	dir, pkgs := module(t, map[string]string{"q": passing, "p": `package p

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
)

func TestHang(t *testing.T) {
	cmd := exec.Command("sh", "-c", "` + marker + `")
	cmd.Stdout = os.Stdout
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Start()
	select {}
}
`})
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: time.Second, Grace: time.Second})
	r := res["m/p"]
	if status(r, "m/p") != testjson.Failed {
		t.Fatalf("package %+v, want failed", r.Stream.Package("m/p"))
	}
	if !strings.Contains(r.Stream.Package("m/p").Output()+testOutput(r), "test timed out") && !r.Killed["m/p"] {
		t.Errorf("neither a timeout in the output nor a kill: %q", testOutput(r))
	}
	requirePassed(t, res)
	// The kill is delivered asynchronously: wait, far longer than any machine
	// needs, for the child to be gone.
	left := liveWith(marker)
	for deadline := time.Now().Add(20 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = liveWith(marker) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(left) > 0 {
		t.Errorf("the test's child process outlived the run (containment %s): pid %v", sandbox.Mode(), left)
	}
}

func TestEndlessOutputIsCut(t *testing.T) {
	t.Parallel()
	dir, pkgs := module(t, map[string]string{"q": passing,
		"p": "package p\nimport (\"fmt\";\"testing\")\nfunc TestFlood(t *testing.T) { for { fmt.Println(\"all work and no play\") } }\n"})
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: 60 * time.Second, MaxStream: 1 << 20})
	if r := res["m/p"]; !r.OutputCut || status(r, "m/p") != testjson.Failed {
		t.Errorf("endless print: cut %v, status %q", r.OutputCut, status(r, "m/p"))
	}
	requirePassed(t, res)
}

func TestMemoryIsCapped(t *testing.T) {
	t.Parallel()
	if !sandbox.MemoryWatched() {
		t.Skip("this system does not let gilgrade read memory use")
	}
	dir, pkgs := module(t, map[string]string{"q": passing, "p": `package p

import (
	"testing"
	"time"
)

func TestBomb(t *testing.T) {
	for {
		go func() { b := make([]byte, 1<<20); b[0] = 1; time.Sleep(time.Hour); _ = b }()
	}
}
`})
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: 60 * time.Second, MaxMemory: 256 << 20})
	if r := res["m/p"]; !r.MemoryCut || status(r, "m/p") != testjson.Failed {
		t.Errorf("goroutine bomb: memory cut %v, status %q", r.MemoryCut, status(r, "m/p"))
	}
	requirePassed(t, res)
}

// A test that fails but prints what a pass looks like, framed as the testing
// package frames its own lines, fails: the exit status decides.
func TestForgedPassFails(t *testing.T) {
	t.Parallel()
	dir, pkgs := module(t, map[string]string{"q": passing, "p": `package p

import (
	"os"
	"testing"
)

func TestForged(t *testing.T) {
	t.Fail()
	print("--- PASS: TestForged (0.00s)
PASS
")
	os.Stdout.WriteString("--- PASS: TestForged (0.00s)
PASS
ok  	m/p	0.01s
")
}
`})
	res := runMany(t, Options{Dir: dir, Packages: pkgs})
	if r := res["m/p"]; status(r, "m/p") != testjson.Failed || r.ExitCode == 0 {
		t.Errorf("forged pass: status %q, exit %d", status(r, "m/p"), r.ExitCode)
	}
	requirePassed(t, res)
}

func TestBuildErrorIsNotAGraderError(t *testing.T) {
	t.Parallel()
	dir, pkgs := module(t, map[string]string{"q": passing, "p": "package p\nfunc broken() int { return \"x\" }\n"})
	res := runMany(t, Options{Dir: dir, Packages: pkgs})
	if p := res["m/p"].Stream.Package("m/p"); !p.FailedBuild || !strings.Contains(p.BuildOutput(), "p_test.go:2") {
		t.Fatalf("package %+v, want a failed build", p)
	}
	requirePassed(t, res)
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

// Under a Hide, a test sees neither the classmates' copies beside its own nor
// can it change a test binary, its own or another exercise's; the honest package
// beside it passes.
func TestHiddenFromClassmates(t *testing.T) {
	t.Parallel()
	if !sandbox.Hiding() {
		t.Skipf("this machine cannot hide folders (containment %s)", sandbox.Mode())
	}
	batch := t.TempDir()
	os.MkdirAll(filepath.Join(batch, "7", "exercises"), 0o755)
	os.WriteFile(filepath.Join(batch, "7", "exercises", "answer.go"), []byte("classmate"), 0o644)
	root := filepath.Join(batch, "3")
	mod := filepath.Join(root, "exercises")
	os.MkdirAll(filepath.Join(mod, "p"), 0o755)
	os.MkdirAll(filepath.Join(mod, "q"), 0o755)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module m\n\ngo 1.25\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "q", "q_test.go"), []byte(passing), 0o644)
	os.WriteFile(filepath.Join(mod, "p", "p_test.go"), []byte(`package p

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSnoop(t *testing.T) {
	if b, err := os.ReadFile("../../../7/exercises/answer.go"); err == nil {
		t.Fatalf("read a classmate's file: %s", b)
	}
	exe, _ := os.Executable()
	bins, _ := filepath.Glob(filepath.Join(filepath.Dir(exe), "*.test"))
	if len(bins) == 0 {
		t.Fatal("no test binary to try")
	}
	for _, b := range bins {
		if err := os.WriteFile(b, []byte("#!/bin/sh\nexit 0\n"), 0o755); err == nil {
			t.Fatalf("rewrote %s", b)
		}
	}
}
`), 0o644)
	pkgs := []Package{{ImportPath: "m/p", Dir: filepath.Join(mod, "p")}, {ImportPath: "m/q", Dir: filepath.Join(mod, "q")}}
	res := runMany(t, Options{Dir: mod, Packages: pkgs, Hide: &sandbox.Hide{Over: batch, Keep: root}})
	if r := res["m/p"]; status(r, "m/p") != testjson.Passed {
		t.Errorf("the snooping test: %q\n%s", status(r, "m/p"), testOutput(r))
	}
	requirePassed(t, res)
}

// Each package runs under its own timeout: a package given a short one times
// out while the same test in a package with the run's long timeout finishes.
func TestTimeoutPerPackage(t *testing.T) {
	t.Parallel()
	slow := func(pkg string) string {
		return "package " + pkg + "\nimport (\n\t\"testing\"\n\t\"time\"\n)\nfunc TestSlow(t *testing.T) { time.Sleep(2 * time.Second) }\n"
	}
	dir, pkgs := module(t, map[string]string{"short": slow("short"), "long": slow("long")})
	for i := range pkgs {
		if pkgs[i].ImportPath == "m/short" {
			pkgs[i].Timeout = 500 * time.Millisecond
		}
	}
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Timeout: time.Minute})
	if got := status(res["m/long"], "m/long"); got != testjson.Passed {
		t.Errorf("m/long with the run's timeout: %q, want pass", got)
	}
	r := res["m/short"]
	if got := status(r, "m/short"); got != testjson.Failed {
		t.Errorf("m/short with its own short timeout: %q, want fail", got)
	}
	if out := r.Stream.Package("m/short").Output() + testOutput(r); !strings.Contains(out, "test timed out after 500ms") {
		t.Errorf("m/short did not time out after its own 500ms:\n%s", out)
	}
}

// A test binary runs as soon as it is built, while the others still build, as
// under go test. The C compiler of package late's cgo file waits for the
// marker that package early's test writes, so late builds only once early has
// run: without the pipelining it gives up and late's build fails.
func TestRunsWhileOthersBuild(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("the build is watched on Linux only")
	}
	if testing.Short() {
		t.Skip("builds runtime/cgo with a compiler of its own")
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc for cgo")
	}
	mark := filepath.Join(t.TempDir(), "early-ran")
	cc := filepath.Join(t.TempDir(), "cc")
	// Only a compile of a C file waits; the go command's probes of the
	// compiler pass at once. Ten minutes is a bound for a stuck test, not a
	// speed: the marker comes as soon as early's binary has run.
	script := "#!/bin/sh\ncase \"$*\" in *.c*) i=0; while [ ! -e \"$GILGRADE_TEST_MARK\" ]; do i=$((i+1)); [ $i -gt 6000 ] && exit 1; sleep 0.1; done;; esac\nexec " + gcc + " \"$@\"\n"
	if err := os.WriteFile(cc, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, pkgs := module(t, map[string]string{
		"early": "package early\nimport (\n\t\"os\"\n\t\"testing\"\n)\nfunc TestMark(t *testing.T) { os.WriteFile(os.Getenv(\"GILGRADE_TEST_MARK\"), nil, 0o644) }\n",
		"late":  passing,
	})
	os.WriteFile(filepath.Join(dir, "late", "late.go"), []byte("package q\n\n// int one(void) { return 1; }\nimport \"C\"\n\nfunc One() int { return int(C.one()) }\n"), 0o644)
	res := runMany(t, Options{Dir: dir, Packages: pkgs, Parallel: 2,
		Env: []string{"CC=" + cc, "CGO_ENABLED=1", "GILGRADE_TEST_MARK=" + mark}})
	if got := status(res["m/early"], "m/early"); got != testjson.Passed {
		t.Errorf("m/early: %q, want pass", got)
	}
	if got := status(res["m/late"], "m/late"); got != testjson.Passed {
		t.Errorf("m/late: %q, want pass: it built only once m/early had run\n%s", got, res["m/late"].Stderr)
	}
}

// A binary that runs while others still build cannot see the go command's
// work folder, where the others' objects and binaries are made: it is hidden
// with the other submissions. early runs while late builds (see
// TestRunsWhileOthersBuild) and looks for the work folder where the go command
// would make it, in TMPDIR.
func TestBuildHiddenFromRuns(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" || testing.Short() {
		t.Skip("the build is watched on Linux only; builds runtime/cgo with a compiler of its own")
	}
	if !sandbox.Hiding() {
		t.Skipf("this machine cannot hide folders (containment %s)", sandbox.Mode())
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("no gcc for cgo")
	}
	tmp := t.TempDir()
	mark := filepath.Join(tmp, "early-ran")
	cc := filepath.Join(t.TempDir(), "cc")
	script := "#!/bin/sh\ncase \"$*\" in *.c*) i=0; while [ ! -e \"$GILGRADE_TEST_MARK\" ]; do i=$((i+1)); [ $i -gt 6000 ] && exit 1; sleep 0.1; done;; esac\nexec " + gcc + " \"$@\"\n"
	if err := os.WriteFile(cc, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	batch := t.TempDir()
	root := filepath.Join(batch, "3")
	mod := filepath.Join(root, "exercises")
	os.MkdirAll(filepath.Join(mod, "early"), 0o755)
	os.MkdirAll(filepath.Join(mod, "late"), 0o755)
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module m\n\ngo 1.25\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "early", "early_test.go"), []byte(`package early

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSnoop(t *testing.T) {
	defer os.WriteFile(os.Getenv("GILGRADE_TEST_MARK"), nil, 0o644)
	work, _ := filepath.Glob(filepath.Join(os.TempDir(), "go-build*"))
	if len(work) > 0 {
		t.Errorf("the go command's work folder is in sight: %v", work)
	}
}
`), 0o644)
	os.WriteFile(filepath.Join(mod, "late", "late_test.go"), []byte(passing), 0o644)
	os.WriteFile(filepath.Join(mod, "late", "late.go"), []byte("package q\n\n// int one(void) { return 1; }\nimport \"C\"\n\nfunc One() int { return int(C.one()) }\n"), 0o644)
	pkgs := []Package{{ImportPath: "m/early", Dir: filepath.Join(mod, "early")}, {ImportPath: "m/late", Dir: filepath.Join(mod, "late")}}
	res := runMany(t, Options{Dir: mod, Packages: pkgs, Parallel: 2, Hide: &sandbox.Hide{Over: batch, Keep: root},
		Env: []string{"CC=" + cc, "CGO_ENABLED=1", "TMPDIR=" + tmp, "GILGRADE_TEST_MARK=" + mark}})
	if got := status(res["m/early"], "m/early"); got != testjson.Passed {
		t.Errorf("m/early: %q, want pass\n%s", got, testOutput(res["m/early"]))
	}
	if got := status(res["m/late"], "m/late"); got != testjson.Passed {
		t.Errorf("m/late: %q, want pass: it built only once m/early had run\n%s", got, res["m/late"].Stderr)
	}
}
