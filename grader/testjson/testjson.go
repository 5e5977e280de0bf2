// Package testjson reads the event stream of `go test -json` (test2json) into the
// results of each package and test, so nothing downstream scrapes text to learn
// whether a test passed.
package testjson

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"
)

// Action is the kind of a test2json event.
type Action string

// The actions gilgrade acts on; others are read and ignored.
const (
	Start       Action = "start"
	Run         Action = "run"
	Pass        Action = "pass"
	Fail        Action = "fail"
	Skip        Action = "skip"
	Output      Action = "output"
	Attr        Action = "attr"
	BuildOutput Action = "build-output"
	BuildFail   Action = "build-fail"
)

// Event is one line of the stream.
type Event struct {
	Time        *time.Time `json:",omitempty"`
	Action      Action
	Package     string  `json:",omitempty"`
	Test        string  `json:",omitempty"`
	Elapsed     float64 `json:",omitempty"` // seconds
	Output      string  `json:",omitempty"`
	FailedBuild string  `json:",omitempty"`
	ImportPath  string  `json:",omitempty"` // build events: "pkg" or "pkg [pkg.test]"
	Key         string  `json:",omitempty"` // attr events
	Value       string  `json:",omitempty"`
}

// MaxOutput is how much output is kept for one test or package; the rest is
// counted and dropped, so a test that prints without end cannot exhaust memory.
const MaxOutput = 256 << 10

// Status is the outcome of a package or test; "" while it is running.
type Status string

const (
	Running Status = ""
	Passed  Status = "pass"
	Failed  Status = "fail"
	Skipped Status = "skip"
)

// Test is one test (or subtest) of a package.
type Test struct {
	Name    string
	Status  Status
	Elapsed time.Duration
	Attrs   map[string]string
	// Results counts the test's pass, fail and skip events. The testing package
	// reports each test once; more than one means the test's own output imitated
	// a result line, which the event stream cannot tell from a real one.
	Results int
	output  text
}

// Output returns what the test printed, as far as it was kept.
func (t *Test) Output() string { return t.output.String() }

// Package is the result of one package.
type Package struct {
	ImportPath  string
	Started     bool // the test binary was started (or its build failed)
	Status      Status
	Elapsed     time.Duration
	FailedBuild bool
	Tests       []*Test // in order of first appearance
	byName      map[string]*Test
	output      text // package-level output: not attributed to a test
	build       text // compiler and linker output
}

// failRunning marks the tests that never finished as failed: a test binary that
// panicked or timed out stops without reporting the tests it was running.
func (p *Package) failRunning() {
	for _, t := range p.Tests {
		if t.Status == Running {
			t.Status = Failed
		}
	}
}

// Abort records that the package's run was stopped from outside (killed by a
// watchdog): it and its unfinished tests failed.
func (p *Package) Abort() {
	if p.Status == Running {
		p.Status = Failed
	}
	p.failRunning()
}

// Output returns the package-level output.
func (p *Package) Output() string { return p.output.String() }

// BuildOutput returns what the build printed for this package.
func (p *Package) BuildOutput() string { return p.build.String() }

// Test returns the named test, or nil.
func (p *Package) Test(name string) *Test { return p.byName[name] }

// Stream accumulates a test2json stream.
type Stream struct {
	Packages []*Package // in order of first appearance
	// Stray is text that was not a JSON event (the go command's own errors).
	Stray  text
	byPath map[string]*Package
}

// Package returns the package with the import path, creating it when needed.
func (s *Stream) Package(path string) *Package {
	if p := s.byPath[path]; p != nil {
		return p
	}
	if s.byPath == nil {
		s.byPath = map[string]*Package{}
	}
	p := &Package{ImportPath: path, byName: map[string]*Test{}}
	s.byPath[path] = p
	s.Packages = append(s.Packages, p)
	return p
}

// Add records one event.
func (s *Stream) Add(ev Event) {
	if ev.Package == "" && ev.ImportPath != "" {
		// Build events name the package under test with its test variant:
		// "pkg [pkg.test]". Both describe the one package the learner sees.
		p := s.Package(basePath(ev.ImportPath))
		switch ev.Action {
		case BuildOutput:
			p.build.add(ev.Output)
		case BuildFail:
			p.FailedBuild = true
		}
		return
	}
	if ev.Package == "" {
		s.Stray.add(ev.Output)
		return
	}
	p := s.Package(ev.Package)
	if ev.Test == "" {
		switch ev.Action {
		case Start:
			p.Started = true
		case Output:
			p.output.add(ev.Output)
		case Pass, Fail, Skip:
			p.Status = Status(ev.Action)
			p.Elapsed = seconds(ev.Elapsed)
			if ev.FailedBuild != "" {
				p.FailedBuild = true
			}
			if p.Status == Failed {
				p.failRunning()
			}
		}
		return
	}
	t := p.byName[ev.Test]
	if t == nil {
		t = &Test{Name: ev.Test}
		p.byName[ev.Test] = t
		p.Tests = append(p.Tests, t)
	}
	switch ev.Action {
	case Output:
		t.output.add(ev.Output)
	case Attr:
		if t.Attrs == nil {
			t.Attrs = map[string]string{}
		}
		t.Attrs[ev.Key] = ev.Value
	case Pass, Fail, Skip:
		// A failure stands: a later pass for the same test can only be text
		// the test's own code printed.
		if t.Status != Failed {
			t.Status = Status(ev.Action)
		}
		t.Elapsed = seconds(ev.Elapsed)
		t.Results++
	}
}

// AddLine records one line of the stream: an event, or stray text.
func (s *Stream) AddLine(line []byte) (Event, bool) {
	var ev Event
	if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil || ev.Action == "" {
		s.Stray.add(string(line) + "\n")
		return Event{}, false
	}
	s.Add(ev)
	return ev, true
}

// Read reads a whole stream from r, calling each (if not nil) on every event as it
// arrives. Lines longer than the reader's buffer are cut, not fatal.
func Read(r io.Reader, each func(Event)) (*Stream, error) {
	s := &Stream{}
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br)
		if len(line) > 0 {
			if ev, ok := s.AddLine(line); ok && each != nil {
				each(ev)
			}
		}
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return s, err
		}
	}
}

// readLine returns the next line without its newline, keeping at most 4 MiB of it.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if len(line) < 4<<20 {
			line = append(line, chunk...)
		}
		if err != nil || !isPrefix {
			return line, err
		}
	}
}

func basePath(importPath string) string {
	if i := strings.Index(importPath, " ["); i >= 0 {
		return importPath[:i]
	}
	return importPath
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// text is output kept up to MaxOutput.
type text struct {
	b       strings.Builder
	dropped int
}

func (t *text) add(s string) {
	room := MaxOutput - t.b.Len()
	if len(s) > room {
		t.dropped += len(s) - max(room, 0)
		s = s[:max(room, 0)]
	}
	t.b.WriteString(s)
}

func (t *text) String() string {
	if t.dropped > 0 {
		return t.b.String() + "\n[gilgrade: " + strconv.Itoa(t.dropped) + " more bytes of output were cut]\n"
	}
	return t.b.String()
}

// Dropped returns how many bytes of output were cut.
func (t *text) Dropped() int { return t.dropped }
