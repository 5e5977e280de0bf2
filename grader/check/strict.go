package check

// Strict grading, for classrooms: the grade must come from the learner's blank
// fills alone. Everything else an exercise is built from — its tests, helpers,
// metadata and the module's go.mod — is taken from the canonical copy through the
// overlay, whatever the learner's tree holds; files the course does not ship are
// hidden from the build; and the learner's file must be the shipped template with
// only its blanks filled.

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
)

// strictState is what strict grading loads once per run.
type strictState struct {
	loaded bool
	course *course.Course // the canonical course, nil if it does not load
	err    error
}

// strict is modified's counterpart under Options.Strict. It reports tampering
// with the exercise's own codes, points the overlay at the canonical files, and
// returns true when the exercise must not run at all (the learner's file is not
// the template filled in).
func (g *grading) strict(u Unit, ex *report.Exercise) bool {
	ce, err := g.canonicalExercise(u.Exercise)
	if err != nil {
		ex.Status = report.Error
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.GraderError), Severity: diag.Error, File: ex.Dir,
			Message: "strict grading cannot check this exercise: " + err.Error(),
			Hint:    "grade it without --strict, or with a gilgrade that ships this course"})
		return true
	}
	ex.MaxScore = ce.Points
	overlay := maps.Clone(g.o.Overlay)
	if overlay == nil {
		overlay = map[string][]byte{}
	}
	var ds []diag.Diagnostic
	modified := func(local string) {
		ds = append(ds, diag.Diagnostic{Code: string(diag.Modified), Severity: diag.Error, File: g.rel(local),
			Message: "this file is part of the course, not of your answer, and it differs from the copy gilgrade ships: the shipped copy was graded instead and the exercise scores zero",
			Hint:    fmt.Sprintf("run `gilgrade reset %s` to restore the course's files (your own file is kept as a backup)", ce.ID)})
	}

	// The course's own files: always the canonical copy.
	files, shipped, _ := g.courseFiles(ce, u.Dir)
	for _, f := range files {
		if f.changed {
			modified(f.local)
		}
		overlay[f.local] = f.want
	}

	// Files the course does not ship: hidden from the build.
	if local, err := os.ReadDir(u.Dir); err == nil {
		for _, e := range local {
			name := e.Name()
			if e.IsDir() || shipped[name] || slices.Contains(ce.Files, name) || !buildRelevant(name) {
				continue
			}
			full := filepath.Join(u.Dir, name)
			overlay[full] = nil // deleted, for the go command
			if strings.HasSuffix(name, ".go") {
				// Ignored as surely, and still a Go file for the analyzers'
				// loader, which has no notion of a deleted file.
				overlay[full] = []byte("//go:build ignore\n\npackage ignored\n")
			}
			ds = append(ds, diag.Diagnostic{Code: string(diag.ExtraFile), Severity: diag.Error, File: g.rel(full),
				Message: fmt.Sprintf("`%s` is not part of the exercise: strict grading leaves it out of the build and the exercise scores zero", name),
				Hint:    "delete it or move it out of the exercise folder: only the blanks of the exercise file are graded"})
		}
	}

	// The learner's files: the template with the blanks filled, nothing else.
	edited := false
	for _, f := range ce.Files {
		local := filepath.Join(u.Dir, f)
		tmpl, err := fs.ReadFile(g.o.Canonical, path.Join(ce.Dir, f))
		if err != nil {
			continue
		}
		have, err := g.read(local)
		if err != nil {
			continue // unfilled has reported it
		}
		if m := matchTemplate(tmpl, have); m != nil {
			edited = true
			d := diag.Diagnostic{Code: string(diag.EditOutsideBlank), Severity: diag.Error, File: g.rel(local), Line: m.Line, Col: m.Col,
				Source:  strings.TrimSpace(blanks.Line(have, m.Line)),
				Message: m.message(),
				Hint:    fmt.Sprintf("only the `___` blanks are yours to fill: put the rest back as shipped (`gilgrade reset %s` restores the file and keeps yours as a backup)", ce.ID)}
			if m.Want != "" {
				d.Details = append(d.Details, "the exercise has here: "+m.Want)
			}
			ds = append(ds, d)
			continue
		}
		overlay[local] = have // grade exactly what was checked
	}

	g.o.Overlay = overlay
	ex.Diagnostics = append(ex.Diagnostics, ds...)
	if len(ds) > 0 {
		ex.Status = report.Failed
	}
	return edited
}

