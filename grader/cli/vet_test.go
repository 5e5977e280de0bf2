package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVetTool runs `go vet -vettool=gilgrade` (this test binary, re-executed
// as gilgrade) on a module with a package that draws only a warning and one
// with an error: warnings stay off and the package passes unless
// -gilgrade.warnings asks for them, and each message carries its code.
func TestVetTool(t *testing.T) {
	slowEndToEnd(t, "runs go vet -vettool on a module")
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(t.TempDir(), "gilgrade")
	script := "#!/bin/sh\n" + reexecEnv + "=1 exec " + self + " \"$@\"\n"
	if err := os.WriteFile(tool, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module vt\n\ngo 1.25\n",
		// Correct, but could use wg.Go: a use-wg-go warning.
		"warn/warn.go": `package warn

import "sync"

func Run(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = x
		}()
	}
	wg.Wait()
}
`,
		// A double lock through a call into another package: the fact that
		// Register locks r.Mu crosses the package boundary.
		"reg/reg.go": `package reg

import "sync"

type Registry struct {
	Mu    sync.Mutex
	names []string
}

func (r *Registry) Register(name string) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	r.names = append(r.names, name)
}
`,
		"use/use.go": `package use

import "vt/reg"

func RegisterAll(r *reg.Registry, names []string) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	for _, n := range names {
		r.Register(n)
	}
}
`,
		"bad/bad.go": `package bad

import "sync"

var mu sync.Mutex
var n int

func Inc() {
	mu.Lock()
	n++
}
`,
	}
	for name, src := range files {
		name = filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name     string
		args     []string
		fails    bool
		want     string // in the output
		wantNone string // not in the output
	}{
		{"warning only", []string{"./warn"}, false, "", "use-wg-go"},
		{"warnings asked for", []string{"-gilgrade.warnings", "./warn"}, true, "warn.go:8:3: `wg.Add(1)` followed by", ""},
		{"double lock across packages", []string{"./use"}, true, "use.go:9:3: `r.Register(n)` locks `r.Mu` again while this function still holds it from `r.Mu.Lock()` on line 6", ""},
		{"error", []string{"./bad"}, true, "bad.go:9:2: `mu.Lock()` is never undone: the function ends on line 11 with `mu` still locked, so the next `Lock` waits forever [missing-unlock]\n\twrite `defer mu.Unlock()`", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(goBin, append([]string{"vet", "-vettool=" + tool}, tc.args...)...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			switch {
			case err != nil && !errors.As(err, &exit):
				t.Fatalf("go vet: %v\n%s", err, out)
			case tc.fails != (err != nil):
				t.Errorf("go vet %s: error %v, want failure %v\n%s", strings.Join(tc.args, " "), err, tc.fails, out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("output does not contain %q:\n%s", tc.want, out)
			}
			if tc.wantNone != "" && strings.Contains(string(out), tc.wantNone) {
				t.Errorf("output contains %q:\n%s", tc.wantNone, out)
			}
		})
	}
}

func TestWarningsOn(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]bool{
		"x.cfg":                                           false,
		"-gilgrade.warnings x.cfg":                        true,
		"--gilgrade.warnings x.cfg":                       true,
		"-gilgrade.warnings=false x.cfg":                  false,
		"-gilgrade.warnings=true x.cfg":                   true,
		"-lockcheck=false x.cfg":                          false,
		"gilgrade.warnings x.cfg":                         false,
		"-gilgrade.warnings -json x.cfg":                  true,
		"-gilgrade.warnings=0 -gilgrade.warnings=1 x.cfg": true,
	} {
		if got := warningsOn(strings.Fields(args)); got != want {
			t.Errorf("warningsOn(%q) = %v, want %v", args, got, want)
		}
	}
}
