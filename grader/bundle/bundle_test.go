package bundle

import (
	"bytes"
	"io/fs"
	"testing"
)

// The archive must be what `go generate` makes from the course today; a course
// author who edits an exercise and forgets to regenerate is told here.
func TestArchiveIsFresh(t *testing.T) {
	want, err := Build("../..")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Archive(), want) {
		t.Fatal("grader/bundle/course.txtar is stale: run `go generate ./grader/bundle` and commit the result")
	}
}

func TestFS(t *testing.T) {
	if _, err := fs.Stat(FS(), "exercises/course.toml"); err != nil {
		t.Fatalf("the bundle lacks the course file: %v", err)
	}
	if _, err := fs.Stat(FS(), "exercises/go.mod"); err != nil {
		t.Fatalf("the bundle lacks the exercises module: %v", err)
	}
}

func TestIncluded(t *testing.T) {
	for name, want := range map[string]bool{"a.go": true, "go.mod": true, "x.toml": true, "a.go.bak": false, "a.go~": false, "bin": false} {
		if got := Included(name); got != want {
			t.Errorf("Included(%q) = %v, want %v", name, got, want)
		}
	}
}
