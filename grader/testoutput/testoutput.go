package testoutput

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// Test is what one test (or subtest) of the run printed.
type Test struct {
	Name   string            // "TestX" or "TestX/sub"
	Failed bool              // the stream reported "fail" for it
	Output string            // the test's joined output from the test2json stream
	Attrs  map[string]string // values set with t.Attr (test2json "attr" events)
}

// Result is one `go test -json` run of an exercise package.
type Result struct {
	Tests   []Test
	Output  string        // package-level output not attributed to any test (a panic in init, a timeout dump, "FAIL" lines)
	Timeout time.Duration // the -timeout the run used, for messages
	Killed  bool          // gilgrade's own watchdog killed the run (the binary ignored -timeout)
}

// Options say which frames of a trace are the learner's.
type Options struct {
	Root         string   // absolute course root; File paths are made relative to it
	LearnerFiles []string // absolute paths of files the learner edits: frames there are "learner lines"
	// ExerciseDir is the absolute dir of the exercise package: its _test.go files
	// are the course's tests (frames there are dropped), its other non-learner
	// files are course helpers (dropped unless nothing else remains).
	ExerciseDir string
	ReadFile    func(path string) ([]byte, error) // to fetch source lines (defaults to os.ReadFile)
}

// Attribute keys an exercise's test may set with t.Attr to name the mistake it
// detected; gilgrade reports a failed test that set them with that code.
const (
	AttrCode = "gilgrade.code"
	AttrHint = "gilgrade.hint"
	// AttrGoroutines holds, quoted with strconv.Quote, the stacks of every
	// goroutine (runtime.Stack with all) taken while the calls the test counts
	// were running: gilgrade reads the line that kept them apart from it.
	AttrGoroutines = "gilgrade.goroutines"
	// AttrLine is a Go regular expression for the learner's line the failure
	// is at, matched against each line of the learner's files without its
	// comment; it is used only when exactly one line matches.
	AttrLine = "gilgrade.line"
)

// Bounds that keep the report short whatever the run printed.
const (
	maxDetails     = 6        // lines of Details per diagnosis
	maxVerbose     = 32 << 10 // bytes of Verbose per diagnosis
	maxDiagnostics = 30       // diagnoses per run
	maxMessage     = 400      // bytes of a message taken from a test's output
	maxSourceFile  = 1 << 20  // bytes read of a source file
	maxGoroutines  = 100000   // goroutines read from one dump
)

// Explain reads what the tests of one run printed and returns one diagnosis per
// distinct problem, located at the learner's lines where the output names them.
func Explain(r Result, o Options) []diag.Diagnostic {
	e := newExplainer(o)
	for _, t := range r.Tests {
		e.scan(t.Output, t.Name, r.Timeout)
	}
	e.scan(r.Output, "", r.Timeout)
	if r.Killed && !e.has(diag.Timeout) {
		e.killed(r)
	}
	e.failedTests(r)
	ds := e.out
	diag.Sort(ds)
	return ds
}

// explainer holds the state of one Explain call.
type explainer struct {
	o       Options
	root    string
	learner map[string]bool
	exDir   string
	sources map[string][]string
	out     []diag.Diagnostic
	seen    map[string]bool // keys of diagnoses already reported
	byTest  map[string]bool // tests whose output gave a diagnosis
}

func newExplainer(o Options) *explainer {
	e := &explainer{
		o:       o,
		root:    cleanPath(o.Root),
		learner: make(map[string]bool),
		sources: make(map[string][]string),
		seen:    make(map[string]bool),
		byTest:  make(map[string]bool),
	}
	if o.ExerciseDir != "" {
		e.exDir = cleanPath(o.ExerciseDir)
	}
	for _, f := range o.LearnerFiles {
		e.learner[cleanPath(f)] = true
	}
	if e.o.ReadFile == nil {
		e.o.ReadFile = os.ReadFile
	}
	return e
}

