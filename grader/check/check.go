// Package check is gilgrade's grading pipeline. For each exercise it finds blanks
// left unfilled, makes sure the course's own files are intact, builds and runs the
// tests under the race detector, runs the static analyzers, and turns all of it
// into one verdict with diagnoses at the learner's lines.
package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/modfile"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bounded"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/lint"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/testjson"
	"github.com/gilgrade/gilgrade/grader/testoutput"
	"github.com/gilgrade/gilgrade/grader/timeline"
)

// Options says how to grade.
type Options struct {
	Race    bool // run the tests under the race detector
	Analyze bool // run the static analyzers
	// Notify receives progress remarks for a person watching (a cold build cache).
	Notify func(string)
	// Overlay maps absolute paths to the contents to grade instead of the file on
	// disk; nothing on disk is written.
	Overlay map[string][]byte
	// Canonical is the course as shipped (its root is the course root). Files
	// other than the learner's that differ from it are reported. Nil skips it.
	Canonical fs.FS
	// Parallel is go test's -p; 0 leaves go's default.
	Parallel int
	// Strict grades only the learner's blank fills: every other file comes from
	// Canonical, extra files are left out, and edits outside the blanks score
	// zero (see strict.go).
	Strict bool
	// Templates holds the learner files as shipped, with their blanks, at their
	// Exercise.Dir (like Canonical, which stands in when it is nil): advice about
	// lines the learner did not write is left out. Nil keeps every finding.
	Templates fs.FS
	// Answers, when not "", is the folder of the learner's quiz answers files,
	// one ID.toml a quiz: each of Quizzes is graded from its file and counted
	// into the total, a quiz without one as 0 of its points, so the maximum
	// never depends on which files are there.
	Answers string
	Quizzes []*quiz.Quiz
	// NoKey tells the learner what to do when a quiz carries no key to grade
	// its answers with.
	NoKey string
}

// Unit is one exercise package to grade.
type Unit struct {
	Exercise *course.Exercise
	Dir      string // absolute package directory
}

// Target is a set of exercise packages in one module.
type Target struct {
	Root   string // absolute; reported file paths are relative to it
	Module string // absolute directory of the exercises module
	Units  []Unit
}

// ForCourse returns the target for some exercises of a course on disk.
func ForCourse(c *course.Course, exs []*course.Exercise) Target {
	t := Target{Root: c.Root, Module: filepath.Join(c.Root, course.ExercisesDir)}
	for _, e := range exs {
		t.Units = append(t.Units, Unit{Exercise: e, Dir: filepath.Join(c.Root, filepath.FromSlash(e.Dir))})
	}
	return t
}

// Run grades the target. The error is for the grader's own failures (the go
// command could not run at all); everything about the learner's code is in the
// report.
func Run(ctx context.Context, t Target, o Options) (*report.Report, error) {
	rep := report.New()
	rep.RaceChecked = o.Race
	if !o.Race {
		rep.Notes = append(rep.Notes, "the race detector did not run (--no-race): data races went unchecked")
	}
	g := &grading{t: t, o: o, results: make([]*report.Exercise, len(t.Units))}
	var runnable []int
	for i, u := range t.Units {
		ex := g.newExercise(u)
		g.results[i] = ex
		if g.unfilled(u, ex) || g.modified(u, ex) {
			continue
		}
		runnable = append(runnable, i)
	}
	if len(runnable) > 0 {
		if err := g.runTests(ctx, runnable); err != nil {
			return nil, err
		}
	}
	for _, ex := range g.results {
		order(ex)
		rep.Exercises = append(rep.Exercises, *ex)
	}
	rep.Notes = append(rep.Notes, g.notes...)
	if o.Answers != "" {
		gradeQuizzes(rep, o)
	}
	rep.Total()
	return rep, nil
}

