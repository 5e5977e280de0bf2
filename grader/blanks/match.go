package blanks

// Reading fills back: a learner's file is its template with each blank replaced
// by some code, comments and layout aside. Strict grading needs to know where it
// is not (the first edit outside a blank), the class report what each fill says,
// and the headline which lines the learner wrote. One matcher answers all three.
//
// The files are compared as go/scanner tokens, so a file that does not parse is
// read as well as one that does, and layout does not count: spacing, line breaks,
// comments, a semicolon or comma the language lets one omit. Directives do count,
// because the go command reads them. A fill must keep brackets balanced, so it
// cannot close the code around its blank and open new declarations.
//
// The template is cut at its blanks into fixed segments; a match places each
// segment in the learner's tokens, the first at the start and the last at the
// end, with balanced fills between. Where the segments could be placed in more
// than one way (the text after a blank also occurs inside its fill), the middle
// segment goes to the earliest place that still lets the others match, then
// each half's middle segment, and so on. Memory stays linear
// in the files: the placements are found by halving (Hirschberg's trick), with a
// forward and a backward sweep of sets of positions, never a table of them.

import (
	"bytes"
	"go/scanner"
	"go/token"
	"slices"
	"sort"
	"strings"
)

// Span is a blank's fill in a learner's file: from its first token to its last,
// so white space, comments and statement ends around it are not part of it.
type Span struct {
	Start, End    int    // byte offsets; an empty fill sits right after the text before it, Start == End
	Line, EndLine int    // the first and last line of the fill (1-based); an empty fill's line, twice
	Text          string // the learner's text from Start to End, comments inside it included
}

// Empty reports whether the learner wrote nothing in the blank.
func (s Span) Empty() bool { return s.Start == s.End }

// Mismatch is where a learner's file first departs from its template outside
// the blanks.
type Mismatch struct {
	Line, Col int    // in the learner's file
	Got       string // the learner's token or directive there ("" at the end of the file)
	Want      string // the template's line there, trimmed, or ""
	Directive bool   // a //go:build or other directive differs
}

// Match compares a learner's file with its template. When the file is the
// template with each blank filled, it returns one span per blank, in order, and
// a nil Mismatch; otherwise it returns where the file first departs from the
// template.
//
// Blanks next to each other with only layout between them (`___` on two lines in
// a row) act as one blank for the match: two balanced fills make one. Their fill
// is then shared out: up to a comment the template has between them, if the
// learner kept it, else up to the end of a statement, else the first gets
// nothing.
func Match(template, learner []byte) ([]Span, *Mismatch) {
	t := scan(template, true)
	l := scan(learner, false)
	if m := matchDirectives(t.dirs, l.dirs); m != nil {
		return nil, m
	}
	m := newMatcher(t.toks, l.toks)
	if f := m.check(); f != nil {
		return nil, f.describe(m, template, learner)
	}
	pos := m.place()
	spans := []Span{}
	for r := 1; r < len(m.segs); r++ {
		from, to := pos[r-1]+len(m.segs[r-1]), pos[r]
		for _, fill := range m.share(from, to, m.runs[r-1], t.comments, l.comments) {
			spans = append(spans, l.span(learner, fill[0], fill[1]))
		}
	}
	return spans, nil
}

// tok is a token of a Go file as the matcher sees it.
type tok struct {
	t         token.Token
	lit       string // for identifiers, literals and illegal characters
	off, end  int    // byte offsets of its text; equal for a semicolon at a line end
	line, col int
}

func (a tok) same(b tok) bool {
	if a.t != b.t {
		return false
	}
	switch a.t {
	case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING, token.ILLEGAL:
		return a.lit == b.lit
	}
	return true
}

func (a tok) String() string {
	if a.lit != "" && a.t != token.SEMICOLON {
		return a.lit
	}
	return a.t.String()
}

func (a tok) blank() bool { return a.t == token.IDENT && a.lit == Token }

// depthDelta is how a token changes the bracket depth.
func (a tok) depthDelta() int32 {
	switch a.t {
	case token.LPAREN, token.LBRACK, token.LBRACE:
		return 1
	case token.RPAREN, token.RBRACK, token.RBRACE:
		return -1
	}
	return 0
}

// directive is a comment the go command reads: a build constraint, a //go: or
// //line directive, or a cgo export.
type directive struct {
	text string
	line int
}

// comment is an ordinary comment, kept to share out the fill of adjacent blanks.
type comment struct {
	text string // with its white space runs made one space
	at   int    // the index of the token after it
}

// scanned is a file as the matcher reads it.
type scanned struct {
	toks     []tok
	dirs     []directive
	comments []comment
	file     *token.File
}

