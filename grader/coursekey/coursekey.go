// Package coursekey makes the two products of a course source: the student
// workspace, whose files give no answer away, and the grader key, one versioned
// file with a content hash that holds everything grading needs (tests and
// metadata as shipped, solutions, mistakes, hints, quiz keys).
//
// The key is a txtar archive of the course source. Its comment is a header:
//
//	gilgrade course key
//	version: 1
//	course: go-concurrency
//	hash: sha256:…          (of the files, see hashFiles)
//
// so a key pasted into a CI secret with a line missing, or edited by hand, is
// refused with a message rather than graded with. Compact is the same key,
// gzipped and base64-encoded on one line, for secrets that must be short.
package coursekey

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/quiz"
)

// Version is the key format this gilgrade writes and reads.
const Version = 1

// header is the first line of every key: it tells a key from a file name.
const header = "gilgrade course key"

// EnvVar names the environment variable that gives the key: a file name, or
// the key itself (as text or Compact), as a CI secret holds it.
const EnvVar = "GILGRADE_KEY"

// Key is a course's grader key.
type Key struct {
	CourseID string // the course id
	Hash     string // "sha256:" and the hex digest of the files
	files    []txtar.File
}

// Included reports whether a file of this name belongs to a course: source,
// metadata, module files and small data. Backups and editor files do not.
func Included(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	switch path.Ext(name) {
	case ".go", ".toml", ".md", ".txt", ".json":
		return true
	}
	return name == "go.mod" || name == "go.sum"
}

// Pack validates a course source (fsys is rooted at the course root, holding
// exercises/ and quizzes/) and makes its key. The key holds course.toml, the
// exercises module's go.mod and go.sum, every file of each listed exercise, and
// the quizzes. Problems come back as course.Errors or quiz.Errors, at file and
// line.
func Pack(fsys fs.FS) (*Key, error) {
	c, err := course.LoadSourceFS(fsys)
	if err != nil {
		return nil, err
	}
	if _, err := quizzes(fsys, quiz.Parse); err != nil {
		return nil, err
	}
	names := []string{course.CourseFile, path.Join(course.ExercisesDir, "go.mod")}
	if _, err := fs.Stat(fsys, path.Join(course.ExercisesDir, "go.sum")); err == nil {
		names = append(names, path.Join(course.ExercisesDir, "go.sum"))
	}
	for _, e := range c.Exercises {
		entries, err := fs.ReadDir(fsys, e.Dir)
		if err != nil {
			return nil, err
		}
		for _, en := range entries {
			if !en.IsDir() && Included(en.Name()) {
				names = append(names, path.Join(e.Dir, en.Name()))
			}
		}
	}
	qs, _ := fs.Glob(fsys, course.QuizzesDir+"/*.toml")
	names = append(names, qs...)
	k := &Key{CourseID: c.ID}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(data, []byte("-- ")) || bytes.Contains(data, []byte("\n-- ")) {
			return nil, fmt.Errorf("%s has a line starting with \"-- \", which a key cannot hold: indent it or reword it", name)
		}
		k.files = append(k.files, txtar.File{Name: name, Data: data})
	}
	slices.SortFunc(k.files, func(a, b txtar.File) int { return strings.Compare(a.Name, b.Name) })
	k.Hash = hashFiles(k.files)
	return k, nil
}

// PackDir packs the course source at dir on disk.
func PackDir(dir string) (*Key, error) { return Pack(os.DirFS(dir)) }