// canonicalExercise finds the shipped exercise in the same directory.
func (g *grading) canonicalExercise(e *course.Exercise) (*course.Exercise, error) {
	s := &g.canon
	if !s.loaded {
		s.loaded = true
		if g.o.Canonical == nil {
			s.err = fmt.Errorf("gilgrade has no canonical copy of the course to compare with")
		} else if s.course, s.err = course.LoadFS(g.o.Canonical); s.err != nil {
			s.err = fmt.Errorf("the canonical course does not load: %w", s.err)
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	for _, ce := range s.course.Exercises {
		if ce.Dir == e.Dir {
			return ce, nil
		}
	}
	return nil, fmt.Errorf("%s is not an exercise of the course gilgrade ships", e.Dir)
}

// buildRelevant reports whether the go command would read a file of this name as
// part of a package or module. Names starting with . or _ are ignored by go (and
// are what editors leave behind).
func buildRelevant(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return false
	}
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	switch path.Ext(name) {
	case ".go", ".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx",
		".m", ".f", ".F", ".for", ".f90", ".swig", ".swigcxx", ".syso":
		return true
	}
	return false
}

// modNormalize reduces a go.mod to what the go command reads, as modfile
// parses it: no comments, no blank lines, canonical spacing. A go.mod that does
// not parse is returned as it is, so it differs from the course's.
func modNormalize(b []byte) []byte {
	f, err := modfile.ParseLax("go.mod", b, nil)
	if err != nil {
		return b
	}
	for _, st := range f.Syntax.Stmt {
		*st.Comment() = modfile.Comments{}
		if blk, ok := st.(*modfile.LineBlock); ok {
			blk.RParen.Comments = modfile.Comments{}
			for _, l := range blk.Line {
				l.Comments = modfile.Comments{}
			}
		}
	}
	f.Syntax.Comments = modfile.Comments{}
	return modfile.Format(f.Syntax)
}

// mismatch is where a learner's file first departs from its template outside the
// blanks.
type mismatch struct {
	Line, Col int    // in the learner's file
	Got       string // the learner's token or directive there ("" at the end of the file)
	Want      string // the template's line there, trimmed, or ""
	Directive bool   // a //go:build or other directive differs
}

func (m *mismatch) message() string {
	switch {
	case m.Directive && m.Got != "":
		return fmt.Sprintf("line %d adds the directive `%s`, which is not in the exercise: a directive such as a build constraint changes how the file is built, so it counts as an edit outside the blanks and the exercise scores zero", m.Line, m.Got)
	case m.Directive:
		return fmt.Sprintf("a directive of the exercise is missing or changed near line %d: it counts as an edit outside the blanks and the exercise scores zero", m.Line)
	case m.Got == "":
		return "the file ends before the exercise does: code outside the blanks was removed, so the exercise scores zero"
	}
	return fmt.Sprintf("line %d was changed outside the blanks (at `%s`): under strict grading only the `___` blanks may change, so the exercise scores zero", m.Line, m.Got)
}

// tok is a token of a Go file as the matcher sees it.
type tok struct {
	t         token.Token
	lit       string // for identifiers, literals and illegal characters
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

func (a tok) blank() bool { return a.t == token.IDENT && a.lit == blanks.Token }

// depthDelta is how a token changes the bracket depth.
func (a tok) depthDelta() int {
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

// tokens returns src's tokens with comments dropped and separators normalised,
// so that layout does not matter: a semicolon or comma the language lets one
// omit before a closing bracket is dropped, runs of semicolons become one, and in
// a template the statement ends around a blank belong to the blank (a fill may be
// empty, or several statements).
func tokens(src []byte, template bool) ([]tok, []directive) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, scanner.ScanComments)
	var out []tok
	var dirs []directive
	last := func() token.Token {
		if len(out) == 0 {
			return token.ILLEGAL
		}
		return out[len(out)-1].t
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		p := file.Position(pos)
		if t == token.COMMENT {
			if isDirective(lit) {
				dirs = append(dirs, directive{strings.TrimSpace(lit), p.Line})
			}
			continue
		}
		switch t {
		case token.SEMICOLON:
			if l := last(); l == token.SEMICOLON || l == token.LBRACE || l == token.LPAREN || len(out) == 0 ||
				(template && out[len(out)-1].blank()) {
				continue
			}
			lit = ""
		case token.RPAREN, token.RBRACK, token.RBRACE:
			for l := last(); l == token.SEMICOLON || l == token.COMMA; l = last() {
				out = out[:len(out)-1]
			}
		case token.IDENT:
			if template && lit == blanks.Token && last() == token.SEMICOLON {
				out = out[:len(out)-1]
			}
		}
		out = append(out, tok{t: t, lit: lit, line: p.Line, col: p.Column})
	}
	for last() == token.SEMICOLON {
		out = out[:len(out)-1]
	}
	return out, dirs
}

func isDirective(c string) bool {
	for _, p := range []string{"//go:", "//line ", "/*line ", "//export ", "//extern ", "// +build", "//+build"} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// matchTemplate returns nil when learner is template with each blank replaced by
// some token sequence, comments and layout aside; else where they first differ.
// A blank's fill must keep brackets balanced, so it cannot close the code around
// it and open new declarations.
func matchTemplate(template, learner []byte) *mismatch {
	T, tdirs := tokens(template, true)
	L, ldirs := tokens(learner, false)
	if m := matchDirectives(tdirs, ldirs); m != nil {
		return m
	}
	// Split the template into fixed segments around the blanks. Adjacent blanks
	// act as one: two balanced fills make one balanced fill.
	segs := [][]tok{nil}
	for i, t := range T {
		if t.blank() {
			if i == 0 || !T[i-1].blank() {
				segs = append(segs, nil)
			}
			continue
		}
		segs[len(segs)-1] = append(segs[len(segs)-1], t)
	}
	depth := make([]int, len(L)+1)
	for i, t := range L {
		depth[i+1] = depth[i] + t.depthDelta()
	}

	// The attempt that got furthest through the template is where the learner's
	// file departs from it: the segment s, k of whose tokens matched at learner
	// token j. Among attempts that matched nothing the last one is kept (the fill
	// before it could take no more), else the first.
	bestS, bestK, bestJ := -1, 0, 0
	try := func(s, j int, mustEnd bool) bool {
		seg := segs[s]
		k := 0
		for k < len(seg) && j+k < len(L) && seg[k].same(L[j+k]) {
			k++
		}
		ok := k == len(seg) && (!mustEnd || j+k == len(L))
		if !ok && (s > bestS || s == bestS && (k > bestK || k == 0 && bestK == 0)) {
			bestS, bestK, bestJ = s, k, j
		}
		return ok
	}
	fail := func() *mismatch {
		far := bestJ + bestK
		for far < len(L) && L[far].t == token.SEMICOLON {
			far++
		}
		return mismatchAt(far, segs[bestS], bestK, L, template, learner)
	}

	last := len(segs) - 1
	if !try(0, 0, last == 0) {
		return fail()
	}
	reach := map[int]bool{len(segs[0]): true}
	for s := 1; s <= last; s++ {
		// A blank starting at i may end at any j ≥ i at the same depth with the
		// depth never below it in between. One sweep keeps, per depth, whether
		// some blank start is still open there.
		next := map[int]bool{}
		open := map[int]bool{}
		for j := 0; j <= len(L); j++ {
			if reach[j] {
				open[depth[j]] = true
			}
			if open[depth[j]] && try(s, j, s == last) {
				next[j+len(segs[s])] = true
			}
			if j < len(L) && L[j].depthDelta() < 0 {
				delete(open, depth[j])
			}
		}
		if len(next) == 0 {
			return fail()
		}
		reach = next
	}
	return nil
}

// mismatchAt describes the failure at learner token far, where segment seg had
// matched its first k tokens.
func mismatchAt(far int, seg []tok, k int, L []tok, template, learner []byte) *mismatch {
	m := &mismatch{}
	if far >= 0 && far < len(L) {
		m.Line, m.Col, m.Got = L[far].line, L[far].col, L[far].String()
	} else {
		m.Line = bytes.Count(learner, []byte("\n")) + 1
	}
	if k < len(seg) {
		m.Want = strings.TrimSpace(blanks.Line(template, seg[k].line))
	}
	return m
}

// matchDirectives requires the learner's file to carry the template's directives,
// in order, and no others: a build constraint is a comment that can hide the file.
func matchDirectives(t, l []directive) *mismatch {
	for i := range max(len(t), len(l)) {
		switch {
		case i >= len(l):
			return &mismatch{Line: 1, Directive: true, Want: t[i].text}
		case i >= len(t) || t[i].text != l[i].text:
			m := &mismatch{Line: l[i].line, Col: 1, Got: l[i].text, Directive: true}
			if i < len(t) {
				m.Want = t[i].text
			}
			return m
		}
	}
	return nil
}