// scan returns src's tokens with comments set apart and separators normalised,
// so that layout does not matter: a semicolon or comma the language lets one
// omit before a closing bracket is dropped, runs of semicolons become one, and in
// a template the statement ends around a blank belong to the blank (a fill may be
// empty, or several statements).
func scan(src []byte, template bool) scanned {
	fset := token.NewFileSet()
	// Code runs at about five bytes a token, comments aside: room for that
	// many up front spares the copies of a growing slice.
	sc := scanned{file: fset.AddFile("", fset.Base(), len(src)), toks: make([]tok, 0, len(src)/5+8)}
	var s scanner.Scanner
	s.Init(sc.file, src, func(token.Position, string) {}, scanner.ScanComments)
	last := func() token.Token {
		if len(sc.toks) == 0 {
			return token.ILLEGAL
		}
		return sc.toks[len(sc.toks)-1].t
	}
	drop := func() {
		sc.toks = sc.toks[:len(sc.toks)-1]
		for k := len(sc.comments) - 1; k >= 0 && sc.comments[k].at > len(sc.toks); k-- {
			sc.comments[k].at = len(sc.toks)
		}
	}
	open := -1 // the last token, until the next item tells where its text ends
	for {
		pos, t, lit := s.Scan()
		// Line directives are followed by the scanner; the file's own lines are wanted.
		p := sc.file.PositionFor(pos, false)
		if open >= 0 && open < len(sc.toks) {
			sc.toks[open].end = textEnd(src, sc.toks[open].off, p.Offset)
		}
		open = -1
		if t == token.EOF {
			break
		}
		if t == token.COMMENT {
			if isDirective(lit) {
				sc.dirs = append(sc.dirs, directive{strings.TrimSpace(lit), p.Line})
			} else {
				sc.comments = append(sc.comments, comment{strings.Join(strings.Fields(lit), " "), len(sc.toks)})
			}
			continue
		}
		width := true
		switch t {
		case token.SEMICOLON:
			if l := last(); l == token.SEMICOLON || l == token.LBRACE || l == token.LPAREN || len(sc.toks) == 0 ||
				(template && sc.toks[len(sc.toks)-1].blank()) {
				continue
			}
			width = lit == ";" // else inserted at a line end, or the end of the file
			lit = ""
		case token.RPAREN, token.RBRACK, token.RBRACE:
			for l := last(); l == token.SEMICOLON || l == token.COMMA; l = last() {
				drop()
			}
		case token.IDENT:
			if template && lit == Token && last() == token.SEMICOLON {
				drop()
			}
		}
		sc.toks = append(sc.toks, tok{t: t, lit: lit, off: p.Offset, end: p.Offset, line: p.Line, col: p.Column})
		if width {
			open = len(sc.toks) - 1
		}
	}
	for last() == token.SEMICOLON {
		drop()
	}
	return sc
}

