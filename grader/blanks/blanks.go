// Package blanks finds the `___` blanks of an exercise file, fills them, and
// reads a learner's fills back by matching their file with the template (Match).
//
// A blank is the identifier token `___` in Go code: the same three underscores in a
// comment or a string are text, not a blank. A fill may be any text, across lines.
package blanks

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
)

// Token is the text of a blank.
const Token = "___"

// Blank is one blank in a file.
type Blank struct {
	Offset int // byte offset of the first underscore
	Line   int // 1-based
	Col    int // 1-based, in bytes
}

// Scan returns the blanks of a Go source file in the order they appear. It reads
// tokens, not syntax, so it works on files that do not parse.
func Scan(src []byte) []Blank {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	// Errors are the compiler's business; the scanner recovers and goes on.
	s.Init(file, src, func(token.Position, string) {}, 0)
	var found []Blank
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return found
		}
		if tok == token.IDENT && lit == Token {
			p := file.Position(pos)
			found = append(found, Blank{Offset: p.Offset, Line: p.Line, Col: p.Column})
		}
	}
}

// Fill replaces each blank of src, in order, by the fill of the same index. It is
// an error for the counts to differ.
func Fill(src []byte, fills []string) ([]byte, error) {
	found := Scan(src)
	if len(found) != len(fills) {
		return nil, fmt.Errorf("%d blanks but %d fills", len(found), len(fills))
	}
	var b strings.Builder
	b.Grow(len(src))
	last := 0
	for i, bl := range found {
		b.Write(src[last:bl.Offset])
		b.WriteString(fills[i])
		last = bl.Offset + len(Token)
	}
	b.Write(src[last:])
	return []byte(b.String()), nil
}

// Line returns the 1-based line of src, without its line ending, or "" when there
// is no such line. It copies only that line.
func Line(src []byte, line int) string {
	if line < 1 {
		return ""
	}
	for range line - 1 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return string(bytes.TrimSuffix(src, []byte("\r")))
}