// gradeQuizzes adds each quiz of o to the report, graded from its answers file
// in o.Answers, with a note for each quiz that could not be graded.
func gradeQuizzes(rep *report.Report, o Options) {
	graded := quiz.GradeDir(o.Answers, o.Quizzes)
	rep.Quizzes = append(rep.Quizzes, graded.Quizzes...)
	rep.Notes = append(rep.Notes, graded.Notes...)
	dir := filepath.Base(o.Answers)
	for _, id := range graded.NoKey {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s/%s.toml was not graded: %s", dir, id, o.NoKey))
	}
	if missing := graded.Missing; len(missing) > 0 {
		what, scores, until := "quizzes", "score", "they have one"
		if len(missing) == 1 {
			what, scores, until = "quiz", "scores", "it has one"
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("no answers file for the %s %s, which %s 0 until %s: `gilgrade quiz template %s -o %s/%s.toml` writes one to fill in",
			what, strings.Join(missing, ", "), scores, until, missing[0], dir, missing[0]))
	}
}

type grading struct {
	t       Target
	o       Options
	results []*report.Exercise
	notes   []string
	canon   strictState
	// overlaid maps each temporary file of the -overlay to the file it stands
	// for, so that build errors name the learner's file, not the copy.
	overlaid *strings.Replacer
}

func (g *grading) newExercise(u Unit) *report.Exercise {
	e := u.Exercise
	ex := &report.Exercise{ID: e.ID, Slug: e.Slug, Title: e.Title, MaxScore: e.Points,
		RaceChecked: g.o.Race, Tests: []report.Test{}, Diagnostics: []diag.Diagnostic{},
		Dir: g.rel(u.Dir)}
	for _, f := range e.Files {
		ex.Files = append(ex.Files, g.rel(filepath.Join(u.Dir, f)))
	}
	return ex
}

// read returns a file's contents as graded: from the overlay, else from disk.
func (g *grading) read(name string) ([]byte, error) {
	if b, ok := g.o.Overlay[name]; ok {
		return b, nil
	}
	return os.ReadFile(name)
}

// rel makes an absolute path relative to the course root, slash-separated.
func (g *grading) rel(name string) string {
	if r, err := filepath.Rel(g.t.Root, name); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(name)
}

// MaxLearnerFile bounds an exercise file: a real answer is a few kilobytes, and a
// larger file is refused before anything reads it whole.
const MaxLearnerFile = 1 << 20

// maxBlankDiagnoses is how many blanks of one file are listed; the rest are counted.
const maxBlankDiagnoses = 5

// unfilled reports the blanks left in the learner's files.
func (g *grading) unfilled(u Unit, ex *report.Exercise) bool {
	n := 0
	for _, f := range u.Exercise.Files {
		name := filepath.Join(u.Dir, f)
		src, err := g.readLearner(name)
		if errors.Is(err, errTooLarge) {
			ex.Status = report.Failed
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.TooLarge), Severity: diag.Error,
				File: g.rel(name), Message: fmt.Sprintf("this file is larger than %d KiB, so gilgrade does not grade it", MaxLearnerFile>>10),
				Hint: fmt.Sprintf("an answer fills a few blanks: start again from the shipped file with `gilgrade reset %s` (yours is kept as a backup)", u.Exercise.ID)})
			return true
		}
		if err != nil {
			ex.Status = report.Error
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.GraderError), Severity: diag.Error,
				File: g.rel(name), Message: fmt.Sprintf("cannot read your file: %v", err),
				Hint: fmt.Sprintf("restore it with `gilgrade reset %s`", u.Exercise.ID)})
			return true
		}
		found := blanks.Scan(src)
		for i, b := range found {
			n++
			if i == maxBlankDiagnoses {
				ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.Unfilled), Severity: diag.Error,
					File: g.rel(name), Line: b.Line, Col: b.Col,
					Source:  fmt.Sprintf("(and %d more blanks from here on)", len(found)-i),
					Message: fmt.Sprintf("%d more blanks are still `___`, the first of them here", len(found)-i),
					Hint:    "fill the blanks above first: each one is a small step"})
			}
			if i >= maxBlankDiagnoses {
				continue
			}
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.Unfilled), Severity: diag.Error,
				File: g.rel(name), Line: b.Line, Col: b.Col, Source: sourceLine(src, b.Line),
				Message: fmt.Sprintf("blank %d is still `___`", n),
				Hint:    fmt.Sprintf("replace each `___` with Go code; the comment at the top of the file explains the idea, and `gilgrade hint %s` gives a nudge", u.Exercise.ID)})
		}
	}
	ex.BlanksLeft = n
	if n > 0 {
		ex.Status = report.Unfilled
	}
	return n > 0
}

