package gotest

import (
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// untrim restores the file names that -trimpath took out of what a test binary
// prints: in stack traces and race reports a file of the module is named by
// its import path ("example.com/m/p/x.go:12"), and it is given back its
// directory ("/work/m/p/x.go:12"), as without -trimpath, for the readers of
// the output that look for the learner's files. It passes whole lines on; a
// line longer than maxUntrimLine is passed on as it is.
type untrim struct {
	w    io.Writer
	re   *regexp.Regexp
	repl []byte
	buf  []byte
}

const maxUntrimLine = 64 << 10

// newUntrim returns the untrim of package p's binary, built in the module at
// dir, writing to w.
func newUntrim(w io.Writer, dir string, p Package) *untrim {
	u := &untrim{w: w}
	rel, err := filepath.Rel(dir, p.Dir)
	if err != nil {
		return u
	}
	module := p.ImportPath
	if rel = filepath.ToSlash(rel); rel != "." {
		var ok bool
		if module, ok = strings.CutSuffix(p.ImportPath, "/"+rel); !ok {
			return u // not where the module's layout puts it: nothing to map
		}
	}
	// The import path at the start of a file name: after a blank or the
	// line's start, and followed by a path to a .go file and its line.
	u.re = regexp.MustCompile(`(^|[\s(])` + regexp.QuoteMeta(module) + `/(\S+?\.go:\d)`)
	u.repl = []byte("${1}" + strings.ReplaceAll(filepath.ToSlash(dir), "$", "$$") + "/${2}")
	return u
}

func (u *untrim) Write(p []byte) (int, error) {
	if u.re == nil {
		return u.w.Write(p)
	}
	u.buf = append(u.buf, p...)
	rest := u.buf
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		if _, err := u.w.Write(u.re.ReplaceAll(rest[:i+1], u.repl)); err != nil {
			u.buf = u.buf[:0]
			return len(p), err
		}
		rest = rest[i+1:]
	}
	if len(rest) > maxUntrimLine {
		_, err := u.w.Write(rest)
		rest = nil
		if err != nil {
			u.buf = u.buf[:0]
			return len(p), err
		}
	}
	u.buf = append(u.buf[:0], rest...)
	return len(p), nil
}

// flush passes on the last line, which has no newline.
func (u *untrim) flush() {
	if len(u.buf) > 0 {
		_, _ = u.w.Write(u.re.ReplaceAll(u.buf, u.repl))
		u.buf = u.buf[:0]
	}
}
