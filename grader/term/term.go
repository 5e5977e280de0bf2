// Package term is what gilgrade knows about terminals: whether output goes to
// one (color, clearing the screen, a progress bar), how wide it is, how to wrap
// text to that width with color codes taking no room, and single-key input
// (cbreak) for `gilgrade watch`. The commands decide what to print; this
// package only answers questions about the terminal.
package term

import (
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
)

// IsTerminal reports whether f is a terminal (a Cygwin or MSYS one included).
func IsTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// Is reports whether w is a terminal: an *os.File that is one.
func Is(w any) bool {
	f, ok := w.(*os.File)
	return ok && IsTerminal(f)
}

// WidthOf returns the width of the terminal w, or 0 when w is not a terminal
// or its width is unknown.
func WidthOf(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	return Width(f)
}

// VisibleWidth is the number of columns s takes on a terminal: its runes, less
// its color codes (ESC [ … letter).
func VisibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			for i += 2; i < len(s) && (s[i] < '@' || s[i] > '~'); i++ {
			}
			continue
		}
		if utf8.RuneStart(s[i]) {
			n++
		}
	}
	return n
}

// Fit wraps one styled line at spaces to width columns, color codes taking no
// room: its leading spaces stay, and ind starts each later line (and counts
// toward its width). A line that fits is returned as it is; a word longer than
// width gets a line of its own.
func Fit(line string, width int, ind string) string {
	if VisibleWidth(line) <= width {
		return line
	}
	lead := line[:len(line)-len(strings.TrimLeft(line, " "))]
	var out []string
	cur := lead
	for _, w := range strings.Fields(line) {
		if strings.TrimSpace(cur) != "" && VisibleWidth(cur)+1+VisibleWidth(w) > width {
			out = append(out, cur)
			cur = ind
		}
		if strings.TrimSpace(cur) != "" {
			cur += " "
		}
		cur += w
	}
	return strings.Join(append(out, cur), "\n")
}

// WrapLines wraps each line of text to width columns with Fit; a continued
// line keeps the indentation of its first.
func WrapLines(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = Fit(line, width, line[:len(line)-len(strings.TrimLeft(line, " "))])
	}
	return strings.Join(lines, "\n")
}

// Wrap flows the words of text (its line breaks and runs of spaces become one
// space) into lines of at most width columns, at least 20, with ind before each
// later line. ind does not count toward width: the caller writes the first
// line after a prefix as wide as ind, so the text forms one column.
func Wrap(text string, width int, ind string) string {
	width = max(width, 20)
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n" + ind)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// Shorten cuts text to at most width runes at a space, ending it with "…", so
// that a heading or a column never breaks inside a word. Text that fits is
// returned as it is; a first word longer than width is cut inside it.
func Shorten(text string, width int) string {
	r := []rune(text)
	if len(r) <= width {
		return text
	}
	if width < 2 {
		return string(r[:max(width, 0)])
	}
	cut := string(r[:width-1])
	// The cut ends a word when a space follows it; otherwise the word it
	// splits goes.
	if r[width-1] != ' ' {
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, " ,:;") + "…"
}
