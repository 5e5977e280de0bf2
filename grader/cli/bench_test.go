package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkCheck compares a warm `gilgrade check ex01` with the go test runs it
// stands on, in one process so the ratios come from the same machine state:
//
//	go test -run '^$' -bench Check -benchtime 20x -count 5 ./grader/cli | tee new.txt
//	benchstat new.txt
//
// gilgrade must be no slower than 1.3 × go test with GORACE=atexit_sleep_ms=0, and
// faster than plain go test -race, which sleeps a second at exit.
func BenchmarkCheck(b *testing.B) {
	root := filepath.Join(b.TempDir(), "course")
	if r := run(b, b.TempDir(), "init", root); r.code != ExitOK {
		b.Fatalf("init: %s", r.stderr)
	}
	if r := run(b, root, "reset", "--solution", "ex01"); r.code != ExitOK {
		b.Fatalf("reset: %s", r.stderr)
	}
	module := filepath.Join(root, "exercises")
	goTest := func(b *testing.B, env ...string) {
		for b.Loop() {
			cmd := exec.Command("go", "test", "-race", "-count=1", "./ex01_start_join")
			cmd.Dir = module
			cmd.Env = append(os.Environ(), env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("go test: %v\n%s", err, out)
			}
		}
	}
	check := func(b *testing.B, args ...string) {
		for b.Loop() {
			if r := run(b, root, append([]string{"check", "ex01"}, args...)...); r.code != ExitOK {
				b.Fatalf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		}
	}
	b.Run("gilgrade-check", func(b *testing.B) { check(b) })
	b.Run("gilgrade-check-no-analyzers", func(b *testing.B) { check(b, "--no-analyzers") })
	b.Run("go-test-race-no-exit-sleep", func(b *testing.B) { goTest(b, "GORACE=atexit_sleep_ms=0") })
	b.Run("go-test-race", func(b *testing.B) { goTest(b) })
}

// BenchmarkCheckAll compares `check --all` on the solved course, graded in one go
// test invocation, with running go test once per exercise package.
func BenchmarkCheckAll(b *testing.B) {
	root := filepath.Join(b.TempDir(), "course")
	if r := run(b, b.TempDir(), "init", root); r.code != ExitOK {
		b.Fatalf("init: %s", r.stderr)
	}
	if r := run(b, root, "reset", "--solution", "--all"); r.code != ExitOK {
		b.Fatalf("reset: %s", r.stderr)
	}
	b.Run("gilgrade-check-all", func(b *testing.B) {
		for b.Loop() {
			run(b, root, "check", "--all")
		}
	})
	dirs, _ := filepath.Glob(filepath.Join(root, "exercises", "ex*"))
	b.Run("go-test-each-package", func(b *testing.B) {
		for b.Loop() {
			for _, d := range dirs {
				cmd := exec.Command("go", "test", "-race", "-count=1", ".")
				cmd.Dir = d
				cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
				cmd.Run()
			}
		}
	})
}