var errTooLarge = errors.New("file too large")

// readLearner reads a learner's file, refusing one over MaxLearnerFile before
// reading it.
func (g *grading) readLearner(name string) ([]byte, error) {
	if b, ok := g.o.Overlay[name]; ok {
		if len(b) > MaxLearnerFile {
			return nil, errTooLarge
		}
		return b, nil
	}
	b, err := bounded.ReadFile(name, MaxLearnerFile)
	if errors.Is(err, bounded.ErrTooLarge) {
		return nil, errTooLarge
	}
	return b, err
}

// maxSource bounds the learner's line quoted in a diagnosis.
const maxSource = 200

// sourceLine returns a line of src for display, trimmed and cut to maxSource bytes.
func sourceLine(src []byte, line int) string {
	s := strings.TrimSpace(blanks.Line(src, line))
	if len(s) > maxSource {
		cut := maxSource
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// modified reports course files (tests, helpers, go.mod) that differ from the
// canonical copy: grading edited tests would grade nothing.
func (g *grading) modified(u Unit, ex *report.Exercise) bool {
	if g.o.Strict {
		return g.strict(u, ex)
	}
	if g.o.Canonical == nil {
		return false
	}
	files, _, ok := g.courseFiles(u.Exercise, u.Dir)
	if !ok {
		return false // not a shipped exercise: nothing to compare with
	}
	changed := false
	for _, f := range files {
		if f.changed {
			changed = true
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.Modified), Severity: diag.Error, File: g.rel(f.local),
				Message: "this file is part of the course, not of your answer, and it differs from the copy gilgrade ships",
				Hint:    fmt.Sprintf("run `gilgrade reset %s` to restore the course's files (your own file is kept as a backup)", u.Exercise.ID)})
		}
	}
	if changed {
		ex.Status = report.Failed
	}
	return changed
}

// courseFile is a file the course ships beside the learner's (a test, a helper,
// the module's go.mod), compared with the copy being graded.
type courseFile struct {
	local   string // absolute path in the graded tree
	want    []byte // as shipped
	changed bool   // the graded copy differs from it, or is missing
}

// courseFiles compares the shipped non-learner files of an exercise, and the
// module's go.mod, with the copies in dir. It also returns the names the course
// ships in the exercise folder; ok is false when the exercise is not shipped.
func (g *grading) courseFiles(e *course.Exercise, dir string) (files []courseFile, shipped map[string]bool, ok bool) {
	entries, err := fs.ReadDir(g.o.Canonical, e.Dir)
	ok = err == nil
	shipped = map[string]bool{}
	add := func(canonical, local string, same func(a, b []byte) bool) {
		want, err := fs.ReadFile(g.o.Canonical, canonical)
		if err != nil {
			return
		}
		have, err := g.read(local)
		files = append(files, courseFile{local: local, want: want, changed: err != nil || !same(have, want)})
	}
	textSame := func(a, b []byte) bool { return bytes.Equal(normalize(a), normalize(b)) }
	for _, en := range entries {
		shipped[en.Name()] = true
		if !en.IsDir() && !slices.Contains(e.Files, en.Name()) {
			add(path.Join(e.Dir, en.Name()), filepath.Join(dir, en.Name()), textSame)
		}
	}
	add(path.Join(course.ExercisesDir, "go.mod"), filepath.Join(g.t.Module, "go.mod"),
		func(a, b []byte) bool { return bytes.Equal(modNormalize(a), modNormalize(b)) })
	return files, shipped, ok
}

