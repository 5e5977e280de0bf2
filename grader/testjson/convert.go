package testjson

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// marker is the byte the testing package puts before each line it prints about
// tests (=== RUN, --- PASS and the like) when a test binary runs with
// -test.v=test2json. Only those lines become test events: a line without the
// marker is output, whatever it looks like.
const marker = 0x16

// maxLine bounds one line of a test binary's output; a longer line is passed on
// in pieces, as output.
const maxLine = 64 << 10

// Converter reads what a test binary run with -test.v=test2json prints and turns
// it into events, as go test -json does. Nothing the binary prints can make the
// package pass: its result comes from Exited, that is, from the exit status.
//
// A line printed by the learner's code can still carry the marker (the program
// is one process), so per-test events are evidence to explain a failure, never
// a verdict; see Test.Results.
type Converter struct {
	pkg   string
	emit  func(Event)
	now   func() time.Time
	begin time.Time

	partial []byte // an unfinished line
	test    string // the test that output belongs to
	result  Status
}

// NewConverter returns a Converter for the test binary of pkg that calls emit
// with each event, in order. now is the clock for event times (time.Now when nil).
func NewConverter(pkg string, emit func(Event), now func() time.Time) *Converter {
	if now == nil {
		now = time.Now
	}
	c := &Converter{pkg: pkg, emit: emit, now: now, begin: now()}
	c.send(Event{Action: Start})
	return c
}

// Write takes the next piece of the binary's output (stdout and stderr alike).
func (c *Converter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			room := maxLine - len(c.partial)
			if len(p) < room {
				c.partial = append(c.partial, p...)
				return n, nil
			}
			c.partial = append(c.partial, p[:room]...)
			p = p[room:]
			c.line(c.partial)
			c.partial = c.partial[:0]
			continue
		}
		line := p[:i+1]
		p = p[i+1:]
		if len(c.partial) > 0 {
			line = append(c.partial, line...)
			c.partial = c.partial[:0]
		}
		c.line(line)
	}
	return n, nil
}

// Exited records how the binary ended: err is what Wait returned, nil for a
// zero exit status.
func (c *Converter) Exited(err error) {
	if err == nil {
		c.result = Passed
	} else {
		c.result = Failed
	}
}

// Close passes on an unfinished last line and sends the package's result: a
// pass only when Exited was told of a zero exit status.
func (c *Converter) Close() {
	if len(c.partial) > 0 {
		c.line(c.partial)
		c.partial = nil
	}
	result := c.result
	if result == Running {
		result = Failed // the binary's end was never seen
	}
	c.test = ""
	c.send(Event{Action: Action(result), Elapsed: c.now().Sub(c.begin).Seconds()})
}

// reports are the result lines the testing package prints when a test ends.
var reports = map[string]Action{"--- PASS: ": Pass, "--- FAIL: ": Fail, "--- SKIP: ": Skip}

// line handles one line, with its newline if it has one.
func (c *Converter) line(line []byte) {
	if len(line) == 0 || line[0] != marker {
		c.output(string(line))
		return
	}
	text := string(line[1:])
	trimmed := strings.TrimRight(text, "\r\n")
	if trimmed == "PASS" || trimmed == "FAIL" {
		// The binary's own summary: package output; its exit status decides.
		c.test = ""
		c.output(text)
		return
	}
	for prefix, action := range reports {
		rest, ok := strings.CutPrefix(strings.TrimLeft(trimmed, " "), prefix)
		if !ok {
			continue
		}
		name, elapsed := rest, 0.0
		if i := strings.LastIndex(rest, " ("); i >= 0 && strings.HasSuffix(rest, "s)") {
			name = rest[:i]
			elapsed, _ = strconv.ParseFloat(rest[i+2:len(rest)-2], 64)
		}
		c.test = name
		c.output(text)
		c.send(Event{Action: action, Test: name, Elapsed: elapsed})
		return
	}
	verb, rest, ok := strings.Cut(strings.TrimPrefix(trimmed, "=== "), " ")
	if !ok || !strings.HasPrefix(trimmed, "=== ") {
		c.output(text)
		return
	}
	name := strings.TrimLeft(rest, " ")
	switch verb {
	case "RUN":
		c.test = name
		c.send(Event{Action: Run, Test: name})
		c.output(text)
	case "PAUSE", "CONT":
		c.test = name
		c.output(text)
	case "NAME":
		c.test = name // only says whose output follows
	case "ATTR":
		test, kv, _ := strings.Cut(name, " ")
		key, value, _ := strings.Cut(kv, " ")
		c.test = test
		c.send(Event{Action: Attr, Test: test, Key: key, Value: value})
		c.output(text)
	default:
		c.output(text)
	}
}

func (c *Converter) output(s string) {
	if s != "" {
		c.send(Event{Action: Output, Test: c.test, Output: s})
	}
}

func (c *Converter) send(ev Event) {
	t := c.now()
	ev.Time = &t
	ev.Package = c.pkg
	c.emit(ev)
}
