package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpCommand: `gilgrade help CMD` prints what `gilgrade CMD --help` and
// `-h` print, for every command, and flags are written with two dashes (one for
// a one-letter flag), as the README writes them.
func TestHelpCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range commands() {
		help := run(t, dir, "help", c.Name)
		long := run(t, dir, c.Name, "--help")
		short := run(t, dir, c.Name, "-h")
		if help.code != ExitOK || long.code != ExitOK || short.code != ExitOK {
			t.Errorf("%s: exits %d, %d, %d", c.Name, help.code, long.code, short.code)
		}
		if help.stdout == "" || help.stdout != long.stderr || help.stdout != short.stderr {
			t.Errorf("gilgrade help %s differs from gilgrade %s --help:\n%s\n---\n%s", c.Name, c.Name, help.stdout, long.stderr)
		}
		if !strings.HasPrefix(help.stdout, "Usage: gilgrade "+c.Name) {
			t.Errorf("help %s:\n%s", c.Name, help.stdout)
		}
		for _, l := range strings.Split(help.stdout, "\n") {
			if f, ok := strings.CutPrefix(l, "  -"); ok && !strings.HasPrefix(f, "-") && len(strings.Fields(f)[0]) > 1 {
				t.Errorf("help %s: flag with one dash: %q", c.Name, l)
			}
			// A `quoted` word in a flag's usage names its value: a quoted
			// command would become the placeholder.
			if strings.HasPrefix(l, "  -") && len(strings.Fields(l)) > 2 {
				t.Errorf("help %s: flag with a placeholder of several words: %q", c.Name, l)
			}
		}
	}
	if r := run(t, dir, "help", "nosuch"); r.code != ExitUsage {
		t.Errorf("help of an unknown command: exit %d", r.code)
	}
	if r := run(t, dir, "help"); r.code != ExitOK || !strings.Contains(r.stdout, "gilgrade help <command>") {
		t.Errorf("help:\n%s", r.stdout)
	}
}

// TestUsageBalanced: every usage line closes what it opens, in the overview
// and in each command's help.
func TestUsageBalanced(t *testing.T) {
	t.Parallel()
	balanced := func(s string) bool {
		var stack []rune
		pair := map[rune]rune{')': '(', ']': '[', '>': '<'}
		for _, r := range s {
			switch r {
			case '(', '[', '<':
				stack = append(stack, r)
			case ')', ']', '>':
				if len(stack) == 0 || stack[len(stack)-1] != pair[r] {
					return false
				}
				stack = stack[:len(stack)-1]
			}
		}
		return len(stack) == 0
	}
	if balanced("[<id>") || !balanced("[<id> [-o FILE]]") {
		t.Fatal("the checker is wrong")
	}
	for _, c := range commands() {
		if !balanced(c.Args) {
			t.Errorf("usage of %s is unbalanced: %q", c.Name, c.Args)
		}
	}
	r := run(t, t.TempDir(), "help")
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "  ") && !balanced(strings.ReplaceAll(l, "(none)", "")) {
			t.Errorf("unbalanced line in help: %q", l)
		}
	}
}

// TestVersionOf reads the version as a `go install …@version` build records it,
// and a development build's commit.
func TestVersionOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{&debug.BuildInfo{Main: debug.Module{Path: "github.com/gilgrade/gilgrade", Version: "v1.2.3"}}, "v1.2.3"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260301120000-abcdef123456+dirty"}}, "v0.0.0-20260301120000-abcdef123456+dirty"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-03-01T12:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"devel 0123456789ab+dirty 2026-03-01T12:00:00"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{nil, "(devel)"},
	} {
		if got := versionOf(c.info); got != c.want {
			t.Errorf("versionOf = %q, want %q", got, c.want)
		}
	}
	r := run(t, t.TempDir(), "--version")
	if r.code != ExitOK || r.stdout != "gilgrade "+Version()+"\n" {
		t.Errorf("--version: %q", r.stdout)
	}
}
