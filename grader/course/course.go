// Package course reads a course: the exercises module with its course file and the
// metadata of every exercise, validated strictly so that an author's mistake is
// reported at its file and line instead of surfacing as a strange grade.
package course

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/tomlpos"
)

// Layout of a course root. The exercises form their own Go module so the grader's
// build never sees a blank.
const (
	ExercisesDir = "exercises"
	QuizzesDir   = "quizzes"
	CourseFile   = "exercises/course.toml"
	MetaFile     = "exercise.toml"
)

// Scoring says how an exercise's points are earned.
type Scoring string

const (
	// AllOrNothing gives the points only when every test passes.
	AllOrNothing Scoring = "all"
	// Partial gives the share of tests that passed; a race or an error-level
	// diagnosis still scores zero.
	Partial Scoring = "partial"
)

// Course is a loaded course.
type Course struct {
	Root      string // absolute directory holding exercises/ and quizzes/
	ID        string
	Title     string
	GoVersion string // the oldest Go release the course needs, like "1.25"
	Welcome   string
	Final     string
	Exercises []*Exercise
}

// Exercise is one exercise of a course.
type Exercise struct {
	ID      string // "ex03"
	Slug    string // "worker_pool"
	Dir     string // "exercises/ex03_worker_pool", slash-separated, relative to the root
	Title   string
	Points  float64
	Files   []string // learner files, relative to Dir
	Timeout time.Duration
	Scoring Scoring
	Blanks  int // how many blanks the learner files hold as shipped
	// The key: a course source and a grader key hold them; a student workspace
	// does not (see Public), so they are empty when loaded from one.
	Hints    []string
	Solution []string // the fill of each blank, in order across Files
	Mistakes []Mistake
}

// HasKey reports whether the exercise carries its key (solution and mistakes),
// as a course source, a grader key or a workspace of an older gilgrade do.
func (e *Exercise) HasKey() bool { return len(e.Solution) > 0 }

// Mistake is a known wrong way to fill the blanks and what gilgrade must say.
type Mistake struct {
	Name   string
	Fills  map[int]string // 1-based blank number → fill; other blanks take the solution
	Expect []string       // diagnosis codes that must all appear
	// At, when set, is text the learner's line the headline names must
	// contain: a part of the line, not its number, so that it survives edits
	// to the file above it.
	At   string
	Line int // where it is written in the metadata file, for errors
}

// AllFills returns the mistake's fill for every blank.
func (m Mistake) AllFills(solution []string) []string {
	fills := append([]string(nil), solution...)
	for n, f := range m.Fills {
		fills[n-1] = f
	}
	return fills
}

// Name returns the exercise's directory name, "ex03_worker_pool".
func (e *Exercise) Name() string { return path.Base(e.Dir) }

// LearnerPaths returns the learner files relative to the course root.
func (e *Exercise) LearnerPaths() []string {
	var ps []string
	for _, f := range e.Files {
		ps = append(ps, path.Join(e.Dir, f))
	}
	return ps
}

// ErrNotFound means no course was found above a directory.
var ErrNotFound = errors.New("no course found")

// Find walks up from dir to the first directory holding exercises/course.toml.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, filepath.FromSlash(CourseFile))); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%w in %s or any folder above it", ErrNotFound, dir)
		}
		d = parent
	}
}

// mode is what a loaded tree is, which decides what its files must hold.
type mode int

const (
	// workspace: a learner's tree. The learner files may be filled, so blanks
	// are not counted; the key (hints, solution, mistakes) may be absent.
	workspace mode = iota
	// shipped: files as a course ships them, a student workspace's public form
	// or a course source. Blanks are counted; the key may be absent, but what
	// there is of it is checked.
	shipped
	// source: the course as its author writes it. The key must be complete: hints,
	// one solution fill per blank and known mistakes.
	source
)

// Load reads and validates the course at root on disk, as a learner's workspace:
// the learner files may be filled, so their blanks are not counted, and the
// exercises may come without their keys.
func Load(root string) (*Course, error) {
	return load(root, workspace)
}

// LoadAuthored reads and validates the course source at root as its author wrote
// it: hints, solutions and mistakes are required, and the learner files must hold
// exactly one blank per solution fill.
func LoadAuthored(root string) (*Course, error) {
	return load(root, source)
}

func load(root string, m mode) (*Course, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	c, err := loadFS(os.DirFS(root), m)
	if c != nil {
		c.Root = root
	}
	return c, err
}

