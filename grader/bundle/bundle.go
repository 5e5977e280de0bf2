// Package bundle carries the canonical course inside the gilgrade binary.
//
// go:embed cannot reach into the exercises module (a nested module) nor above its
// own package, so the course is packed into course.txtar, a plain-text archive
// checked in beside this file and embedded from here. `go generate` rebuilds it,
// and a test fails when it no longer matches the course on disk.
package bundle

//go:generate go run ./gen

import (
	_ "embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

//go:embed course.txtar
var archive []byte

// Archive returns the embedded archive's bytes.
func Archive() []byte { return archive }

// FS returns the canonical course as a file system rooted at the course root (it
// holds exercises/ and quizzes/).
func FS() fs.FS {
	m := fstest.MapFS{}
	for _, f := range txtar.Parse(archive).Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// Dirs are the course folders the archive holds.
var Dirs = []string{"exercises", "quizzes"}

// Build packs the course found at root into an archive. It takes the files a
// course is made of and leaves out what a learner or an editor leaves behind
// (backups, hidden files).
func Build(root string) ([]byte, error) {
	a := &txtar.Archive{Comment: []byte("The canonical course, packed by `go generate ./grader/bundle`. Do not edit.\n")}
	for _, dir := range Dirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") && p != filepath.Join(root, dir) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !Included(name) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			if strings.Contains("\n"+string(data), "\n-- ") {
				return fmt.Errorf("%s has a line starting with \"-- \", which the archive format cannot hold", rel)
			}
			a.Files = append(a.Files, txtar.File{Name: filepath.ToSlash(rel), Data: data})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(a.Files, func(x, y txtar.File) int { return strings.Compare(x.Name, y.Name) })
	return txtar.Format(a), nil
}

// Included reports whether a file of this name belongs to a course.
func Included(name string) bool {
	switch path.Ext(name) {
	case ".go", ".toml", ".md", ".txt", ".json":
		return true
	}
	return name == "go.mod" || name == "go.sum"
}