// normalize makes line endings irrelevant, as git on Windows may change them.
func normalize(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

// runTests builds every runnable exercise's test binary in one go command and
// runs each on its own (see gotest.Run), with the static analyzers running
// alongside. Each exercise is graded from its own run alone: another exercise's
// flood, goroutine bomb, hang or crash cannot change it.
func (g *grading) runTests(ctx context.Context, idx []int) error {
	var (
		patterns []string
		pkgs     []gotest.Package
	)
	timeout := time.Duration(0)
	modPath := g.modulePath()
	for _, i := range idx {
		u := g.t.Units[i]
		rel, err := filepath.Rel(g.t.Module, u.Dir)
		if err != nil {
			return err
		}
		patterns = append(patterns, "./"+filepath.ToSlash(rel))
		// Each test binary runs with its own exercise's timeout, as when the
		// exercise is checked alone.
		pkgs = append(pkgs, gotest.Package{ImportPath: path.Join(modPath, filepath.ToSlash(rel)), Dir: u.Dir,
			Timeout: u.Exercise.Timeout})
		timeout = max(timeout, u.Exercise.Timeout)
	}
	// Under grade the overlay's files go where the test programs cannot see
	// them (they run while other exercises still build from it).
	hide, tmp := g.hide(), ""
	if hide != nil {
		tmp = hide.Over
	}
	overlay, replaced, cleanup, err := writeOverlay(g.o.Overlay, tmp)
	if err != nil {
		return err
	}
	defer cleanup()
	var pairs []string
	for name, tmp := range replaced {
		if tmp != "" {
			pairs = append(pairs, tmp, name)
		}
	}
	g.overlaid = strings.NewReplacer(pairs...)

	var (
		wg       sync.WaitGroup
		lintDiag []diag.Diagnostic
		lintErr  error
	)
	if g.o.Analyze {
		wg.Go(func() {
			lintDiag, lintErr = lint.Run(ctx, g.t.Module, patterns, lint.Options{Overlay: g.o.Overlay, Root: g.t.Root, TempDir: tmp})
		})
	}
	results, err := gotest.Run(ctx, gotest.Options{
		Dir: g.t.Module, Packages: pkgs, Race: g.o.Race, Timeout: timeout, Overlay: overlay,
		Parallel: g.o.Parallel, Hide: hide,
		// Strict grading is how a class is graded: with -trimpath, whatever
		// folder each workspace is copied to, its files compile once for all
		// the workspaces (and later runs) that hold the same; and without
		// the debug information no one reads.
		TrimPath: g.o.Strict, NoDWARF: g.o.Strict,
		SlowBuild: func() {
			if g.o.Notify != nil {
				note := "still building the exercises…"
				if g.o.Race {
					note = "still building… (on a new machine the first check also builds the race-enabled standard library once: up to a minute; later checks take a second or two)"
				}
				g.o.Notify(note)
			}
		},
	})
	wg.Wait()
	if err != nil {
		return err
	}
	if lintErr != nil {
		g.notes = append(g.notes, "the static analyzers could not run: "+lintErr.Error())
	}
	for k, i := range idx {
		u := g.t.Units[i]
		res := results[pkgs[k].ImportPath]
		pkg := findPackage(res.Stream, pkgs[k].ImportPath)
		ex := g.results[i]
		g.fromRun(u, ex, pkg, res, u.Exercise.Timeout)
		g.memoryLimit(ex, res)
		g.addStatic(u, ex, lintDiag)
		g.verdict(u, ex)
	}
	return nil
}

// hide returns what the test programs must not see when `grade` runs this check
// (it names the folder of every submission's copy in sandbox.HideEnv): the other
// copies, and the build cache, which later checks trust, only readable.
func (g *grading) hide() *sandbox.Hide {
	batch := os.Getenv(sandbox.HideEnv)
	if batch == "" {
		return nil
	}
	if rel, err := filepath.Rel(batch, g.t.Root); err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	h := &sandbox.Hide{Over: batch, Keep: g.t.Root}
	cache := os.Getenv("GOCACHE")
	if cache == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "go-build")
		}
	}
	if fi, err := os.Stat(cache); err == nil && fi.IsDir() {
		h.ReadOnly = append(h.ReadOnly, cache)
	}
	return h
}

// memoryLimit reports an exercise whose test program was stopped at the memory cap.
func (g *grading) memoryLimit(ex *report.Exercise, res *gotest.Result) {
	if !res.MemoryCut {
		return
	}
	ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.MemoryLimit), Severity: diag.Error, File: ex.Dir,
		Message: "the test program used more memory than gilgrade allows one exercise, so it was stopped",
		Hint:    "look for goroutines started in a loop that never ends, or for a slice or map that grows without end"})
}

