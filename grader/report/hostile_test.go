package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// evil is what a hostile learner's code can print or name: terminal control
// (ESC, OSC title and hyperlink, a carriage return that draws over a line),
// GitHub Actions commands (new and legacy syntax), HTML, a code fence, a
// spreadsheet formula and C1 and bidi controls.
const evil = "ok\r\x1b[32mPASS\x1b[0m \x1b]0;owned\x07 \x1b]8;;http://x\x07link\x1b]8;;\x07\n" +
	"::error file=other.go,line=1::forged\n" +
	"  ::add-mask::secret\n" +
	"\u3000::stop-commands::tok\n" +
	"text ##[error]legacy\n" +
	"##[group]x\n" +
	"<img src=http://x/a.png> <a href=http://x>click</a> <script>alert(1)</script>\n" +
	"```\n``not code`` `\n" +
	"=cmd|' /C calc'!A0\n" +
	"\u009b31m c1 \u202e bidi \x7f del\n"

// hostileAll holds evil in every piece of text a report carries.
func hostileAll() *Report {
	r := New()
	r.Notes = []string{"note " + evil}
	d := func(sev diag.Severity) diag.Diagnostic {
		return diag.Diagnostic{Code: "data-race", Severity: sev, File: "exercises/ex01\x1b[2J::x/a" + evil[:20] + ".go", Line: 3, Col: 2,
			Message: "message " + evil, Hint: "hint " + evil, Source: "src " + evil, Details: []string{"detail " + evil}, Verbose: "verbose " + evil}
	}
	// A wrapped text line may start with any word: give the wrapper one that is
	// a command after a long run of short words.
	wrapped := strings.Repeat("word ", 14) + "::error::wrapped ##[error]x"
	r.Exercises = []Exercise{
		{ID: "ex01", Slug: "s" + evil[:8], Title: "title " + evil, Status: Failed, MaxScore: 2, RaceChecked: true,
			Dir: "exercises/ex01", Files: []string{"exercises/ex01/a\x1b]0;t\x07.go"},
			Tests: []Test{{Name: "TestA" + evil[:12], Status: TestFail, Output: evil + "panic: " + evil + "\n--- FAIL: TestA (0.00s)\n"},
				{Name: "TestB", Status: TestPass, Output: evil}},
			Diagnostics: []diag.Diagnostic{d(diag.Error), d(diag.Warning), {Code: "x", Severity: diag.Error, Message: wrapped}}},
		// No diagnosis: the failed test's output is what every format shows.
		{ID: "ex02", Title: "plain", Status: Failed, MaxScore: 1, RaceChecked: false,
			Files: []string{"exercises/ex02/b.go"},
			Tests: []Test{{Name: "TestC", Status: TestFail, Output: "=== RUN   TestC\n" + evil + "--- FAIL: TestC (0.00s)\n"}}},
		{ID: "ex03", Title: "warned", Status: Passed, Score: 1, MaxScore: 1, RaceChecked: true,
			Tests:       []Test{{Name: "TestD", Status: TestPass, Output: evil}},
			Diagnostics: []diag.Diagnostic{d(diag.Warning)}},
	}
	r.Quizzes = []Quiz{{ID: "gil", Title: "quiz " + evil, Status: Failed, MaxScore: 10, Questions: 10}}
	r.Total()
	return r
}

// rawControl finds a byte a terminal or log viewer would act on: C0 controls
// other than newline and tab, DEL, C1 controls and bidi overrides.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == '\u202e', r == utf8.RuneError:
			return r, true
		}
	}
	return 0, false
}

// ownCommand is the grammar of the workflow commands the github format writes:
// a known command, properties whose values hold no ':' or ',', and a message,
// all on one line.
var ownCommand = regexp.MustCompile(`^::(error|warning|notice)( [a-zA-Z]+=[^:,]*(,[a-zA-Z]+=[^:,]*)*)?::[^\r\n]*$`)

// codeSpans matches fenced blocks and inline code spans, which render as text.
var (
	fencedBlock = regexp.MustCompile("(?ms)^[ \t]*(`{3,})text\n.*?^[ \t]*`{3,}$")
	inlineCode  = regexp.MustCompile("(`+)[^`\n]*?(`+)")
)

// liveMarkup reports HTML or a Markdown link or image outside code: what a
// Markdown renderer would turn into markup from the learner's text.
func liveMarkup(md string) string {
	md = fencedBlock.ReplaceAllString(md, "")
	md = inlineCode.ReplaceAllStringFunc(md, func(s string) string { return "" })
	for _, bad := range []string{"<img", "<a ", "<script", "](http", "![", "http://x>"} {
		if strings.Contains(md, bad) {
			return bad
		}
	}
	return ""
}

