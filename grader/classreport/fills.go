package classreport

import (
	"errors"
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

// Fills reads the fill of each blank from a learner's file: the text where the
// template has `___`. White space may differ around the template's own text
// (an editor may reindent), nothing else may. The template's text between two
// blanks is looked for at its first place after the previous one, and the text
// after the last blank must end the file.
func Fills(template, learner []byte) ([]string, error) {
	tmpl := string(template)
	have := strings.ReplaceAll(string(learner), "\r\n", "\n")
	var pieces []string
	last := 0
	for _, b := range blanks.Scan(template) {
		pieces = append(pieces, tmpl[last:b.Offset])
		last = b.Offset + len(blanks.Token)
	}
	pieces = append(pieces, tmpl[last:])

	_, pos, ok := findLoose(have, 0, strings.Fields(pieces[0]), true)
	if !ok {
		return nil, errNoMatch
	}
	fills := make([]string, 0, len(pieces)-1)
	for k, p := range pieces[1:] {
		words := strings.Fields(p)
		var start, end int
		if k == len(pieces)-2 {
			start, end, ok = findEnd(have, pos, words)
		} else {
			start, end, ok = findLoose(have, pos, words, false)
		}
		if !ok {
			return nil, errNoMatch
		}
		fills = append(fills, have[pos:start])
		pos = end
	}
	return fills, nil
}

// findLoose finds words in s at or after from, separated by any white space,
// and returns where they start and end (after the white space that follows).
// anchored requires them at from, after white space.
func findLoose(s string, from int, words []string, anchored bool) (start, end int, ok bool) {
	if len(words) == 0 {
		return from, skipSpace(s, from), true
	}
	for at := from; at <= len(s); {
		i := strings.Index(s[at:], words[0])
		if i < 0 {
			return 0, 0, false
		}
		start = at + i
		if anchored && skipSpace(s, from) != start {
			return 0, 0, false
		}
		if end, ok := matchWords(s, start, words); ok {
			return trimSpaceBefore(s, from, start), end, true
		}
		at = start + 1
	}
	return 0, 0, false
}

// findEnd is findLoose for the template's last text: it must end the file.
func findEnd(s string, from int, words []string) (start, end int, ok bool) {
	for at := from; ; {
		start, end, ok = findLoose(s, at, words, false)
		if !ok {
			return 0, 0, false
		}
		if end == len(s) {
			return start, end, true
		}
		at = max(start, at) + 1
		if len(words) == 0 || at > len(s) {
			return 0, 0, false
		}
	}
}

// matchWords matches words at start, each after any white space, and returns
// the end of the match with the white space after it.
func matchWords(s string, start int, words []string) (int, bool) {
	pos := start
	for i, w := range words {
		if i > 0 {
			pos = skipSpace(s, pos)
		}
		if !strings.HasPrefix(s[pos:], w) {
			return 0, false
		}
		pos += len(w)
	}
	return skipSpace(s, pos), true
}

// trimSpaceBefore moves start back over the white space before it, down to from,
// so that a fill does not keep the white space that separates it from the text.
func trimSpaceBefore(s string, from, start int) int {
	for start > from && isSpace(s[start-1]) {
		start--
	}
	return start
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

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
