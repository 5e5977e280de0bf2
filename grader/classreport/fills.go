package classreport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bounded"
	"github.com/gilgrade/gilgrade/grader/course"
)

// maxFill bounds a fill as shown: the page is for patterns, not for whole files.
const maxFill = 160

// errNoMatch means a learner's file is not its template with the blanks filled.
var errNoMatch = errors.New("the file differs from its template outside the blanks")

// Fills reads the fill of each blank from a learner's file, as strict grading
// reads the file: the template's code around the blanks must be there, spacing,
// line breaks and comments aside.
func Fills(template, learner []byte) ([]string, error) {
	spans, m := blanks.Match(template, learner)
	if m != nil {
		return nil, fmt.Errorf("%w (line %d)", errNoMatch, m.Line)
	}
	fills := make([]string, len(spans))
	for i, s := range spans {
		fills[i] = strings.ReplaceAll(s.Text, "\r\n", "\n")
	}
	return fills, nil
}

// Normalize makes fills that differ only in white space one: a run of white
// space becomes one space, and a long fill is cut.
func Normalize(fill string) string {
	s := strings.Join(strings.Fields(fill), " ")
	if r := []rune(s); len(r) > maxFill {
		s = string(r[:maxFill-1]) + "…"
	}
	return s
}

// exerciseFills reads a workspace's fills of an exercise's blanks, in order
// across its files, with the templates from the shipped course.
func exerciseFills(shipped fs.FS, root string, e *course.Exercise) ([]string, error) {
	var fills []string
	for _, f := range e.Files {
		tmpl, err := fs.ReadFile(shipped, path.Join(e.Dir, f))
		if err != nil {
			return nil, err
		}
		have, err := bounded.ReadFile(filepath.Join(root, filepath.FromSlash(e.Dir), f), 1<<20)
		if err != nil {
			return nil, err
		}
		got, err := Fills(tmpl, have)
		if err != nil {
			return nil, err
		}
		fills = append(fills, got...)
	}
	return fills, nil
}

// workspaceRoot finds the course root of a submission folder: the folder itself
// or one folder down, as grading found it.
func workspaceRoot(dir string) (string, bool) {
	if isCourse(dir) {
		return dir, true
	}
	entries, _ := os.ReadDir(dir)
	var found []string
	for _, e := range entries {
		if e.IsDir() && isCourse(filepath.Join(dir, e.Name())) {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

func isCourse(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(course.CourseFile)))
	return err == nil && fi.Mode().IsRegular()
}
