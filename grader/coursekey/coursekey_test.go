package coursekey

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/quiz"
)

const (
	demoCourse = `id = "demo"
title = "Demo"
go = "1.25"
exercises = ["ex01_first"]
`
	demoMeta = `title = "First"
points = 2
files = ["a.go"]
hints = ["gentle", "the answer is secretFill()"]
solution = ["secretFill()"]

[[mistakes]]
name = "a secret mistake"
fills = { 1 = "otherFill()" }
expect = ["test-failed"]
`
	demoQuiz = `id = "q"
title = "Q"
pass_mark = 1

[[questions]]
id = "pick"
type = "choice"
prompt = "Which?"
explanation = "a secret explanation"

  [[questions.options]]
  id = "x"
  text = "X"
  correct = true

  [[questions.options]]
  id = "y"
  text = "Y"
  feedback = "a secret feedback"
`
)

func demo() fstest.MapFS {
	return fstest.MapFS{
		"exercises/course.toml":              {Data: []byte(demoCourse)},
		"exercises/go.mod":                   {Data: []byte("module demo\n\ngo 1.25\n")},
		"exercises/AUTHORING.md":             {Data: []byte("for authors only\n")},
		"exercises/ex01_first/exercise.toml": {Data: []byte(demoMeta)},
		"exercises/ex01_first/a.go":          {Data: []byte("package p\n\nfunc f() { ___ }\n")},
		"exercises/ex01_first/a_test.go":     {Data: []byte("package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { f() }\n")},
		"exercises/ex01_first/a.go.bak":      {Data: []byte("a backup\n")},
		"quizzes/q.toml":                     {Data: []byte(demoQuiz)},
	}
}

func TestPackParseRoundTrip(t *testing.T) {
	k, err := Pack(demo())
	if err != nil {
		t.Fatal(err)
	}
	if k.CourseID != "demo" || !strings.HasPrefix(k.Hash, "sha256:") || len(k.ShortHash()) != 12 {
		t.Fatalf("key = %s %s", k.CourseID, k.Hash)
	}
	var names []string
	fs.WalkDir(k.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	if got := strings.Join(names, " "); got != "exercises/course.toml exercises/ex01_first/a.go exercises/ex01_first/a_test.go exercises/ex01_first/exercise.toml exercises/go.mod quizzes/q.toml" {
		t.Errorf("key files: %s", got)
	}
	text := k.Bytes()
	if !strings.HasPrefix(string(text), "gilgrade course key\nversion: 1\ncourse: demo\nhash: "+k.Hash+"\n") {
		t.Errorf("header:\n%s", text[:200])
	}
	for name, data := range map[string][]byte{"text": text, "compact": []byte(k.Compact()), "text with CRLF": []byte(strings.ReplaceAll(string(text), "\n", "\r\n"))} {
		back, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if back.Hash != k.Hash || string(back.Bytes()) != string(text) {
			t.Errorf("%s: the key does not read back the same", name)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "demo.gilkey"), text, 0o600)
	for _, v := range []string{string(text), k.Compact(), "demo.gilkey", filepath.Join(dir, "demo.gilkey")} {
		if back, err := FromValue(v, dir); err != nil || back.Hash != k.Hash {
			t.Errorf("FromValue(%.30q): %v", v, err)
		}
	}
	if _, err := FromValue("missing.gilkey", dir); err == nil || !strings.Contains(err.Error(), "cannot read the key") {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	k, err := Pack(demo())
	if err != nil {
		t.Fatal(err)
	}
	text := string(k.Bytes())
	for _, tc := range []struct{ name, data, want string }{
		{"edited", strings.Replace(text, "secretFill()", "cheat()", 1), "do not match its hash"},
		{"cut short", text[:len(text)-40], "do not match its hash"},
		{"newer", strings.Replace(text, "version: 1", "version: 2", 1), "version 2 and this gilgrade reads version 1"},
		{"no version", strings.Replace(text, "version: 1\n", "", 1), "no version line"},
		{"other course in the header", strings.Replace(text, "course: demo", "course: other", 1), `names the course "other" but holds the course "demo"`},
		{"not a key", "hello", ErrNotKey.Error()},
	} {
		_, err := Parse([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A source without its keys, or with a broken quiz, is not packed: the problems
// come back at their file and line.
func TestPackRefusesIncompleteSource(t *testing.T) {
	src := demo()
	src["exercises/ex01_first/exercise.toml"] = &fstest.MapFile{Data: []byte("title = \"First\"\npoints = 2\nfiles = [\"a.go\"]\nblanks = 1\n")}
	_, err := Pack(src)
	var ce course.Errors
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `exercises/ex01_first/exercise.toml: 0 hints`) {
		t.Errorf("err = %v", err)
	}
	src = demo()
	src["quizzes/q.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(demoQuiz, "correct = true", "", 1))}
	_, err = Pack(src)
	var qe quiz.Errors
	if !errors.As(err, &qe) || !strings.Contains(err.Error(), "quizzes/q.toml:") || !strings.Contains(err.Error(), "no correct option") {
		t.Errorf("err = %v", err)
	}
}

func TestWorkspace(t *testing.T) {
	k, err := Pack(demo())
	if err != nil {
		t.Fatal(err)
	}
	ws, err := k.Workspace()
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range ws {
		for _, secret := range []string{"secretFill()", "otherFill()", "a secret", "gentle", "correct", "feedback"} {
			if strings.Contains(string(f.Data), secret) {
				t.Errorf("%s holds %q:\n%s", name, secret, f.Data)
			}
		}
	}
	if _, ok := ws["exercises/AUTHORING.md"]; ok {
		t.Error("the workspace holds the authors' notes")
	}
	c, err := course.LoadFS(ws)
	if err != nil {
		t.Fatalf("the workspace does not load: %v", err)
	}
	if e := c.Exercises[0]; e.HasKey() || e.Blanks != 1 || e.Points != 2 {
		t.Errorf("workspace exercise = %+v", e)
	}
	if string(ws["exercises/ex01_first/a_test.go"].Data) != string(demo()["exercises/ex01_first/a_test.go"].Data) {
		t.Error("the tests are not shipped as written")
	}
	qz, err := quiz.ParsePublic("q.toml", ws["quizzes/q.toml"].Data)
	if err != nil || qz.HasKeys() {
		t.Errorf("workspace quiz: %v", err)
	}
}

// A workspace that an older gilgrade wrote holds the source's exercise.toml: it
// is taken as shipped, and any other edit of it is not.
func TestShippedAcceptsOlderWorkspaces(t *testing.T) {
	k, err := Pack(demo())
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	meta := filepath.Join(root, "exercises", "ex01_first", "exercise.toml")
	os.MkdirAll(filepath.Dir(meta), 0o755)
	for _, tc := range []struct {
		have, want string
	}{
		{demoMeta, demoMeta},
		{strings.ReplaceAll(demoMeta, "\n", "\r\n"), demoMeta},
		{demoMeta + "# edited\n", ""},
	} {
		os.WriteFile(meta, []byte(tc.have), 0o644)
		sh, err := k.Shipped(root)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := fs.ReadFile(sh, "exercises/ex01_first/exercise.toml")
		if tc.want == "" {
			if strings.Contains(string(got), "solution =") {
				t.Errorf("an edited exercise.toml is compared with the source's")
			}
		} else if string(got) != tc.want {
			t.Errorf("an older workspace's exercise.toml is compared with:\n%s", got)
		}
	}
}
