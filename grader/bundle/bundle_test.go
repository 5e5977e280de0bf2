package bundle

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/gilgrade/gilgrade/grader/coursekey"
)

// The archives must be what `go generate` makes from the course today; a course
// author who edits an exercise and forgets to regenerate is told here.
func TestArchivesAreFresh(t *testing.T) {
	key, ws, err := Build("../..")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Archive(), key) || !bytes.Equal(workspaceFile, ws) {
		t.Fatal("grader/bundle/course.txtar or workspace.txtar is stale: run `go generate ./grader/bundle` and commit the result")
	}
}

func TestKey(t *testing.T) {
	k, err := Key()
	if err != nil {
		t.Fatal(err)
	}
	if k.CourseID != "go-concurrency" {
		t.Errorf("course id = %q", k.CourseID)
	}
	c, err := k.Course()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Exercises {
		if !e.HasKey() || len(e.Mistakes) == 0 || len(e.Hints) == 0 {
			t.Errorf("%s: the key lacks its solution, mistakes or hints", e.ID)
		}
	}
	if _, err := fs.Stat(FS(), "exercises/go.mod"); err != nil {
		t.Fatalf("the key lacks the exercises module: %v", err)
	}
}

// The embedded workspace is the key's workspace, file for file.
func TestWorkspaceIsTheKeys(t *testing.T) {
	k, err := Key()
	if err != nil {
		t.Fatal(err)
	}
	want, err := k.Workspace()
	if err != nil {
		t.Fatal(err)
	}
	got := Workspace()
	wa, _ := coursekey.Archive(want, "")
	ga, _ := coursekey.Archive(got, "")
	if !bytes.Equal(wa, ga) {
		t.Fatal("workspace.txtar is not the key's workspace")
	}
	if _, err := fs.Stat(got, "exercises/course.toml"); err != nil {
		t.Fatal(err)
	}
}

func TestIncluded(t *testing.T) {
	for name, want := range map[string]bool{"a.go": true, "go.mod": true, "x.toml": true, "a.go.bak": false, "a.go~": false, "bin": false, ".x.go": false} {
		if got := Included(name); got != want {
			t.Errorf("Included(%q) = %v, want %v", name, got, want)
		}
	}
}
