package gotest

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Toolchain describes the Go installation that will build the exercises.
type Toolchain struct {
	Version string // like "go1.26.8"
	CC      string // the C compiler cgo uses, as go env reports it
}

// ToolchainError is a problem with the machine's tools rather than the course;
// its message says what to install or change, ready to show as it is.
type ToolchainError struct{ msg string }

func (e *ToolchainError) Error() string { return e.msg }

func toolchainf(format string, a ...any) error {
	return &ToolchainError{msg: fmt.Sprintf(format, a...)}
}

// Preflight checks that go is installed, new enough for the course, and, when race
// is set, that cgo has a C compiler (the race detector on Linux needs one). Its
// errors are one sentence saying what to install.
func Preflight(ctx context.Context, minGo string, race bool) (Toolchain, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return Toolchain{}, toolchainf("no `go` command on your PATH: install Go %s or newer from https://go.dev/dl and open a new terminal", minGo)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "env", "GOVERSION", "CC", "CGO_ENABLED")
	cmd.Env = Env(false)
	out, err := cmd.Output()
	if err != nil {
		return Toolchain{}, toolchainf("`go env` failed (%v): check your Go installation", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for len(lines) < 3 {
		lines = append(lines, "")
	}
	tc := Toolchain{Version: strings.TrimSpace(lines[0]), CC: strings.TrimSpace(lines[1])}
	if !AtLeast(tc.Version, minGo) {
		return tc, toolchainf("this course needs Go %s or newer, and `go` here is %s: install a newer Go from https://go.dev/dl", minGo, tc.Version)
	}
	if race {
		cc := tc.CC
		if cc == "" {
			cc = "gcc"
		}
		if f := strings.Fields(cc); len(f) > 0 {
			cc = f[0]
		}
		if _, err := exec.LookPath(cc); err != nil {
			return tc, toolchainf("the race detector needs a C compiler and %q is not installed: install gcc (Debian/Ubuntu: sudo apt-get install gcc; macOS: xcode-select --install), or run with --no-race to check without it", cc)
		}
	}
	return tc, nil
}

// AtLeast reports whether a go version like "go1.26.8" (or "devel …") is at least
// the release min, like "1.25".
func AtLeast(version, min string) bool {
	v := strings.TrimPrefix(version, "go")
	if strings.HasPrefix(v, "devel") {
		return true
	}
	have, want := parts(v), parts(min)
	for i := range 2 {
		if have[i] != want[i] {
			return have[i] > want[i]
		}
	}
	return true
}

func parts(v string) [2]int {
	var p [2]int
	for i, s := range strings.SplitN(v, ".", 3) {
		if i == 2 {
			break
		}
		// Drop suffixes like "rc1" in "1.26rc1".
		end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if end >= 0 {
			s = s[:end]
		}
		p[i], _ = strconv.Atoi(s)
	}
	return p
}
