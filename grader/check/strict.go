package check

// Strict grading, for classrooms: the grade must come from the learner's blank
// fills alone. Everything else an exercise is built from — its tests, helpers,
// metadata and the module's go.mod — is taken from the canonical copy through the
// overlay, whatever the learner's tree holds; files the course does not ship are
// hidden from the build; and the learner's file must be the shipped template with
// only its blanks filled.

import (
	"fmt"
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

// mismatch is where a learner's file first departs from its template outside
// the blanks, as strict grading tells the learner.
type mismatch struct{ *blanks.Mismatch }

// matchTemplate returns nil when learner is template with its blanks filled,
// else where they first differ.
func matchTemplate(template, learner []byte) *mismatch {
	if _, m := blanks.Match(template, learner); m != nil {
		return &mismatch{m}
	}
	return nil
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