func findPackage(s *testjson.Stream, importPath string) *testjson.Package {
	for _, p := range s.Packages {
		if p.ImportPath == importPath {
			return p
		}
	}
	return nil
}

// fromRun fills an exercise's tests and runtime diagnoses from its package's run.
func (g *grading) fromRun(u Unit, ex *report.Exercise, pkg *testjson.Package, res *gotest.Result, timeout time.Duration) {
	if pkg == nil {
		ex.Status = report.Error
		msg := "go test did not report on this exercise"
		if s := strings.TrimSpace(res.Stderr + res.Stream.Stray.String()); s != "" {
			msg += ": " + firstLine(s)
		}
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.GraderError), Severity: diag.Error,
			File: ex.Dir, Message: msg, Hint: "run `go test` in the exercise folder to see the whole message", Verbose: res.Stderr})
		return
	}
	ex.DurationMS = pkg.Elapsed.Milliseconds()
	if pkg.FailedBuild {
		ex.Diagnostics = append(ex.Diagnostics, g.compileErrors(pkg.BuildOutput())...)
		return
	}
	var tests []testoutput.Test
	for _, t := range pkg.Tests {
		ex.Tests = append(ex.Tests, report.Test{Name: t.Name, Status: testStatus(t.Status),
			DurationMS: t.Elapsed.Milliseconds(), Output: t.Output(), Timeline: timeline.FromAttrs(t.Attrs)})
		tests = append(tests, testoutput.Test{Name: t.Name, Failed: t.Status == testjson.Failed,
			Output: t.Output(), Attrs: t.Attrs})
	}
	var learner []string
	for _, f := range u.Exercise.Files {
		learner = append(learner, filepath.Join(u.Dir, f))
	}
	runtime := testoutput.Explain(
		testoutput.Result{Tests: tests, Output: pkg.Output(), Timeout: timeout, Killed: res.Killed[pkg.ImportPath]},
		testoutput.Options{Root: g.t.Root, LearnerFiles: learner, ExerciseDir: u.Dir, ReadFile: g.read},
	)
	g.placeSequential(u, runtime)
	ex.Diagnostics = append(ex.Diagnostics, runtime...)
	expected := g.expectedTests(u.Dir)
	g.missingTests(ex, expected, diag.HasError(runtime))
	g.trust(ex, expected, pkg)
	if res.OutputCut {
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.OutputLimit), Severity: diag.Error, File: ex.Dir,
			Message: "the run printed more than gilgrade keeps, so it was stopped there",
			Hint:    "look for a print inside a loop that never ends, or for goroutines started without end (their dump alone is huge)"})
	}
}

// trust makes sure nothing the learner's code printed decides the verdict. The
// per-test events of go test -json come from text the test program prints, which
// the learner's code can imitate; the package result comes from the program's exit
// status, which it cannot. So a failed package fails the exercise whatever its
// tests claimed, and results that cannot be real (a test reported twice, a test the
// course does not have) fail it with their own diagnosis.
func (g *grading) trust(ex *report.Exercise, expectedTests []string, pkg *testjson.Package) {
	expected := map[string]bool{}
	for _, name := range expectedTests {
		expected[name] = true
	}
	var fake []string
	for _, t := range pkg.Tests {
		top, _, _ := strings.Cut(t.Name, "/")
		if t.Results > 1 || (len(expected) > 0 && !expected[top]) {
			fake = append(fake, t.Name)
		}
	}
	if len(fake) > 0 {
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.FakeResult), Severity: diag.Error, File: ex.Dir,
			Message: fmt.Sprintf("the output holds test results the tests did not produce (%s): printed text that looks like a test result counts for nothing", safeList(fake)),
			Hint:    "remove the print that writes `--- PASS` or `=== RUN` lines: gilgrade grades by the test program's exit status"})
	}
	if pkg.Status == testjson.Passed || diag.HasError(ex.Diagnostics) {
		return
	}
	ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.ProgramFailed), Severity: diag.Error, File: ex.Dir,
		Message: "the test program failed although every test it reported passed",
		Hint:    "run `go test -race` in the exercise folder: something failed after the tests had finished, such as a goroutine still running or a race, or your code printed lines that look like test results"})
}

