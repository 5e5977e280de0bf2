package testoutput

import (
	"strconv"
	"strings"
)

// A frame is one call in a stack trace: the function line and the position
// line under it.
type frame struct {
	Func    string // "course/ex.Count.func1"
	File    string // absolute, slash-separated as printed
	Line    int
	Created bool // the "created by" frame of a goroutine
}

// parsePos reads a position line of a stack trace: leading space, then
// "/abs/file.go:13" and maybe " +0x7b". It reports false for anything else.
func parsePos(line string) (file string, n int, ok bool) {
	if line == "" || (line[0] != ' ' && line[0] != '\t') {
		return "", 0, false
	}
	s := strings.TrimSpace(line)
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		s = s[:i]
	}
	colon := strings.LastIndexByte(s, ':')
	if colon <= 0 || !strings.HasSuffix(s[:colon], ".go") {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[colon+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return s[:colon], n, true
}

// funcName reduces a function line of a trace ("pkg.(*T).M(0xc0, ...)",
// "created by pkg.F in goroutine 7") to the function's name.
func funcName(line string) (name string, created bool) {
	s := strings.TrimSpace(line)
	if rest, ok := strings.CutPrefix(s, "created by "); ok {
		s, created = rest, true
		if i := strings.Index(s, " in goroutine "); i >= 0 {
			s = s[:i]
		}
	}
	// The argument list starts at the last "(" that is not part of "(*T)".
	if strings.HasSuffix(s, ")") {
		depth := 0
		for i := len(s) - 1; i >= 0; i-- {
			switch s[i] {
			case ')':
				depth++
			case '(':
				depth--
			}
			if depth == 0 {
				if i > 0 && s[i-1] != '.' {
					s = s[:i]
				}
				break
			}
		}
	}
	return s, created
}

// parseFrames reads the frames of one stack (race report section or one
// goroutine of a dump), at most max of them.
func parseFrames(lines []string, max int) []frame {
	var fs []frame
	for i := 1; i < len(lines) && len(fs) < max; i++ {
		file, n, ok := parsePos(lines[i])
		if !ok {
			continue
		}
		name, created := funcName(lines[i-1])
		fs = append(fs, frame{Func: name, File: file, Line: n, Created: created})
	}
	return fs
}

// A goroutine is one entry of a goroutine dump.
type goroutine struct {
	ID      string
	Status  string // the wait reason: "chan receive", "sync.Mutex.Lock", "running"
	Durable bool   // synctest marked the block durable
	Frames  []frame
	Raw     []string
}

// maxFrames bounds the frames read per stack; the runtime itself stops at 100.
const maxFrames = 100

// parseHeader reads "goroutine 7 [chan receive (durable), synctest bubble 1]:".
func parseHeader(line string) (id, status string, durable, ok bool) {
	rest, ok := strings.CutPrefix(line, "goroutine ")
	if !ok || !strings.HasSuffix(rest, "]:") {
		return "", "", false, false
	}
	sp := strings.IndexByte(rest, ' ')
	if sp <= 0 {
		return "", "", false, false
	}
	id = rest[:sp]
	if _, err := strconv.Atoi(id); err != nil {
		return "", "", false, false
	}
	open := strings.Index(rest, " [")
	if open < 0 {
		return "", "", false, false
	}
	in := rest[open+2 : len(rest)-2]
	status, _, _ = strings.Cut(in, ", ")
	for _, suffix := range []string{" (scan)", " (leaked)"} {
		status = strings.TrimSuffix(status, suffix)
	}
	if s, ok := strings.CutSuffix(status, " (durable)"); ok {
		status, durable = s, true
	}
	return id, status, durable, true
}

// maxPreamble bounds the lines read between a panic and its goroutine dump.
const maxPreamble = 64

// parseDump reads the goroutines of a dump that starts at lines[0] or later.
// Each goroutine ends at a blank line; the dump ends at a line that is neither
// part of a goroutine nor a header.
func parseDump(lines []string, max int) (gs []goroutine, end int) {
	i, preamble := 0, 0
	for i < len(lines) {
		id, status, durable, ok := parseHeader(lines[i])
		if !ok {
			// Before the first goroutine come lines like "\trunning tests:" or
			// "[signal SIGSEGV …]"; a dump that does not start soon is not this one.
			if strings.TrimSpace(lines[i]) == "" || (len(gs) == 0 && preamble < maxPreamble) {
				if len(gs) == 0 {
					preamble++
				}
				i++
				continue
			}
			break
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) != "" {
			if _, _, _, ok := parseHeader(lines[j]); ok {
				break
			}
			j++
		}
		if len(gs) < max {
			gs = append(gs, goroutine{
				ID: id, Status: status, Durable: durable,
				Frames: parseFrames(lines[i+1:j], maxFrames),
				Raw:    lines[i:j],
			})
		}
		i = j
	}
	return gs, i
}
