// Package safetext makes text that came from a learner's code safe to show: in a
// terminal, in a CI log that a runner scans for commands, in Markdown and HTML, and
// in a spreadsheet. Every edge where learner text leaves gilgrade goes through one
// of these functions, so a program's output is shown as data, never obeyed.
package safetext

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Terminal makes every control character other than newline and tab visible, so
// output cannot move the cursor, set a title, draw over an earlier line (a carriage
// return) or hide itself. ESC shows as `\x1b`, a carriage return as `\r`, invalid
// UTF-8 as `\xNN`.
func Terminal(s string) string {
	if isPlain(s, true) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteString(`\r`)
		case isControl(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Line is Terminal for text that must stay on one line: newlines and tabs are made
// visible too.
func Line(s string) string {
	s = Terminal(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(s)
}

// isPlain reports whether s needs no escaping.
func isPlain(s string, multiline bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' {
			return false
		}
		if (r == '\n' || r == '\t') && multiline {
			continue
		}
		if isControl(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// isControl reports the characters a terminal may act on: C0 and C1 controls,
// DEL, and the Unicode formatting characters that reorder or hide text.
func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069': // bidi overrides
		return true
	}
	return unicode.Is(unicode.Cf, r) && r != '\u200d' // keep the zero-width joiner of emoji
}

// commandLine matches the start of a line that a CI runner reads as a command:
// GitHub Actions' `::name …::` after any leading white space (the runner trims
// Unicode white space, not only ASCII).
var commandLine = regexp.MustCompile(`(?m)^([\t\p{Zs}]*)::`)

// Log makes text safe for a CI log: Terminal, and no line can be read as a workflow
// command. GitHub Actions takes a line whose first non-blank characters are `::` as
// a command, and `##[` anywhere in a line as a legacy one; both are broken with a
// no-break space between their characters, so the reader still sees what was
// printed.
func Log(s string) string { return Defuse(Terminal(s)) }

// Defuse breaks every workflow command in s, as Log does, and changes nothing
// else: for text whose control characters were already made visible and that
// holds gilgrade's own styling, such as a whole colored report.
func Defuse(s string) string {
	if strings.Contains(s, "::") {
		s = commandLine.ReplaceAllString(s, "$1:\u00a0:")
	}
	if strings.Contains(s, "##[") {
		s = strings.ReplaceAll(s, "##[", "#\u00a0#[")
	}
	return s
}

// HasCommand reports whether some line of s would still be read as a workflow
// command; tests use it to check every line a format prints.
func HasCommand(s string) bool {
	return commandLine.MatchString(s) || strings.Contains(s, "##[")
}

// CodeSpan renders s as one Markdown inline code span that no backtick, newline or
// HTML in s can end: the fence is longer than any run of backticks inside.
func CodeSpan(s string) string {
	s = Defuse(Line(s))
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// CodeBlock renders s as a fenced Markdown code block whose fence no line of s can
// close.
func CodeBlock(s string) string {
	s = Log(s)
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return fence + "text\n" + s + fence + "\n"
}

// Markdown escapes s for Markdown prose: every character with a Markdown or HTML
// meaning is backslash-escaped or written as an entity, so it renders as written.
func Markdown(s string) string {
	s = Defuse(Line(s))
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HTML escapes s for HTML text or an attribute value, with control characters made
// visible first.
func HTML(s string) string { return html.EscapeString(Terminal(s)) }

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// CSVField neutralises a field a spreadsheet would run as a formula (OWASP's rule:
// a leading =, +, -, @, tab or carriage return gets a leading single quote). The
// csv writer does the quoting.
func CSVField(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// RedactURL removes the user information, which may hold a password or token, from
// a URL: `https://user:token@host/x` becomes `https://host/x`. An scp-like git
// address (`git@host:path`) keeps its user, which is no secret. Text that is not a
// URL has the user information of any URL inside it removed.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil || u.Host == "" {
		return redactLoose(s)
	}
	u.User = nil
	return u.String()
}

// credentials matches scheme://userinfo@ anywhere in free text.
var credentials = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@`)

// redactLoose strips userinfo from URLs embedded in text, such as an error message
// that quotes the address it failed on.
func redactLoose(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return credentials.ReplaceAllString(s, "$1")
}

// Redact strips credentials from every URL inside free text.
func Redact(s string) string { return redactLoose(s) }