func checkLines(t *testing.T, where, out string, github bool) {
	t.Helper()
	if r, ok := rawControl(out); ok {
		t.Errorf("%s holds the raw control character %U", where, r)
	}
	for i, l := range strings.Split(out, "\n") {
		if github && strings.HasPrefix(l, "::") {
			if !ownCommand.MatchString(l) || strings.Contains(l, "##[") {
				t.Errorf("%s line %d is a command gilgrade did not mean: %q", where, i+1, l)
			}
			continue
		}
		if safetext.HasCommand(l) {
			t.Errorf("%s line %d would be read as a workflow command: %q", where, i+1, l)
		}
	}
}

// TestHostileEveryFormat renders the hostile report in every format, with and
// without --verbose, and checks each the way its reader reads it: no line of
// stdout is a workflow command but the github format's own, no raw control
// character anywhere, no live HTML in the Markdown, and the text the JSON
// formats carry for consoles (the Classroom reporter prints names, messages and
// test code to its log) is as safe once decoded.
func TestHostileEveryFormat(t *testing.T) {
	for _, f := range Formats() {
		for _, verbose := range []bool{false, true} {
			var summary bytes.Buffer
			out := string(render(t, hostileAll(), string(f), Options{Summary: &summary,
				Text: TextOptions{Style: NewStyle(false), Verbose: verbose, Width: 40}}))
			where := string(f)
			checkLines(t, where, out, f == FormatGitHub)
			switch f {
			case FormatText:
				if !strings.Contains(out, `\x1b[32mPASS`) || !strings.Contains(out, `ok\r`) {
					t.Errorf("text: the learner's control characters are not shown escaped:\n%s", out)
				}
			case FormatGitHub:
				checkLines(t, "github summary", summary.String(), false)
				if m := liveMarkup(summary.String()); m != "" {
					t.Errorf("github summary renders %q from the learner's text:\n%s", m, summary.String())
				}
			case FormatClassroom:
				var res classroomResult
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatal(err)
				}
				for _, tt := range res.Tests {
					for _, s := range []string{tt.Name, tt.Message, tt.TestCode, tt.Filename} {
						checkLines(t, "classroom test "+tt.Name, s, false)
					}
				}
			case FormatGradescope:
				var res gradescopeResults
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatal(err)
				}
				mds := []string{res.Output}
				for _, tt := range res.Tests {
					mds = append(mds, tt.Output)
					checkLines(t, "gradescope name", tt.Name, false)
				}
				for _, md := range mds {
					checkLines(t, "gradescope output", md, false)
					if m := liveMarkup(md); m != "" {
						t.Errorf("gradescope output renders %q from the learner's text:\n%s", m, md)
					}
				}
			case FormatExercism:
				var res exercismResults
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatal(err)
				}
				for _, tt := range res.Tests {
					for _, s := range []string{tt.Name, tt.Message, tt.Output} {
						if r, ok := rawControl(s); ok {
							t.Errorf("exercism test %q holds %U once decoded", tt.Name, r)
						}
					}
				}
			case FormatJUnit:
				var res junitSuites
				if err := xml.Unmarshal([]byte(out), &res); err != nil {
					t.Fatal(err)
				}
				for _, s := range res.Suites {
					for _, c := range s.Cases {
						for _, r := range []*junitResult{c.Failure, c.Error, c.Skipped} {
							if r != nil {
								checkLines(t, "junit "+c.Name, r.Text+"\n"+r.Message, false)
							}
						}
						checkLines(t, "junit system-out", c.SystemOut, false)
					}
				}
			case FormatJSON:
				// The contract keeps the learner's text as it was: a reader
				// decodes exactly what the tests printed.
				var back Report
				if err := json.Unmarshal([]byte(out), &back); err != nil {
					t.Fatal(err)
				}
				if back.Exercises[0].Tests[1].Output != evil {
					t.Errorf("json: test output does not decode to what was printed: %q", back.Exercises[0].Tests[1].Output)
				}
			}
		}
	}
}

// TestHostileProbesBite: the checks above find what they look for.
func TestHostileProbesBite(t *testing.T) {
	if _, ok := rawControl("a\x1bb"); !ok {
		t.Error("rawControl misses ESC")
	}
	if _, ok := rawControl("a\u009bb"); !ok {
		t.Error("rawControl misses a C1 control")
	}
	if liveMarkup("x <img src=y>") == "" || liveMarkup("x `<img src=y>`") != "" ||
		liveMarkup("```text\n<img src=y>\n```") != "" {
		t.Error("liveMarkup does not tell code from markup")
	}
	if ownCommand.MatchString("::error::a\r") || !ownCommand.MatchString("::error file=a.go,line=1::m: x") ||
		ownCommand.MatchString("::add-mask::x") {
		t.Error("ownCommand grammar")
	}
}
