package term

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestVisibleWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":                        0,
		"abc":                     3,
		"\x1b[1mbold\x1b[0m":      4,
		"ünïcödé":                 7,
		"\x1b[38;5;10m✔\x1b[0m x": 3,
	} {
		if got := VisibleWidth(s); got != want {
			t.Errorf("VisibleWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	line := "  \x1b[1mex03\x1b[0m worker pool: start a fixed number of goroutines that share one channel of jobs"
	got := Fit(line, 30, "    ")
	lines := strings.Split(got, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "  \x1b[1mex03") {
		t.Fatalf("Fit = %q", got)
	}
	for i, l := range lines {
		if VisibleWidth(l) > 30 {
			t.Errorf("line %d has %d columns: %q", i, VisibleWidth(l), l)
		}
		if i > 0 && !strings.HasPrefix(l, "    ") {
			t.Errorf("line %d lacks the indent: %q", i, l)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(line), " ") {
		t.Errorf("Fit lost or changed words: %q", got)
	}
	if Fit("short", 30, "  ") != "short" {
		t.Error("a line that fits was changed")
	}
	if got := Fit("a supercalifragilisticexpialidocious b", 10, ""); got != "a\nsupercalifragilisticexpialidocious\nb" {
		t.Errorf("a long word: %q", got)
	}
}

func TestWrapLines(t *testing.T) {
	got := WrapLines("first line is rather long here\n   indented line that also wraps", 16)
	want := "first line is\nrather long here\n   indented line\n   that also\n   wraps"
	if got != want {
		t.Errorf("WrapLines =\n%s\nwant\n%s", got, want)
	}
}

func TestWrap(t *testing.T) {
	// The indent does not count: each line holds up to width columns of text.
	got := Wrap("the quick brown fox jumps over\nthe lazy dog again and again", 20, "> ")
	want := "the quick brown fox\n> jumps over the lazy\n> dog again and again"
	if got != want {
		t.Errorf("Wrap =\n%s\nwant\n%s", got, want)
	}
	if got := Wrap("a b", 5, ""); got != "a b" {
		t.Errorf("width below 20 is raised to 20: %q", got)
	}
}

func TestIsTerminal(t *testing.T) {
	if Is(&bytes.Buffer{}) || WidthOf(&bytes.Buffer{}) != 0 {
		t.Error("a buffer is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Is(f) || Width(f) != 0 {
		t.Error("a regular file is not a terminal")
	}
	if _, err := Cbreak(f); err == nil {
		t.Error("Cbreak on a regular file succeeded")
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"Stop at the first error", 40, "Stop at the first error"},
		{"Lost updates: fix a shared counter with a mutex", 30, "Lost updates: fix a shared…"},
		{"Lost updates: fix", 14, "Lost updates…"},
		{"Supercalifragilistic", 8, "Superca…"},
		{"abc", 1, "a"},
		{"abc", 0, ""},
	} {
		got := Shorten(c.in, c.width)
		if got != c.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
		if n := len([]rune(got)); n > max(c.width, 0) {
			t.Errorf("Shorten(%q, %d) is %d runes long", c.in, c.width, n)
		}
	}
}
