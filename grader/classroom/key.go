package classroom

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/scanner"
	"go/token"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/bounded"
	"github.com/gilgrade/gilgrade/grader/course"
)

// Version hashes a course's files: results graded with one version of a course
// are never reused for another. It reads the files as streams.
func Version(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%q\n", p)
		_, err = io.Copy(h, f)
		fmt.Fprintf(h, "\n")
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// exerciseKey is what an exercise's grade depends on in a submission: the course
// version, the exercise, every file of its folder and the module's go.mod and
// go.sum. The learner's Go files count by their tokens, so fills that differ only
// in comments, spacing or line breaks share one key; directives (//go:…, //line
// and any comment with no space after its //) and the whole file of a cgo import
// count as written. Other files count by their bytes.
func exerciseKey(version, root string, e *course.Exercise) string {
	h := sha256.New()
	fmt.Fprintf(h, "course %s\nexercise %s\n", version, e.ID)
	for _, name := range []string{"go.mod", "go.sum"} {
		hashFile(h, filepath.Join(root, course.ExercisesDir, name), name)
	}
	dir := filepath.Join(root, filepath.FromSlash(e.Dir))
	var names []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "unreadable %q\n", p)
			return nil
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if names == nil {
		fmt.Fprintf(h, "no folder\n")
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if slices.Contains(e.Files, name) && strings.HasSuffix(name, ".go") {
			if src, err := bounded.ReadFile(p, 20<<20); err == nil {
				if toks, ok := goTokens(src); ok {
					fmt.Fprintf(h, "tokens %q %d\n", name, len(toks))
					h.Write(toks)
					continue
				}
			}
		}
		hashFile(h, p, name)
	}
	return e.ID + ":" + hex.EncodeToString(h.Sum(nil))
}

// hashFile adds a file's name, size and contents to h, read as a stream.
func hashFile(h hash.Hash, p, name string) {
	f, err := os.Open(p)
	if err != nil {
		fmt.Fprintf(h, "missing %q\n", name)
		return
	}
	defer f.Close()
	fmt.Fprintf(h, "file %q\n", name)
	n, _ := io.Copy(h, f)
	fmt.Fprintf(h, "\n%d\n", n)
}

// goTokens returns a Go file's tokens, one per line, with ordinary comments left
// out; ok is false when the file does not scan (it then counts by its bytes).
func goTokens(src []byte) (out []byte, ok bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	errors := 0
	s.Init(file, src, func(token.Position, string) { errors++ }, scanner.ScanComments)
	cgo := false
	// A semicolon, written or inserted at a line end, is the same to the
	// compiler, and may be left out before a closing ) or }: it is written out
	// only when another token follows.
	semi := false
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch {
		case tok == token.COMMENT && !directive(lit):
			continue
		case tok == token.SEMICOLON:
			semi = true
			continue
		case tok == token.STRING && lit == `"C"`:
			cgo = true // maybe import "C", maybe not: either way, keep every comment
		}
		if semi && tok != token.RPAREN && tok != token.RBRACE {
			out = append(out, ";\n"...)
		}
		semi = false
		out = fmt.Appendf(out, "%d %q\n", tok, lit)
	}
	if errors > 0 || cgo {
		// cgo reads the comment before import "C": every comment counts.
		return nil, false
	}
	return out, true
}

// directive reports whether a comment may mean something to a Go tool: //go:…,
// //line, //export and any // comment with no space after it, and /*line.
func directive(c string) bool {
	if rest, ok := strings.CutPrefix(c, "//"); ok {
		return rest != "" && rest[0] != ' ' && rest[0] != '\t'
	}
	return strings.HasPrefix(c, "/*line ")
}
