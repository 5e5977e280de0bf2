package cli

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite the expected output of cmp lines in testdata/script from what gilgrade prints")

// TestMain lets this test binary be gilgrade itself: for `grade`, which runs
// its own executable for each submission (reexecEnv), and for the scripts,
// which run `gilgrade` from their PATH.
func TestMain(m *testing.M) {
	if os.Getenv(reexecEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"gilgrade": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the scripts in testdata/script: each is a txtar archive of
// the files a command needs and the commands with what they must print, as Go's
// own cmd/go tests are written. They cover the commands that run no test under
// the race detector, so they take seconds; the Go tests beside them cover
// grading.
//
// Beyond testscript's commands, a script has gilgrade (this test binary, run
// as its own process) and:
//
//	exits N command [args...]   run command and want exit code N
//	fill FILE fill...           replace the blanks of FILE with the fills, in order
//	                            (the blanks past the last fill stay)
//	coursesrc DIR               write the source of the course gilgrade carries into DIR
//	replace FILE OLD NEW        replace the first OLD in FILE with NEW (each read
//	                            as a Go string literal's text: \n, \", \t)
//
// and $REPORTDATA, the report package's testdata (a saved report and its
// goldens). Run with -update-scripts to rewrite the expected output of failing
// cmp lines.
func TestScripts(t *testing.T) {
	t.Parallel()
	reportData, err := filepath.Abs(filepath.Join("..", "report", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                filepath.Join("testdata", "script"),
		UpdateScripts:      *updateScripts,
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			for k, v := range goEnv() {
				env.Setenv(k, v)
			}
			env.Setenv("REPORTDATA", reportData)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":     cmdExits,
			"fill":      cmdFill,
			"coursesrc": cmdCourseSrc,
			"replace":   cmdReplace,
		},
	})
}

// goEnv is what the go command needs to find its caches in a script, whose
// HOME is not the user's: the scripts' gilgrade runs `go env`, and a script
// that compiles shares the build cache of the tests around it.
var goEnv = sync.OnceValue(func() map[string]string {
	env := map[string]string{}
	names := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOTOOLCHAIN", "GOFLAGS", "GOPROXY", "CC"}
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return env
	}
	for i, v := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if i < len(names) && v != "" {
			env[names[i]] = v
		}
	}
	return env
})

// cmdExits runs a program and wants its exit code: the exit codes are part of
// gilgrade's contract, and `! gilgrade` only says that it failed.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var x *exec.ExitError
		if !errors.As(err, &x) {
			ts.Fatalf("exits: %v", err)
		}
		got = x.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

func cmdFill(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: fill FILE fill...")
	}
	name := ts.MkAbs(args[0])
	src, err := os.ReadFile(name)
	ts.Check(err)
	fills := args[1:]
	for len(fills) < len(blanks.Scan(src)) {
		fills = append(fills, "___") // left blank
	}
	out, err := blanks.Fill(src, fills)
	ts.Check(err)
	ts.Check(os.WriteFile(name, out, 0o644))
}

func cmdCourseSrc(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: coursesrc DIR")
	}
	k, err := bundle.Key()
	ts.Check(err)
	ts.Check(k.Extract(ts.MkAbs(args[0])))
}

func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	var old, new string
	for i, p := range []*string{&old, &new} {
		s, err := strconv.Unquote(`"` + args[i+1] + `"`)
		if err != nil {
			ts.Fatalf("replace: %q: %v", args[i+1], err)
		}
		*p = s
	}
	name := ts.MkAbs(args[0])
	b, err := os.ReadFile(name)
	ts.Check(err)
	if !strings.Contains(string(b), old) {
		ts.Fatalf("replace: %s has no %q", args[0], old)
	}
	ts.Check(os.WriteFile(name, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
}
