package course

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const courseTOML = `id = "demo"
title = "Demo"
go = "1.25"
welcome = "hi"
final = "bye"
exercises = ["ex01_first_one", "ex02_second"]
`

const learner = "package p\n\n// ___ in a comment is not a blank\nfunc f() { ___; ___ }\n"

const metaTOML = `title = "First"
points = 2
files = ["a.go"]
timeout = "3s"
scoring = "partial"
hints = ["gentle", "closer"]
solution = ["x()", "y()"]

[[mistakes]]
name = "forgets y"
fills = { 2 = "" }
expect = ["test-failed"]
`

func demo(meta1 string) fstest.MapFS {
	return fstest.MapFS{
		"exercises/course.toml":                  {Data: []byte(courseTOML)},
		"exercises/ex01_first_one/exercise.toml": {Data: []byte(meta1)},
		"exercises/ex01_first_one/a.go":          {Data: []byte(learner)},
		"exercises/ex02_second/exercise.toml":    {Data: []byte(strings.Replace(metaTOML, "First", "Second", 1))},
		"exercises/ex02_second/a.go":             {Data: []byte(learner)},
	}
}

func TestLoadValid(t *testing.T) {
	c, err := LoadFS(demo(metaTOML))
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "demo" || c.GoVersion != "1.25" || len(c.Exercises) != 2 {
		t.Fatalf("course = %+v", c)
	}
	e := c.Exercises[0]
	if e.ID != "ex01" || e.Slug != "first_one" || e.Dir != "exercises/ex01_first_one" || e.Points != 2 ||
		e.Timeout != 3*time.Second || e.Scoring != Partial || len(e.Hints) != 2 || len(e.Solution) != 2 {
		t.Errorf("exercise = %+v", e)
	}
	m := e.Mistakes[0]
	if got := m.AllFills(e.Solution); got[0] != "x()" || got[1] != "" {
		t.Errorf("mistake fills = %q", got)
	}
	if m.Line != 9 {
		t.Errorf("mistake line = %d, want 9", m.Line)
	}
	if m.At != "" {
		t.Errorf("mistake at = %q without an \"at\"", m.At)
	}
	c, err = LoadFS(demo(metaTOML + "at = \" f() \"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if at := c.Exercises[0].Mistakes[0].At; at != "f()" {
		t.Errorf("mistake at = %q, want %q", at, "f()")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, meta, want string
	}{
		{"unknown key", strings.Replace(metaTOML, "points = 2", "points = 2\ncolour = 1", 1), `exercise.toml:3: unknown key "colour"`},
		{"unknown key in a mistake", metaTOML + "severity = 1\n", `exercise.toml:13: unknown key "mistakes.severity"`},
		{"one hint", strings.Replace(metaTOML, `["gentle", "closer"]`, `["gentle"]`, 1), `exercise.toml:6: 1 hints: give 2 to 4`},
		{"too few fills", strings.Replace(metaTOML, `["x()", "y()"]`, `["x()"]`, 1), `exercise.toml:7: "solution" has 1 fills but the learner files have 2 blanks`},
		{"bad blank number", strings.Replace(metaTOML, "2 = \"\"", "3 = \"\"", 1), `exercise.toml:11: mistake "forgets y" fills blank "3": blanks are numbered 1 to 2`},
		{"bad code", strings.Replace(metaTOML, "test-failed", "Test Failed", 1), `exercise.toml:12: mistake "forgets y" expects "Test Failed"`},
		{"empty at", metaTOML + "at = \" \"\n", `exercise.toml:13: mistake "forgets y": "at" must be a piece of one line`},
		{"at over two lines", metaTOML + "at = \"x()\\ny()\"\n", `exercise.toml:13: mistake "forgets y": "at" must be a piece of one line`},
		{"at not text", metaTOML + "at = 12\n", `exercise.toml:13: not valid TOML`},
		{"bad timeout", strings.Replace(metaTOML, `"3s"`, `"soon"`, 1), `exercise.toml:4: "timeout" is "soon"`},
		{"bad scoring", strings.Replace(metaTOML, `"partial"`, `"most"`, 1), `exercise.toml:5: "scoring" is "most"`},
		{"no points", strings.Replace(metaTOML, "points = 2\n", "", 1), `missing "points"`},
		{"syntax", strings.Replace(metaTOML, "title = \"First\"", "title = ", 1), `exercise.toml:1: not valid TOML`},
		{"wrong type", strings.Replace(metaTOML, "points = 2", `points = "two"`, 1), `exercise.toml:2: not valid TOML`},
		{"test file as learner file", strings.Replace(metaTOML, `["a.go"]`, `["a_test.go"]`, 1), `learner file "a_test.go" must be a .go file (not a test)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadFS(demo(tc.meta))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v, want Errors", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

func TestCourseFileErrors(t *testing.T) {
	fsys := demo(metaTOML)
	fsys["exercises/course.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(courseTOML, `"ex02_second"`, `"ex02_second", "Ex3-bad", "ex01_again"`, 1))}
	_, err := LoadFS(fsys)
	for _, want := range []string{`course.toml:6: exercise folder "Ex3-bad" is not named like ex01_some_name`, `course.toml:6: exercise id ex01 is listed twice`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("errors:\n%v\nwant one containing %q", err, want)
		}
	}
}

func TestWorkspaceToleratesFilledBlanks(t *testing.T) {
	root := t.TempDir()
	for name, f := range demo(metaTOML) {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		data := f.Data
		if strings.HasSuffix(name, "a.go") {
			data = []byte("package p\nfunc f() { x(); y() }\n")
		}
		os.WriteFile(p, data, 0o644)
	}
	if _, err := Load(root); err != nil {
		t.Errorf("Load of a filled workspace: %v", err)
	}
	if _, err := LoadAuthored(root); err == nil {
		t.Error("LoadAuthored accepted learner files without blanks")
	}
	sub := filepath.Join(root, "exercises", "ex02_second")
	if got, err := Find(sub); err != nil || got != root {
		t.Errorf("Find(%s) = %q, %v", sub, got, err)
	}
	if _, err := Find(t.TempDir()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find outside a course: %v", err)
	}
}

func TestLookup(t *testing.T) {
	c, err := LoadFS(demo(metaTOML))
	if err != nil {
		t.Fatal(err)
	}
	c.Root = "/c"
	for _, arg := range []string{"ex02", "2", "02", "second", "ex02_second", "exercises/ex02_second", "/c/exercises/ex02_second/a.go"} {
		if e, err := c.Lookup(arg, "/c"); err != nil || e.ID != "ex02" {
			t.Errorf("Lookup(%q) = %v, %v", arg, e, err)
		}
	}
	if e, err := c.Lookup("a.go", "/c/exercises/ex01_first_one"); err != nil || e.ID != "ex01" {
		t.Errorf("Lookup of a file relative to cwd = %v, %v", e, err)
	}
	if _, err := c.Lookup("ex09", "/c"); err == nil {
		t.Error("Lookup of a missing exercise succeeded")
	}
}

// FuzzLoadMeta: no exercise.toml makes the loader panic. It loads the one
// exercise, as the course loader does for each, rather than a whole course: the
// fuzzer minimises every input that finds new code in about n²/2 runs for n
// bytes, and loading the demo course's other files each run made that take
// minutes. A real metadata file is well under the bound.
func FuzzLoadMeta(f *testing.F) {
	f.Add(metaTOML)
	f.Add("[[mistakes]]\nfills = { 0 = 1 }")
	const dir = "exercises/ex01_first_one"
	for _, md := range []mode{shipped, source} {
		var errs Errors
		if loadExercise(demo(metaTOML), dir, "ex01", "first_one", md, &errs) == nil || len(errs) > 0 {
			f.Fatalf("the seed does not load: %v", errs)
		}
	}
	f.Fuzz(func(t *testing.T, meta string) {
		if len(meta) > 1<<10 {
			return
		}
		fsys := fstest.MapFS{dir + "/" + MetaFile: {Data: []byte(meta)}, dir + "/a.go": {Data: []byte(learner)}}
		for _, md := range []mode{shipped, source} {
			var errs Errors
			if e := loadExercise(fsys, dir, "ex01", "first_one", md, &errs); e == nil && len(errs) == 0 {
				t.Fatal("no exercise and no error")
			}
		}
	})
}

func TestSplitFills(t *testing.T) {
	e := &Exercise{ID: "ex01", Dir: "exercises/ex01_x", Files: []string{"a.go", "b.go"}}
	files := map[string]string{"a.go": "package p\nvar x = ___\n", "b.go": "package p\nvar y, z = ___, ___\n"}
	read := func(f string) ([]byte, error) { return []byte(files[f]), nil }
	got, err := e.SplitFills([]string{"1", "2", "3"}, read)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || strings.Join(got[0].Fills, ",") != "1" || strings.Join(got[1].Fills, ",") != "2,3" {
		t.Fatalf("split = %+v", got)
	}
	if out, err := got[1].Filled(); err != nil || string(out) != "package p\nvar y, z = 2, 3\n" {
		t.Errorf("Filled = %q, %v", out, err)
	}
	if _, err := e.SplitFills([]string{"1", "2"}, read); err == nil {
		t.Error("too few fills accepted")
	}
	if _, err := e.SplitFills([]string{"1", "2", "3", "4"}, read); err == nil {
		t.Error("too many fills accepted")
	}
}

// A student's copy of the metadata loads as shipped and in a workspace, with the
// blank count and without the key; the source loader refuses it.
func TestPublicMeta(t *testing.T) {
	c, err := LoadFS(demo(metaTOML))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Exercises[0]
	if e.Blanks != 2 || !e.HasKey() {
		t.Fatalf("exercise = %+v", e)
	}
	e.Title = `Quotes "and" \ back`
	pub := string(e.PublicMeta())
	for _, leak := range []string{"x()", "y()", "forgets y", "gentle", "closer", "mistakes", "solution =", "hints"} {
		if strings.Contains(pub, leak) {
			t.Errorf("public metadata holds %q:\n%s", leak, pub)
		}
	}
	fsys := demo(pub)
	pc, err := LoadFS(fsys)
	if err != nil {
		t.Fatalf("public metadata does not load as shipped: %v\n%s", err, pub)
	}
	pe := pc.Exercises[0]
	if pe.Title != e.Title || pe.Points != 2 || pe.Timeout != 3*time.Second || pe.Scoring != Partial ||
		pe.Blanks != 2 || pe.HasKey() || len(pe.Hints) != 0 || len(pe.Mistakes) != 0 {
		t.Errorf("public exercise = %+v", pe)
	}
	if _, err := LoadSourceFS(fsys); err == nil || !strings.Contains(err.Error(), `no [[mistakes]]`) {
		t.Errorf("LoadSourceFS of a student's copy: %v", err)
	}
	fsys["exercises/ex01_first_one/exercise.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(pub, "blanks = 2", "blanks = 5", 1))}
	if _, err := LoadFS(fsys); err == nil || !strings.Contains(err.Error(), `"blanks" is 5 but the learner files have 2 blanks`) {
		t.Errorf("wrong blank count: %v", err)
	}
}