// LoadFS reads and validates a course as shipped from fsys, whose root is the
// course root: blanks are counted, and checked against the solution when the
// exercise carries one. A student workspace's public files load as well as a
// course source. All problems found are returned together as Errors.
func LoadFS(fsys fs.FS) (*Course, error) {
	return loadFS(fsys, shipped)
}

// LoadSourceFS reads and validates a course source from fsys, as LoadAuthored.
func LoadSourceFS(fsys fs.FS) (*Course, error) {
	return loadFS(fsys, source)
}

func loadFS(fsys fs.FS, m mode) (*Course, error) {
	var errs Errors
	c := loadCourseFile(fsys, m, &errs)
	if c == nil {
		return nil, errs
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// Lookup finds an exercise by id ("ex03"), number ("3"), slug ("worker_pool"),
// directory name or path (absolute, or relative to cwd).
func (c *Course) Lookup(arg, cwd string) (*Exercise, error) {
	a := strings.TrimSuffix(filepath.ToSlash(arg), "/")
	if n, err := strconv.Atoi(a); err == nil {
		a = fmt.Sprintf("ex%02d", n)
	}
	for _, e := range c.Exercises {
		if a == e.ID || a == e.Slug || a == e.Name() || a == e.Dir {
			return e, nil
		}
	}
	// A path: the exercise directory or a file inside it.
	p := arg
	if !filepath.IsAbs(p) {
		p = filepath.Join(cwd, p)
	}
	if rel, err := filepath.Rel(c.Root, p); err == nil {
		rel = filepath.ToSlash(rel)
		for _, e := range c.Exercises {
			if rel == e.Dir || strings.HasPrefix(rel, e.Dir+"/") {
				return e, nil
			}
		}
	}
	return nil, fmt.Errorf("no exercise %q in this course: use an id like ex01, a number, a name like %s, or a path (gilgrade list shows them all)", arg, c.Exercises[0].Slug)
}

// Error is a problem in a course file.
type Error struct {
	File string // slash path relative to the course root
	Line int    // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found in a course.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// courseFile is course.toml.
type courseFile struct {
	ID        string   `toml:"id"`
	Title     string   `toml:"title"`
	Go        string   `toml:"go"`
	Exercises []string `toml:"exercises"`
	Welcome   string   `toml:"welcome"`
	Final     string   `toml:"final"`
}

// metaFile is an exercise's exercise.toml.
type metaFile struct {
	Title    string        `toml:"title"`
	Points   *float64      `toml:"points"`
	Files    []string      `toml:"files"`
	Timeout  string        `toml:"timeout"`
	Scoring  string        `toml:"scoring"`
	Blanks   *int          `toml:"blanks"`
	Hints    []string      `toml:"hints"`
	Solution []string      `toml:"solution"`
	Mistakes []mistakeFile `toml:"mistakes"`
}

type mistakeFile struct {
	Name   string            `toml:"name"`
	Fills  map[string]string `toml:"fills"`
	Expect []string          `toml:"expect"`
	At     *string           `toml:"at"`
}

var (
	dirPattern  = regexp.MustCompile(`^(ex\d\d)_([a-z0-9]+(?:_[a-z0-9]+)*)$`)
	codePattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	goVersion   = regexp.MustCompile(`^1\.\d+$`)
	// typeError matches the decoder's message for a value of the wrong type.
	typeError = regexp.MustCompile(`^toml: line (\d+) \(last key "(.*?)"\): (.*)$`)
)

// decode reads a TOML file strictly: a syntax error, a wrong type or an unknown key
// is an error at its line. It returns the key index for later messages.
func decode(fsys fs.FS, name string, v any, errs *Errors) (*tomlpos.Index, bool) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		*errs = append(*errs, &Error{File: name, Msg: fmt.Sprintf("cannot read it: %v", unwrapPath(err))})
		return nil, false
	}
	md, err := toml.Decode(string(src), v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			*errs = append(*errs, &Error{File: name, Line: pe.Position.Line, Msg: "not valid TOML: " + pe.Message})
		} else if m := typeError.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			*errs = append(*errs, &Error{File: name, Line: line, Msg: fmt.Sprintf("not valid TOML for %q: %s", m[2], m[3])})
		} else {
			*errs = append(*errs, &Error{File: name, Msg: "not valid TOML: " + err.Error()})
		}
		return nil, false
	}
	ix := tomlpos.New(src)
	for _, k := range md.Undecoded() {
		var path []any
		for _, p := range k {
			path = append(path, p)
		}
		*errs = append(*errs, &Error{File: name, Line: ix.Line(path...), Msg: fmt.Sprintf("unknown key %q: check its spelling against the course format in README.md", k.String())})
	}
	return ix, true
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func loadCourseFile(fsys fs.FS, md mode, errs *Errors) *Course {
	var cf courseFile
	ix, ok := decode(fsys, CourseFile, &cf, errs)
	if !ok {
		return nil
	}
	bad := func(msg string, key ...any) {
		*errs = append(*errs, &Error{File: CourseFile, Line: ix.Line(key...), Msg: msg})
	}
	c := &Course{ID: cf.ID, Title: cf.Title, GoVersion: cf.Go, Welcome: cf.Welcome, Final: cf.Final}
	if cf.ID == "" {
		bad(`missing "id": give the course a short stable id`)
	}
	if cf.Title == "" {
		bad(`missing "title"`)
	}
	if !goVersion.MatchString(cf.Go) {
		bad(fmt.Sprintf(`"go" is %q: write the oldest Go release the course needs, like "1.25"`, cf.Go), "go")
	}
	if len(cf.Exercises) == 0 {
		bad(`"exercises" lists no exercise: list the exercise folders in course order`, "exercises")
	}
	seen := map[string]bool{}
	for _, name := range cf.Exercises {
		m := dirPattern.FindStringSubmatch(name)
		switch {
		case m == nil:
			bad(fmt.Sprintf("exercise folder %q is not named like ex01_some_name", name), "exercises")
			continue
		case seen[m[1]]:
			bad(fmt.Sprintf("exercise id %s is listed twice", m[1]), "exercises")
			continue
		}
		seen[m[1]] = true
		if e := loadExercise(fsys, path.Join(ExercisesDir, name), m[1], m[2], md, errs); e != nil {
			c.Exercises = append(c.Exercises, e)
		}
	}
	return c
}

