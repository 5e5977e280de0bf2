// Package bundle carries the canonical course inside the gilgrade binary, as the
// two products every course source makes (see package coursekey): the grader key
// (course.txtar, the whole source with its solutions, mistakes, hints and quiz
// keys) and the student workspace (workspace.txtar, what `gilgrade init` writes).
//
// go:embed cannot reach into the exercises module (a nested module) nor above its
// own package, so both are plain-text archives checked in beside this file and
// embedded from here. `go generate` rebuilds them, and a test fails when they no
// longer match the course on disk.
package bundle

//go:generate go run ./gen

import (
	_ "embed"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/gilgrade/gilgrade/grader/coursekey"
)

var (
	//go:embed course.txtar
	keyFile []byte
	//go:embed workspace.txtar
	workspaceFile []byte
)

// Archive returns the embedded key's bytes.
func Archive() []byte { return keyFile }

// Key returns the key of the course gilgrade carries.
var Key = sync.OnceValues(func() (*coursekey.Key, error) { return coursekey.Parse(keyFile) })

// FS returns the canonical course source (with its keys) as a file system rooted
// at the course root (it holds exercises/ and quizzes/). It is empty if the
// embedded key is broken, which the bundle's tests rule out.
func FS() fs.FS {
	k, err := Key()
	if err != nil {
		return coursekey.Unarchive(nil)
	}
	return k.FS()
}

// Workspace returns the student workspace of the canonical course.
func Workspace() fs.FS { return coursekey.Unarchive(workspaceFile) }

// Dirs are the course folders a workspace holds.
var Dirs = []string{"exercises", "quizzes"}

// Build makes the two products from the course source at root: the key and the
// student workspace as an archive.
func Build(root string) (key, workspace []byte, err error) {
	k, err := coursekey.PackDir(filepath.Clean(root))
	if err != nil {
		return nil, nil, err
	}
	ws, err := k.Workspace()
	if err != nil {
		return nil, nil, err
	}
	workspace, err = coursekey.Archive(ws, "The student workspace of the canonical course, made by `go generate ./grader/bundle`. Do not edit.\n")
	if err != nil {
		return nil, nil, err
	}
	return k.Bytes(), workspace, nil
}

// Included reports whether a file of this name belongs to a course.
func Included(name string) bool { return coursekey.Included(name) }