// textEnd is where a token starting at off ends, given where the next item
// starts: only white space lies between (comments are items of their own). It
// reads the source, as a literal's text may differ from it (the scanner drops
// carriage returns from raw strings).
func textEnd(src []byte, off, next int) int {
	next = min(max(next, off), len(src))
	for next > off+1 && isSpace(src[next-1]) {
		next--
	}
	return next
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDirective(c string) bool {
	for _, p := range []string{"//go:", "//line ", "/*line ", "//export ", "//extern ", "// +build", "//+build"} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// span is the span of the learner's tokens i to j (exclusive); an empty one sits
// right after the text before it.
func (sc scanned) span(src []byte, i, j int) Span {
	if i < j {
		start, end := sc.toks[i].off, sc.toks[j-1].end
		return Span{Start: start, End: end, Line: sc.toks[i].line, EndLine: sc.line(max(start, end-1)), Text: string(src[start:end])}
	}
	off := 0
	if i > 0 {
		off = sc.toks[i-1].end
	}
	n := sc.line(off)
	return Span{Start: off, End: off, Line: n, EndLine: n}
}

func (sc scanned) line(off int) int {
	return sc.file.PositionFor(sc.file.Pos(off), false).Line
}

// matcher places a template's segments in a learner's tokens.
type matcher struct {
	segs  [][]tok // the template cut at its blanks
	runs  [][]int // runs[r] holds the template token indexes of the blanks before segs[r+1]
	L     []tok
	depth []int32 // depth[j] is the bracket depth before L[j]
	// open marks, per depth, that a fill may still end there: open[d-base] == gen.
	open []uint32
	gen  uint32
	base int32
	n    int // depths open in the current sweep
}

func newMatcher(T, L []tok) *matcher {
	m := &matcher{L: L, depth: make([]int32, len(L)+1)}
	// Adjacent blanks act as one: two balanced fills make one balanced fill.
	from := 0
	for i, t := range T {
		if !t.blank() {
			continue
		}
		if i == 0 || !T[i-1].blank() {
			m.segs = append(m.segs, T[from:i])
			m.runs = append(m.runs, nil)
		}
		m.runs[len(m.runs)-1] = append(m.runs[len(m.runs)-1], i)
		from = i + 1
	}
	m.segs = append(m.segs, T[from:])
	lo, hi := int32(0), int32(0)
	for i, t := range L {
		m.depth[i+1] = m.depth[i] + t.depthDelta()
		lo, hi = min(lo, m.depth[i+1]), max(hi, m.depth[i+1])
	}
	m.base = lo
	m.open = make([]uint32, hi-lo+1)
	return m
}

// matched is how many tokens of segment s match at learner token j, reading no
// further than hi.
func (m *matcher) matched(s, j, hi int) int {
	seg := m.segs[s]
	k := 0
	for k < len(seg) && j+k < hi && seg[k].same(m.L[j+k]) {
		k++
	}
	return k
}

func (m *matcher) sweep() { m.gen++; m.n = 0 }

func (m *matcher) isOpen(j int) bool { return m.open[m.depth[j]-m.base] == m.gen }

func (m *matcher) setOpen(j int) {
	if d := m.depth[j] - m.base; m.open[d] != m.gen {
		m.open[d] = m.gen
		m.n++
	}
}

func (m *matcher) shut(j int) {
	if d := m.depth[j] - m.base; m.open[d] == m.gen {
		m.open[d] = 0
		m.n--
	}
}

// forward returns, in order, the places p where segment s matches (ending by
// hi, or at hi if mustEnd) after a balanced fill that starts at one of the
// sorted places from. A fill starting at i may end at any j ≥ i at the
// same depth with the depth never below it in between, so one sweep keeps, per
// depth, whether some fill start is still open there. note, if not nil, hears
// of every place tried and how far the segment matched there.
func (m *matcher) forward(s int, from []int, hi int, mustEnd bool, note func(j, k int, ok bool)) []int {
	if len(from) == 0 {
		return nil
	}
	var out []int
	m.sweep()
	next := 0
	for j := from[0]; j <= hi; j++ {
		if next < len(from) && from[next] == j {
			m.setOpen(j)
			next++
		}
		if m.n == 0 && next == len(from) {
			break
		}
		if m.isOpen(j) {
			k := m.matched(s, j, hi)
			ok := k == len(m.segs[s]) && (!mustEnd || j+k == hi)
			if note != nil {
				note(j, k, ok)
			}
			if ok {
				out = append(out, j)
			}
		}
		if j < hi && m.L[j].depthDelta() < 0 {
			m.shut(j)
		}
	}
	return out
}

// backward returns, in order, the places p ≥ lo where segment s matches and is
// followed by a balanced fill that ends at one of the sorted places to: forward,
// swept from the end.
func (m *matcher) backward(s int, to []int, lo int) []int {
	if len(to) == 0 {
		return nil
	}
	var out []int
	m.sweep()
	next := len(to) - 1
	size := len(m.segs[s])
	for j := to[next]; j >= lo; j-- {
		if next >= 0 && to[next] == j {
			m.setOpen(j)
			next--
		}
		if m.n == 0 && next < 0 {
			break
		}
		if p := j - size; p >= lo && m.isOpen(j) && m.matched(s, p, j) == size {
			out = append(out, p)
		}
		if j > lo && m.L[j-1].depthDelta() > 0 {
			m.shut(j)
		}
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// failure is where the attempt that got furthest through the template stopped:
// segment s, k of whose tokens matched at learner token j.
type failure struct{ s, k, j int }

// check matches the whole file, segment by segment, keeping only the places
// each segment may end at. It returns nil when the file matches.
func (m *matcher) check() *failure {
	// Among attempts that matched nothing the last one is kept (the fill
	// before it could take no more), else the first.
	best := failure{s: -1}
	s := 0
	note := func(j, k int, ok bool) {
		if !ok && (s > best.s || s == best.s && (k > best.k || k == 0 && best.k == 0)) {
			best = failure{s, k, j}
		}
	}
	last := len(m.segs) - 1
	N := len(m.L)
	if m.matched(0, 0, N) != len(m.segs[0]) || last == 0 && len(m.segs[0]) != N {
		note(0, m.matched(0, 0, N), false)
		return &best
	}
	reach := []int{len(m.segs[0])}
	for s = 1; s <= last; s++ {
		at := m.forward(s, reach, N, s == last, note)
		if len(at) == 0 {
			return &best
		}
		for i := range at {
			at[i] += len(m.segs[s])
		}
		reach = at
	}
	return nil
}

// place returns where each segment starts in a file that matches: the first at
// the start, the last at the end, and each one between at the earliest place
// that still lets the others match. It halves the segments between two placed
// ones: a forward sweep gives where the middle one may start after the first, a
// backward sweep where it may start before the second, and both must hold.
func (m *matcher) place() []int {
	last := len(m.segs) - 1
	pos := make([]int, last+1)
	pos[last] = len(m.L) - len(m.segs[last])
	var between func(a, b int)
	between = func(a, b int) {
		if b-a < 2 {
			return
		}
		mid := (a + b) / 2
		lo, hi := pos[a]+len(m.segs[a]), pos[b]
		reach := []int{lo}
		var after []int
		for s := a + 1; s <= mid; s++ {
			after = m.forward(s, reach, hi, false, nil)
			reach = make([]int, len(after))
			for i, p := range after {
				reach[i] = p + len(m.segs[s])
			}
		}
		before := []int{hi}
		for s := b - 1; s >= mid; s-- {
			before = m.backward(s, before, lo)
		}
		// The file matches, so some place is in both; lo keeps the spans in
		// order if that ever failed.
		pos[mid] = lo
		for i, k := 0, 0; i < len(after) && k < len(before); {
			if after[i] == before[k] {
				pos[mid] = after[i]
				break
			}
			if after[i] < before[k] {
				i++
			} else {
				k++
			}
		}
		between(a, mid)
		between(mid, b)
	}
	between(0, last)
	return pos
}

// share cuts the learner tokens from to to, the fill of a run of adjacent
// blanks (template token indexes blanks), into one fill per blank, as token
// index pairs. The statement ends around a fill are not part of it.
func (m *matcher) share(from, to int, blanks []int, tcom, lcom []comment) [][2]int {
	out := make([][2]int, len(blanks))
	top := m.depth[from]
	a := from
	for n := range blanks {
		for a < to && m.L[a].t == token.SEMICOLON {
			a++
		}
		cut, next := to, to
		if n < len(blanks)-1 {
			cut, next = m.cut(a, to, top, anchors(tcom, blanks[n]+1), lcom)
		}
		b := cut
		for b > a && m.L[b-1].t == token.SEMICOLON {
			b--
		}
		out[n] = [2]int{a, b}
		a = next
	}
	return out
}

// anchors returns the texts of the template's comments before its token at.
func anchors(cs []comment, at int) []string {
	i := sort.Search(len(cs), func(i int) bool { return cs[i].at >= at })
	var out []string
	for ; i < len(cs) && cs[i].at == at; i++ {
		out = append(out, cs[i].text)
	}
	return out
}

// cut finds where a blank's share of the tokens from a to to ends (cut) and the
// next one's begins (next): at the first comment the template has after the
// blank, if the learner kept it; else after the first statement; else at a, the
// blank getting nothing. Only what is at the fill's own depth (top) counts.
func (m *matcher) cut(a, to int, top int32, anchors []string, lcom []comment) (cut, next int) {
	if len(anchors) > 0 {
		for i := sort.Search(len(lcom), func(i int) bool { return lcom[i].at >= a }); i < len(lcom) && lcom[i].at <= to; i++ {
			c := lcom[i]
			if m.depth[c.at] == top && slices.Contains(anchors, c.text) {
				return c.at, c.at
			}
		}
	}
	// A semicolon in the header of an if, for or switch does not end a statement.
	header := false
	for j := a; j < to; j++ {
		if m.depth[j] != top {
			continue
		}
		switch m.L[j].t {
		case token.IF, token.FOR, token.SWITCH:
			header = true
		case token.LBRACE:
			header = false
		case token.SEMICOLON:
			if !header {
				return j, j + 1
			}
		}
	}
	return a, a
}

// describe turns the furthest attempt into a Mismatch.
func (f *failure) describe(m *matcher, template, learner []byte) *Mismatch {
	L := m.L
	far := f.j + f.k
	for far < len(L) && L[far].t == token.SEMICOLON {
		far++
	}
	mm := &Mismatch{}
	if far >= 0 && far < len(L) {
		mm.Line, mm.Col, mm.Got = L[far].line, L[far].col, L[far].String()
	} else {
		mm.Line = bytes.Count(learner, []byte("\n")) + 1
	}
	if seg := m.segs[f.s]; f.k < len(seg) {
		mm.Want = strings.TrimSpace(Line(template, seg[f.k].line))
	}
	return mm
}

// matchDirectives requires the learner's file to carry the template's directives,
// in order, and no others: a build constraint is a comment that can hide the file.
func matchDirectives(t, l []directive) *Mismatch {
	for i := range max(len(t), len(l)) {
		switch {
		case i >= len(l):
			return &Mismatch{Line: 1, Directive: true, Want: t[i].text}
		case i >= len(t) || t[i].text != l[i].text:
			m := &Mismatch{Line: l[i].line, Col: 1, Got: l[i].text, Directive: true}
			if i < len(t) {
				m.Want = t[i].text
			}
			return m
		}
	}
	return nil
}