func loadExercise(fsys fs.FS, dir, id, slug string, md mode, errs *Errors) *Exercise {
	name := path.Join(dir, MetaFile)
	var mf metaFile
	ix, ok := decode(fsys, name, &mf, errs)
	if !ok {
		return nil
	}
	nerr := len(*errs)
	bad := func(msg string, key ...any) {
		*errs = append(*errs, &Error{File: name, Line: ix.Line(key...), Msg: msg})
	}
	e := &Exercise{ID: id, Slug: slug, Dir: dir, Title: mf.Title, Files: mf.Files,
		Hints: mf.Hints, Solution: mf.Solution, Scoring: Scoring(mf.Scoring)}
	if e.Title == "" {
		bad(`missing "title"`)
	}
	switch {
	case mf.Points == nil:
		bad(`missing "points": how many points the exercise is worth`)
	case math.IsNaN(*mf.Points) || math.IsInf(*mf.Points, 0) || *mf.Points <= 0:
		// NaN compares false with everything, so it needs its own test; either
		// would make every total NaN or infinite, which JSON cannot hold.
		bad(fmt.Sprintf(`"points" is %v: write a finite number more than zero`, *mf.Points), "points")
	default:
		e.Points = *mf.Points
	}
	switch e.Scoring {
	case "":
		e.Scoring = AllOrNothing
	case AllOrNothing, Partial:
	default:
		bad(fmt.Sprintf(`"scoring" is %q: use "all" or "partial"`, mf.Scoring), "scoring")
	}
	e.Timeout = 10 * time.Second
	if mf.Timeout != "" {
		d, err := time.ParseDuration(mf.Timeout)
		if err != nil || d <= 0 || d > 10*time.Minute {
			bad(fmt.Sprintf(`"timeout" is %q: write a duration like "10s", at most "10m"`, mf.Timeout), "timeout")
		} else {
			e.Timeout = d
		}
	}
	if (md == source || len(e.Hints) > 0) && (len(e.Hints) < 2 || len(e.Hints) > 4) {
		bad(fmt.Sprintf(`%d hints: give 2 to 4, the first gentle and the last nearly the answer`, len(e.Hints)), "hints")
	}
	for i, h := range e.Hints {
		if strings.TrimSpace(h) == "" {
			bad(fmt.Sprintf("hint %d is empty", i+1), "hints")
		}
	}
	if len(e.Files) == 0 {
		bad(`"files" lists no learner file: name the .go files the learner edits`, "files")
	}
	nblanks := 0
	for _, f := range e.Files {
		if f != path.Base(f) || !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			bad(fmt.Sprintf("learner file %q must be a .go file (not a test) directly in %s", f, dir), "files")
			continue
		}
		if md == workspace {
			continue // a learner's file: filled or not, it is checked when graded
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, f))
		if err != nil {
			bad(fmt.Sprintf("learner file %q: %v", f, unwrapPath(err)), "files")
			continue
		}
		n := len(blanks.Scan(src))
		if n == 0 {
			bad(fmt.Sprintf("learner file %q has no ___ blank to fill", f), "files")
		}
		nblanks += n
	}
	if md == workspace {
		switch {
		case len(e.Solution) > 0:
			nblanks = len(e.Solution)
		case mf.Blanks != nil:
			nblanks = *mf.Blanks
		}
	}
	e.Blanks = nblanks
	if mf.Blanks != nil && len(*errs) == nerr && *mf.Blanks != nblanks {
		bad(fmt.Sprintf(`"blanks" is %d but the learner files have %d blanks`, *mf.Blanks, nblanks), "blanks")
	}
	if (md == source || len(e.Solution) > 0) && len(*errs) == nerr && len(e.Solution) != nblanks {
		bad(fmt.Sprintf(`"solution" has %d fills but the learner files have %d blanks: give one fill per blank, in order`, len(e.Solution), nblanks), "solution")
	}
	if md == source && len(mf.Mistakes) < 1 {
		bad(`no [[mistakes]]: list the known mistakes with the codes they must produce`)
	}
	if len(mf.Mistakes) > 0 && len(e.Solution) == 0 {
		bad(`[[mistakes]] without a "solution": a mistake's other blanks take the solution's fills`, "mistakes")
	}
	for i, mk := range mf.Mistakes {
		m := Mistake{Name: mk.Name, Expect: mk.Expect, Fills: map[int]string{}, Line: ix.Line("mistakes", i)}
		if m.Name == "" {
			bad(fmt.Sprintf("mistake %d has no name", i+1), "mistakes", i)
		}
		if len(mk.Fills) == 0 {
			bad(fmt.Sprintf("mistake %q has no fills: give the blanks it fills differently, as { 2 = \"...\" }", m.Name), "mistakes", i)
		}
		for k, v := range mk.Fills {
			n, err := strconv.Atoi(k)
			if err != nil || n < 1 || n > nblanks {
				bad(fmt.Sprintf("mistake %q fills blank %q: blanks are numbered 1 to %d", m.Name, k, nblanks), "mistakes", i, "fills", k)
				continue
			}
			m.Fills[n] = v
		}
		if len(m.Expect) == 0 {
			bad(fmt.Sprintf("mistake %q expects no diagnosis code", m.Name), "mistakes", i)
		}
		for _, code := range m.Expect {
			if !codePattern.MatchString(code) {
				bad(fmt.Sprintf("mistake %q expects %q, which is not a kebab-case diagnosis code", m.Name, code), "mistakes", i, "expect")
			}
		}
		if mk.At != nil {
			m.At = strings.TrimSpace(*mk.At)
			if m.At == "" || strings.ContainsAny(m.At, "\r\n") {
				bad(fmt.Sprintf("mistake %q: \"at\" must be a piece of one line of the learner's file, the line the headline must name", m.Name), "mistakes", i, "at")
			}
		}
		e.Mistakes = append(e.Mistakes, m)
	}
	if len(*errs) > nerr {
		return nil
	}
	return e
}

