package testoutput

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// failedTests reports the failed tests that no crash or race explained: with
// the code they set through t.Attr, else as test-failed.
func (e *explainer) failedTests(r Result) {
	failedChild := make(map[string]bool)
	for _, t := range r.Tests {
		if t.Failed || e.byTest[t.Name] {
			for p := t.Name; ; {
				i := strings.LastIndexByte(p, '/')
				if i < 0 {
					break
				}
				p = p[:i]
				failedChild[p] = true
			}
		}
	}
	explained := len(e.out) > 0
	// Tests that chose a code go first, so that when several saw the same
	// cause it is said once, with the code a test chose for it.
	tests := slices.Clone(r.Tests)
	slices.SortStableFunc(tests, func(a, b Test) int {
		return cmp.Compare(b2i(!diag.ValidCode(a.Attrs[AttrCode])), b2i(!diag.ValidCode(b.Attrs[AttrCode])))
	})
	for _, t := range tests {
		if !t.Failed || e.byTest[t.Name] {
			continue
		}
		msgs := failureMessages(t.Output)
		code := diag.Code(t.Attrs[AttrCode])
		if !diag.ValidCode(string(code)) {
			code = ""
		}
		if len(msgs) == 0 && code == "" && (failedChild[t.Name] || explained) {
			// A parent of failed subtests, or a test that failed only because
			// of a race or crash reported above.
			continue
		}
		if code == "" {
			code = diag.TestFailed
		}
		ev, byEvidence := e.fromAttrs(t.Attrs)
		f, ok := ev.at, byEvidence
		if !ok {
			f, ok = e.locate(msgs)
		}
		d := e.at(code, f, ok)
		if !ok {
			d.File = e.onlyLearnerFile()
		}
		text := strings.Join(msgs, "; ")
		switch {
		case code != diag.TestFailed && text != "":
			d.Message = sentence(text)
		case text != "":
			d.Message = t.Name + " failed: " + sentence(text)
		default:
			d.Message = t.Name + " failed"
		}
		if ev.message != "" {
			// The evidence names the cause; what the test measured follows it.
			d.Details = append(d.Details, capText(d.Message, maxMessage))
			d.Message = ev.message
		}
		d.Hint = cmp.Or(ev.hint, t.Attrs[AttrHint])
		if d.Hint == "" {
			d.Hint = code.Hint()
		}
		if d.Hint == "" {
			d.Hint = diag.TestFailed.Hint()
		}
		d.Verbose = t.Output
		key := "test:" + t.Name
		if ev.message != "" {
			// Several tests that saw the same cause say it once.
			key = fmt.Sprintf("evidence:%s:%d:%s", d.File, d.Line, ev.message)
		}
		e.add(key, d, t.Name)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// failureRE matches the lines t.Error, t.Fatal and t.Log print: an indent, the
// calling file and line, and the message.
var failureRE = regexp.MustCompile(`^\s+([\w.\-]+\.go):(\d+): (.*)$`)

// failureMessages returns the messages a test printed through t.Error and
// friends, each with its continuation lines joined, without the file prefix
// and without the testing package's own notes.
func failureMessages(out string) []string {
	var msgs []string
	cur, skip := -1, false
	for l := range strings.SplitSeq(out, "\n") {
		l = strings.TrimRight(l, "\r")
		if m := failureRE.FindStringSubmatch(l); m != nil && len(msgs) < 20 {
			// "testing.go:1712: race detected during execution of test" and
			// similar come from the testing package itself.
			skip = m[1] == "testing.go"
			if !skip {
				msgs = append(msgs, strings.TrimSpace(m[3]))
				cur = len(msgs) - 1
			}
			continue
		}
		if cur >= 0 && !skip && strings.HasPrefix(l, "        ") && strings.TrimSpace(l) != "" {
			if len(msgs[cur]) < maxMessage {
				msgs[cur] += " " + strings.TrimSpace(l)
			}
			continue
		}
		cur = -1
	}
	return msgs
}

// sentence makes a test's message read as one of ours: no final period, and a
// lowercase first word unless it is a name.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".")
	r, size := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) {
		word := s
		if i := strings.IndexAny(s, " :,;"); i >= 0 {
			word = s[:i]
		}
		rest := word[size:]
		if rest != "" && strings.ToLower(rest) == rest && isLetters(rest) {
			s = string(unicode.ToLower(r)) + s[size:]
		}
	}
	return s
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

var posRE = regexp.MustCompile(`([\w./\-]+\.go):(\d+)`)
var callRE = regexp.MustCompile(`\b([A-Za-z_]\w*)\(`)

// locate finds the learner line a failure message names: a "file.go:NN" of a
// learner file, else the declaration of a learner function it calls.
func (e *explainer) locate(msgs []string) (frame, bool) {
	for _, m := range msgs {
		for _, p := range posRE.FindAllStringSubmatch(m, 5) {
			n, err := strconv.Atoi(p[2])
			if err != nil || n <= 0 {
				continue
			}
			for _, f := range e.learnerFiles() {
				if f == p[1] || strings.HasSuffix(f, "/"+strings.TrimPrefix(p[1], "/")) {
					return frame{File: f, Line: n}, true
				}
			}
		}
	}
	for _, m := range msgs {
		for _, c := range callRE.FindAllStringSubmatch(m, 5) {
			if f, ok := e.funcDecl(c[1]); ok {
				return f, true
			}
		}
	}
	return frame{}, false
}

// funcDecl finds "func Name(" or "func (r T) Name(" in the learner's files.
func (e *explainer) funcDecl(name string) (frame, bool) {
	for _, f := range e.learnerFiles() {
		for i, l := range e.lines(f) {
			rest, ok := strings.CutPrefix(l, "func ")
			if !ok {
				continue
			}
			if strings.HasPrefix(rest, "(") {
				if j := strings.Index(rest, ") "); j >= 0 {
					rest = rest[j+2:]
				}
			}
			if strings.HasPrefix(rest, name+"(") || strings.HasPrefix(rest, name+"[") {
				return frame{File: f, Line: i + 1}, true
			}
		}
	}
	return frame{}, false
}

// onlyLearnerFile returns the learner's file when there is exactly one.
func (e *explainer) onlyLearnerFile() string {
	if len(e.learner) != 1 {
		return ""
	}
	for f := range e.learner {
		return e.rel(f)
	}
	return ""
}

// killed reports a run gilgrade had to stop itself.
func (e *explainer) killed(r Result) {
	d := e.at(diag.Timeout, frame{}, false)
	test := ""
	for _, t := range r.Tests {
		if strings.Contains(t.Output, "=== RUN") && !strings.Contains(t.Output, "--- PASS") &&
			!strings.Contains(t.Output, "--- FAIL") && !strings.Contains(t.Output, "--- SKIP") {
			test = t.Name
		}
	}
	limit := "the time limit"
	if r.Timeout > 0 {
		limit = r.Timeout.String()
	}
	who := "the tests"
	if test != "" {
		who = test
	}
	d.Message = fmt.Sprintf("%s did not finish and were stopped after %s", who, limit)
	if test != "" {
		d.Message = fmt.Sprintf("%s did not finish and was stopped after %s", who, limit)
	}
	d.Hint = "look for a goroutine that waits forever (a channel nobody sends on or closes, a lock nobody unlocks, a Wait whose Done never comes) or a loop that never ends"
	d.File = e.onlyLearnerFile()
	e.add("killed", d, test)
}