func cleanPath(p string) string {
	if p == "" {
		return ""
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// Kinds of frames.
const (
	kindOther   = iota // runtime, standard library, testing
	kindLearner        // a file the learner edits
	kindHelper         // a course file of the exercise that is not a test
	kindTest           // the exercise's own _test.go files
)

func (e *explainer) kind(file string) int {
	f := cleanPath(file)
	if e.learner[f] {
		return kindLearner
	}
	if e.exDir != "" && filepath.ToSlash(filepath.Dir(filepath.FromSlash(f))) == e.exDir {
		if strings.HasSuffix(f, "_test.go") {
			return kindTest
		}
		return kindHelper
	}
	return kindOther
}

// pick returns the first learner frame of fs, else the first course-helper
// frame, and whether one was found.
func (e *explainer) pick(fs []frame) (frame, bool) {
	var helper *frame
	for i, f := range fs {
		switch e.kind(f.File) {
		case kindLearner:
			return f, true
		case kindHelper:
			if helper == nil {
				helper = &fs[i]
			}
		}
	}
	if helper != nil {
		return *helper, true
	}
	return frame{}, false
}

// pickLearner is pick without the helper fallback.
func (e *explainer) pickLearner(fs []frame) (frame, bool) {
	for _, f := range fs {
		if e.kind(f.File) == kindLearner {
			return f, true
		}
	}
	return frame{}, false
}

// rel makes an absolute path from the output relative to the course root.
func (e *explainer) rel(file string) string {
	f := cleanPath(file)
	if e.root != "" {
		if r, err := filepath.Rel(filepath.FromSlash(e.root), filepath.FromSlash(f)); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return f
}

// pos renders a frame as "exercises/ex01/counter.go:13".
func (e *explainer) pos(f frame) string {
	return fmt.Sprintf("%s:%d", e.rel(f.File), f.Line)
}

// source returns the trimmed line n of file, or "".
func (e *explainer) source(file string, n int) string {
	lines := e.lines(file)
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

func (e *explainer) lines(file string) []string {
	f := cleanPath(file)
	if ls, ok := e.sources[f]; ok {
		return ls
	}
	var ls []string
	if b, err := e.o.ReadFile(filepath.FromSlash(f)); err == nil && len(b) <= maxSourceFile {
		ls = strings.Split(string(b), "\n")
	}
	e.sources[f] = ls
	return ls
}

// at builds a diagnosis located at frame f (when ok).
func (e *explainer) at(code diag.Code, f frame, ok bool) diag.Diagnostic {
	d := code.New()
	if ok {
		d.File = e.rel(f.File)
		d.Line = f.Line
		d.Source = e.source(f.File, f.Line)
	}
	return d
}

// add records d unless a diagnosis with the same key was already reported.
func (e *explainer) add(key string, d diag.Diagnostic, test string) {
	if test != "" {
		e.byTest[test] = true
	}
	if e.seen[key] || len(e.out) >= maxDiagnostics {
		return
	}
	e.seen[key] = true
	if len(d.Details) > maxDetails {
		n := len(d.Details) - (maxDetails - 1)
		d.Details = append(d.Details[:maxDetails-1:maxDetails-1], fmt.Sprintf("… and %d more", n))
	}
	d.Verbose = capText(d.Verbose, maxVerbose)
	d.Message = capText(d.Message, maxMessage)
	e.out = append(e.out, d)
}

func (e *explainer) has(code diag.Code) bool {
	for _, d := range e.out {
		if d.Is(code) {
			return true
		}
	}
	return false
}

// capText cuts s to at most n bytes on a rune boundary, saying so.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// scan finds the reports in one test's (or the package's) output.
func (e *explainer) scan(text, test string, timeout time.Duration) {
	if text == "" {
		return
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "WARNING: DATA RACE":
			i = e.race(lines, i, test)
		case strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: "):
			i = e.crash(lines, i, test, timeout)
		}
	}
}