// safeList names at most three tests, for a message.
func safeList(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}

// missingTests fails the exercise's tests that never reported: a test program
// that calls os.Exit, crashes in init or is killed stops before them, and an
// exercise must not pass because its tests did not run.
func (g *grading) missingTests(ex *report.Exercise, expected []string, explained bool) {
	ran := map[string]bool{}
	for _, t := range ex.Tests {
		ran[t.Name] = true
	}
	var missing []string
	for _, name := range expected {
		if !ran[name] {
			missing = append(missing, name)
			ex.Tests = append(ex.Tests, report.Test{Name: name, Status: report.TestFail,
				Output: "this test never ran: the test program ended before it\n"})
		}
	}
	if len(missing) == 0 || explained {
		return
	}
	ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.NotRun), Severity: diag.Error, File: ex.Dir,
		Message: fmt.Sprintf("%d of the exercise's tests never ran (%s): the test program ended early without saying why", len(missing), strings.Join(missing, ", ")),
		Hint:    "look for os.Exit, log.Fatal, or a crash in an init function or in the code the first tests call"})
}

// expectedTests lists the top-level Test functions of the package's test files,
// as they will be graded (the overlay, in strict mode, holds the course's own).
func (g *grading) expectedTests(dir string) []string {
	names, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	for name := range g.o.Overlay {
		if filepath.Dir(name) == dir && strings.HasSuffix(name, "_test.go") && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var tests []string
	fset := token.NewFileSet()
	for _, name := range names {
		src, err := g.read(name)
		if err != nil || src == nil {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil || hasBuildConstraint(f) {
			continue
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Recv == nil && isTestName(fn.Name.Name) && fn.Type.Params.NumFields() == 1 {
				tests = append(tests, fn.Name.Name)
			}
		}
	}
	return tests
}

// hasBuildConstraint reports whether a file carries a //go:build line, which may
// keep it out of the build: such a file is not the course's test file.
func hasBuildConstraint(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") {
				return true
			}
		}
	}
	return false
}

// isTestName reports whether name is a test function's name: Test, then nothing
// or a character that is not a lower-case letter.
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

func testStatus(s testjson.Status) report.TestStatus {
	switch s {
	case testjson.Passed:
		return report.TestPass
	case testjson.Skipped:
		return report.TestSkip
	}
	return report.TestFail
}

// compilerLine matches "path/file.go:12:5: message" as the compiler and vet print it.
var compilerLine = regexp.MustCompile(`^(.+?\.go):(\d+)(?::(\d+))?: (.*)$`)

// compileErrors turns build output into diagnoses at the learner's lines.
func (g *grading) compileErrors(out string) []diag.Diagnostic {
	if g.overlaid != nil {
		out = g.overlaid.Replace(out)
	}
	var ds []diag.Diagnostic
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "\t") && len(ds) > 0 {
			// A continuation of the previous message, such as "have … want …".
			ds[len(ds)-1].Details = append(ds[len(ds)-1].Details, strings.TrimSpace(line))
			continue
		}
		m := compilerLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := m[1]
		if !filepath.IsAbs(name) {
			name = filepath.Join(g.t.Module, name)
		}
		var ln, col int
		fmt.Sscan(m[2], &ln)
		fmt.Sscan(m[3], &col)
		d := diag.Diagnostic{Code: string(diag.CompileError), Severity: diag.Error, File: g.rel(name), Line: ln, Col: col,
			Message: "this does not compile: " + m[4],
			Hint:    "fix this line first: Go checks the whole package before any test can run",
			Verbose: line}
		if src, err := g.read(name); err == nil {
			d.Source = sourceLine(src, ln)
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 && strings.TrimSpace(out) != "" {
		ds = append(ds, diag.Diagnostic{Code: string(diag.CompileError), Severity: diag.Error,
			Message: "the exercise does not build: " + firstLine(out),
			Hint:    "run `go vet` in the exercise folder to see the whole message", Verbose: out})
	}
	return ds
}