// FileFills is one learner file as shipped and the fills for its blanks.
type FileFills struct {
	File  string // relative to the exercise's Dir
	Src   []byte // the file with its blanks
	Fills []string
}

// Filled returns the file with its fills in place.
func (f FileFills) Filled() ([]byte, error) { return blanks.Fill(f.Src, f.Fills) }

// SplitFills shares fills, given for all the exercise's blanks in order, among its
// learner files: the blanks of Files[0] take the first fills, and so on. read
// returns a learner file (named relative to Dir) as shipped, with its blanks.
func (e *Exercise) SplitFills(fills []string, read func(file string) ([]byte, error)) ([]FileFills, error) {
	var out []FileFills
	for _, f := range e.Files {
		src, err := read(f)
		if err != nil {
			return nil, err
		}
		n := len(blanks.Scan(src))
		if n > len(fills) {
			return nil, fmt.Errorf("%s has more blanks than there are fills (is it the file as shipped?)", path.Join(e.Dir, f))
		}
		out = append(out, FileFills{File: f, Src: src, Fills: fills[:n]})
		fills = fills[n:]
	}
	if len(fills) > 0 {
		return nil, fmt.Errorf("the learner files of %s have %d fewer blanks than there are fills (are they filled in already?)", e.ID, len(fills))
	}
	return out, nil
}