// hashFiles hashes the names and contents of the files, in order, unambiguously.
func hashFiles(files []txtar.File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\n%d\n", f.Name, len(f.Data))
		h.Write(f.Data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// ShortHash is the first twelve hex digits of the hash, for people to compare.
func (k *Key) ShortHash() string {
	h := strings.TrimPrefix(k.Hash, "sha256:")
	return h[:min(12, len(h))]
}

// Bytes returns the key file.
func (k *Key) Bytes() []byte {
	comment := fmt.Sprintf("%s\nversion: %d\ncourse: %s\nhash: %s\n"+
		"This file holds the course's answers: keep it out of the students' repositories.\n",
		header, Version, k.CourseID, k.Hash)
	return txtar.Format(&txtar.Archive{Comment: []byte(comment), Files: k.files})
}

// Compact returns the key gzipped and base64-encoded on one line, a form a CI
// secret holds in less than half the size.
func (k *Key) Compact() string {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(k.Bytes())
	zw.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// ErrNotKey means the data is not a gilgrade course key in any form.
var ErrNotKey = errors.New("not a gilgrade course key")

// Parse reads a key, as text or in its Compact form, and checks its version, its
// hash and that the course in it loads with its keys.
func Parse(data []byte) (*Key, error) {
	text := bytes.TrimLeft(data, " \t\r\n")
	if !bytes.HasPrefix(text, []byte(header)) {
		unzipped, err := uncompact(text)
		if err != nil {
			return nil, ErrNotKey
		}
		text = unzipped
	}
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n")) // pasted on Windows
	a := txtar.Parse(text)
	fields := map[string]string{}
	for _, line := range strings.Split(string(a.Comment), "\n")[1:] {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	v, err := strconv.Atoi(fields["version"])
	switch {
	case err != nil:
		return nil, fmt.Errorf("the key has no version line: is it whole?")
	case v > Version:
		return nil, fmt.Errorf("the key is of version %d and this gilgrade reads version %d: use a newer gilgrade", v, Version)
	case v < 1:
		return nil, fmt.Errorf("the key's version %d is not valid", v)
	}
	k := &Key{CourseID: fields["course"], Hash: fields["hash"], files: a.Files}
	if got := hashFiles(k.files); got != k.Hash {
		return nil, fmt.Errorf("the key's files do not match its hash (%s, got %s): it was changed or cut short; make it again with `gilgrade course build`", k.Hash, got)
	}
	c, err := course.LoadSourceFS(k.FS())
	if err != nil {
		return nil, fmt.Errorf("the course in the key does not load: %w", err)
	}
	if _, err := k.Quizzes(); err != nil {
		return nil, fmt.Errorf("the quizzes in the key do not load: %w", err)
	}
	if c.ID != k.CourseID {
		return nil, fmt.Errorf("the key's header names the course %q but holds the course %q", k.CourseID, c.ID)
	}
	return k, nil
}

func uncompact(b []byte) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	// A key is small; a bound keeps a hostile value from filling memory.
	out, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(out, []byte(header)) {
		return nil, ErrNotKey
	}
	return out, nil
}

// FromValue reads a key as --key or GILGRADE_KEY gives it: the key itself (text
// or Compact), else the name of a key file, relative to dir.
func FromValue(v, dir string) (*Key, error) {
	trimmed := strings.TrimSpace(v)
	if strings.HasPrefix(trimmed, header) {
		return Parse([]byte(trimmed))
	}
	name := v
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	data, err := os.ReadFile(name)
	if err != nil && len(trimmed) > 256 {
		// Not a file: the Compact form, as a CI secret holds it.
		if k, perr := Parse([]byte(trimmed)); !errors.Is(perr, ErrNotKey) {
			return k, perr
		}
		return nil, fmt.Errorf("the value is neither a gilgrade course key nor the name of a key file: was it pasted whole?")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the key: %w", err)
	}
	k, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", v, err)
	}
	return k, nil
}

// FS returns the course source the key holds, rooted at the course root.
func (k *Key) FS() fs.FS {
	m := fstest.MapFS{}
	for _, f := range k.files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// Course loads the course in the key, with its solutions, mistakes and hints.
func (k *Key) Course() (*course.Course, error) { return course.LoadSourceFS(k.FS()) }

// Quizzes loads the quizzes in the key, with their keys.
func (k *Key) Quizzes() ([]*quiz.Quiz, error) { return quizzes(k.FS(), quiz.Parse) }

func quizzes(fsys fs.FS, parse func(string, []byte) (*quiz.Quiz, error)) ([]*quiz.Quiz, error) {
	names, _ := fs.Glob(fsys, course.QuizzesDir+"/*.toml")
	var qs []*quiz.Quiz
	var errs quiz.Errors
	seen := map[string]string{}
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		qz, err := parse(name, src)
		var es quiz.Errors
		switch {
		case errors.As(err, &es):
			errs = append(errs, es...)
			continue
		case err != nil:
			return nil, err
		}
		if other, ok := seen[qz.ID]; ok {
			errs = append(errs, &quiz.Error{File: name, Msg: fmt.Sprintf("quiz id %q is already used by %s: give each quiz its own id", qz.ID, other)})
			continue
		}
		seen[qz.ID] = name
		qs = append(qs, qz)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return qs, nil
}

// Workspace returns the student workspace made from the key: every file of the
// course as shipped, except that each exercise.toml holds only the public part
// of the exercise and each quiz only its questions (see course.PublicMeta and
// quiz.Public). Nothing in it gives an answer away.
func (k *Key) Workspace() (fstest.MapFS, error) {
	c, err := k.Course()
	if err != nil {
		return nil, err
	}
	qs, err := k.Quizzes()
	if err != nil {
		return nil, err
	}
	ws := fstest.MapFS{}
	for _, f := range k.files {
		ws[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	for _, e := range c.Exercises {
		ws[path.Join(e.Dir, course.MetaFile)] = &fstest.MapFile{Data: e.PublicMeta(), Mode: 0o644}
	}
	for _, qz := range qs {
		pub, err := qz.Public()
		if err != nil {
			return nil, err
		}
		ws[qz.File] = &fstest.MapFile{Data: pub, Mode: 0o644}
	}
	return ws, nil
}

// Shipped returns the course files a workspace at root is compared with when it
// is graded: the student workspace, except that an exercise.toml an older
// gilgrade wrote (the whole source file, keys and all) is taken as shipped too,
// so such a workspace still checks.
func (k *Key) Shipped(root string) (fs.FS, error) {
	ws, err := k.Workspace()
	if err != nil {
		return nil, err
	}
	for _, f := range k.files {
		if path.Base(f.Name) != course.MetaFile {
			continue
		}
		have, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Name)))
		if err == nil && bytes.Equal(bytes.ReplaceAll(have, []byte("\r\n"), []byte("\n")), f.Data) {
			ws[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
	}
	return ws, nil
}

// IsSourceFile reports whether data is the key's own copy of the file name: what
// an older gilgrade wrote into workspaces, keys and all.
func (k *Key) IsSourceFile(name string, data []byte) bool {
	for _, f := range k.files {
		if f.Name == name {
			return bytes.Equal(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), f.Data)
		}
	}
	return false
}

// Extract writes the course source into dir, as a course on disk to verify.
func (k *Key) Extract(dir string) error {
	for _, f := range k.files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteTree writes the files of fsys into dir, which must not hold a course yet.
func WriteTree(fsys fs.FS, dir string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// Archive packs the files of fsys (a workspace) into one txtar, sorted by name.
func Archive(fsys fs.FS, comment string) ([]byte, error) {
	a := &txtar.Archive{Comment: []byte(comment)}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		a.Files = append(a.Files, txtar.File{Name: p, Data: b})
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(a.Files, func(x, y txtar.File) int { return strings.Compare(x.Name, y.Name) })
	return txtar.Format(a), nil
}

// Unarchive is Archive's inverse.
func Unarchive(data []byte) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range txtar.Parse(data).Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}