// addStatic adds the analyzers' findings in this exercise's files. A compiler
// error on a line the analyzers explain better is replaced by their explanation.
// Advice (a warning or a note) about a line the learner did not write is left
// out: the learner can do nothing about the template's own code.
func (g *grading) addStatic(u Unit, ex *report.Exercise, all []diag.Diagnostic) {
	prefix := ex.Dir + "/"
	explained := map[string]bool{}
	mine := g.learnerLines(u)
	for _, d := range all {
		if !strings.HasPrefix(d.File, prefix) || strings.HasSuffix(d.File, "_test.go") {
			continue
		}
		if d.Severity != diag.Error && mine != nil && !g.learnersAdvice(mine, d) {
			continue
		}
		ex.Diagnostics = append(ex.Diagnostics, d)
		explained[fmt.Sprintf("%s:%d", d.File, d.Line)] = true
	}
	ex.Diagnostics = slices.DeleteFunc(ex.Diagnostics, func(d diag.Diagnostic) bool {
		return d.Is(diag.CompileError) && explained[fmt.Sprintf("%s:%d", d.File, d.Line)]
	})
}

// verdict sets an exercise's status and score from its tests and diagnoses. An
// exercise whose build failed ran no test: it fails on the diagnoses that say
// why (the compiler's, or an analyzer's reading of them), and only an exercise
// with no test and nothing to blame means the course itself is broken.
func (g *grading) verdict(u Unit, ex *report.Exercise) {
	if ex.Status == report.Error {
		return
	}
	passed, total := 0, 0
	for _, t := range ex.Tests {
		if strings.Contains(t.Name, "/") {
			continue // subtests count through their parent
		}
		total++
		if t.Status != report.TestFail {
			passed++
		}
	}
	if total == 0 && !diag.HasError(ex.Diagnostics) {
		ex.Status = report.Error
		ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: string(diag.NoTests), Severity: diag.Error, File: ex.Dir,
			Message: "no test ran for this exercise", Hint: "the course is incomplete: tell its author"})
		return
	}
	ex.Status = report.Passed
	if passed < total || diag.HasError(ex.Diagnostics) {
		ex.Status = report.Failed
	}
	switch {
	case ex.Status == report.Passed:
		ex.Score = ex.MaxScore
	case u.Exercise.Scoring == course.Partial && total > 0 && !spoils(ex.Diagnostics):
		ex.Score = ex.MaxScore * float64(passed) / float64(total)
	}
}

// spoils reports whether a diagnosis denies partial credit: a race, or an
// error-level finding that is not a test failure itself.
func spoils(ds []diag.Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d diag.Diagnostic) bool {
		return d.Severity == diag.Error && !d.Is(diag.TestFailed) && !d.Is(diag.Sequential)
	})
}

// writeOverlay writes the overlay's contents to temporary files (in a new
// folder of tmp, "" for the system's) and an overlay file in go's -overlay
// format, returning its path ("" for no overlay) and the replacements it holds
// (file → temporary file, "" for a deleted one).
func writeOverlay(files map[string][]byte, tmp string) (string, map[string]string, func(), error) {
	if len(files) == 0 {
		return "", nil, func() {}, nil
	}
	dir, err := os.MkdirTemp(tmp, "gilgrade-overlay-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	replace := map[string]string{}
	n := 0
	for name, content := range files {
		if content == nil {
			replace[name] = "" // the file is treated as deleted
			continue
		}
		n++
		tmp := filepath.Join(dir, fmt.Sprintf("%d_%s", n, filepath.Base(name)))
		if err := os.WriteFile(tmp, content, 0o600); err != nil {
			cleanup()
			return "", nil, nil, err
		}
		replace[name] = tmp
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "overlay.json"), b, 0o600)
	}
	if err != nil {
		cleanup()
		return "", nil, nil, err
	}
	return filepath.Join(dir, "overlay.json"), replace, cleanup, nil
}

// modulePath reads the module path from the go.mod that is graded (in strict
// mode, the course's own, from the overlay).
func (g *grading) modulePath() string {
	b, err := g.read(filepath.Join(g.t.Module, "go.mod"))
	if err != nil {
		return ""
	}
	return modfile.ModulePath(b)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
