package safetext

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestTerminal(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text\n\tindented", "plain text\n\tindented"},
		{"\x1b[2K\rok  \tex01", `\x1b[2K\rok  ` + "\tex01"},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
		{"\x1b]8;;http://x\x1b\\link", `\x1b]8;;http://x\x1b\link`},
		{"bell\x07 del\x7f c1\u009b", `bell\x07 del\x7f c1\x9b`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`},
		{"bad \xff utf8", `bad \xff utf8`},
		{"héllo ✓ 👩\u200d💻", "héllo ✓ 👩\u200d💻"},
	} {
		if got := Terminal(tc.in); got != tc.want {
			t.Errorf("Terminal(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLine(t *testing.T) {
	if got, want := Line("a\nb\tc\rd"), `a\nb\tc\rd`; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}

func TestLog(t *testing.T) {
	for _, in := range []string{
		"::error file=x.go,line=1::forged",
		"  \t::add-mask::secret",
		"\u00a0\u3000::error::wide spaces",
		"ok\n::stop-commands::tok\nmore",
		"prefix ##[error]legacy",
		"##[group]x",
		"\x1b[0K::error::hidden behind an escape",
		"line\r::error::after a carriage return",
	} {
		got := Log(in)
		if HasCommand(got) {
			t.Errorf("Log(%q) = %q still holds a command", in, got)
		}
		if strings.ContainsAny(got, "\x1b\r") {
			t.Errorf("Log(%q) = %q still holds control characters", in, got)
		}
	}
	if got := Log("a :: b\nx::y"); got != "a :: b\nx::y" {
		t.Errorf("Log changed text that is no command: %q", got)
	}
}

func TestCodeSpan(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"wg.Add(1)", "`wg.Add(1)`"},
		{"a`b", "``a`b``"},
		{"`x`", "`` `x` ``"},
		{"<img src=x>", "`<img src=x>`"},
		{"two\nlines", "`two\\nlines`"},
	} {
		if got := CodeSpan(tc.in); got != tc.want {
			t.Errorf("CodeSpan(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCodeBlock(t *testing.T) {
	got := CodeBlock("```\n<a href=x>y</a>\n::error::x")
	if !strings.HasPrefix(got, "````text\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("CodeBlock fence can be closed from inside: %q", got)
	}
	if HasCommand(got) {
		t.Errorf("CodeBlock kept a command: %q", got)
	}
}

func TestMarkdown(t *testing.T) {
	got := Markdown(`<img src="http://evil/x.png"> [link](http://x) **b**`)
	for _, bad := range []string{"<img", "](", "**"} {
		if strings.Contains(got, bad) {
			t.Errorf("Markdown left %q live: %s", bad, got)
		}
	}
}

func TestHTML(t *testing.T) {
	if got, want := HTML("<b>&\x1b"), `&lt;b&gt;&amp;\x1b`; got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
}

func TestCSVField(t *testing.T) {
	var b strings.Builder
	w := csv.NewWriter(&b)
	in := []string{"=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "alice", "", "a,b"}
	row := make([]string, len(in))
	for i, s := range in {
		row[i] = CSVField(s)
	}
	w.Write(row)
	w.Flush()
	r, err := csv.NewReader(strings.NewReader(b.String())).Read()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range r {
		if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
			t.Errorf("field %d %q starts a formula", i, f)
		}
	}
	if r[6] != "alice" || r[8] != "a,b" {
		t.Errorf("plain fields changed: %q", r)
	}
}

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://alice:ghp_secret@github.com/org/repo.git", "https://github.com/org/repo.git"},
		{"https://token@gitlab.com/x", "https://gitlab.com/x"},
		{"git@github.com:org/repo.git", "git@github.com:org/repo.git"},
		{"/srv/class/alice", "/srv/class/alice"},
		{"clone https://u:p@h/x failed", "clone https://h/x failed"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzLog(f *testing.F) {
	for _, s := range []string{"::error::x", "##[warning]", "\x1b[31mred", "a\r\nb", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Escaping works line by line and rune by rune, so a few lines reach
		// every case. A run costs about half a microsecond a byte (regexps),
		// and the fuzzer's minimiser makes ~n²/2 runs for n bytes: at 512 or
		// 256 bytes it stalled for seconds on every new input.
		if len(s) > 128 {
			return
		}
		got := Log(s)
		if HasCommand(got) {
			t.Fatalf("Log(%q) = %q holds a command", s, got)
		}
		for _, r := range got {
			if r != '\n' && r != '\t' && isControl(r) {
				t.Fatalf("Log(%q) = %q holds control %U", s, got, r)
			}
		}
		span := CodeSpan(s)
		if strings.ContainsAny(span, "\n\r") {
			t.Fatalf("CodeSpan(%q) spans lines", s)
		}
	})
}
