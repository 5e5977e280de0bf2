package classroom

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/safetext"
	"github.com/gilgrade/gilgrade/grader/sandbox"
)

// Limits bound what is taken of one submission, whether it is a folder or a git
// repository. They are enforced while copying, before a byte past them is
// written.
type Limits struct {
	Files     int   // regular files; 0 is 20,000
	Bytes     int64 // all files together; 0 is 200 MiB
	FileBytes int64 // one file; 0 is 20 MiB
}

func (l Limits) withDefaults() Limits {
	return Limits{Files: cmp.Or(l.Files, 20000), Bytes: cmp.Or(l.Bytes, 200<<20), FileBytes: cmp.Or(l.FileBytes, 20<<20)}
}

// download bounds the bytes a clone may write: what a tree within the limits
// takes in git's pack, with room for git's own files. A pack holds each file
// deflated (at worst a few bytes per 16 KiB more than the file), behind an
// object header, beside the trees' entries; the pack's index takes 32 bytes an
// object; a bare repository's own files (config, sample hooks) take under 100
// KiB.
func (l Limits) download() int64 {
	return l.Bytes + l.Bytes/64 + int64(l.Files)*512 + 1<<20
}

// sizeText says n bytes in the largest unit that keeps it whole-ish.
func sizeText(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ErrRefused marks a submission gilgrade will not grade as it is: a symbolic link,
// a special file, or too much data.
var ErrRefused = errors.New("submission refused")

// budget counts what has been taken of a submission against its limits.
type budget struct {
	l     Limits
	files int
	bytes int64
}

// take accounts for one file of size bytes named name (slash-separated).
func (b *budget) take(name string, size int64) error {
	b.files++
	b.bytes += size
	switch {
	case size > b.l.FileBytes:
		return fmt.Errorf("%w: %s is larger than %s", ErrRefused, name, sizeText(b.l.FileBytes))
	case b.files > b.l.Files:
		return fmt.Errorf("%w: more than %d files", ErrRefused, b.l.Files)
	case b.bytes > b.l.Bytes:
		return fmt.Errorf("%w: more than %s in all", ErrRefused, sizeText(b.l.Bytes))
	}
	return nil
}

// fetch copies a folder, or a git repository's last commit, into dir.
func fetch(ctx context.Context, src, dir string, o Options) error {
	l := o.Limits.withDefaults()
	if fi, err := os.Stat(src); err == nil && fi.IsDir() && !isBareRepo(src) {
		return copyTree(src, dir, l)
	}
	if !looksLikeGit(src) {
		return fmt.Errorf("%s is neither a folder nor a git repository", src)
	}
	return cloneTree(ctx, src, dir, l, o.Env)
}

// copyTree copies the regular files of src into dst, leaving out .git. A symbolic
// link or a special file refuses the submission: a link could point anywhere on
// the grading machine, and no exercise needs one.
func copyTree(src, dst string, l Limits) error {
	b := &budget{l: l}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && d.Name() == ".git" && p != src:
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("%w: %s is a symbolic link; submissions must hold regular files only", ErrRefused, name)
		case !d.Type().IsRegular():
			return fmt.Errorf("%w: %s is not a regular file", ErrRefused, name)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		fi, err := in.Stat()
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			// Replaced between the walk and the open.
			return fmt.Errorf("%w: %s is not a regular file", ErrRefused, name)
		}
		if err := b.take(name, fi.Size()); err != nil {
			return err
		}
		// The file may grow while it is copied: copy at most what was counted.
		return writeFile(target, io.LimitReader(in, fi.Size()))
	})
}

func writeFile(name string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// cloneTree fetches the last commit of a git repository without checking it out,
// reads its tree, and writes its files into dir only once the tree is within the
// limits and holds nothing but regular files.
func cloneTree(ctx context.Context, src, dir string, l Limits, env []string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if env == nil {
		env = os.Environ()
	}
	env = append(env, "GIT_TERMINAL_PROMPT=0", "GIT_LFS_SKIP_SMUDGE=1")
	repo := dir + ".git"
	defer os.RemoveAll(repo)
	git := func(ctx context.Context, stdout io.Writer, stdin io.Reader, args ...string) error {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Env = env
		sandbox.Prepare(cmd)
		errs := &sandbox.Buffer{Max: 4 << 10}
		cmd.Stdout, cmd.Stderr, cmd.Stdin = stdout, errs, stdin
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s failed: %s", args[0], safetext.Redact(cmp.Or(strings.TrimSpace(errs.String()), err.Error())))
		}
		return nil
	}
	// --no-local: a repository on this machine is fetched as a remote one is, so
	// that --depth holds, and nothing of the submitter's is hard-linked in.
	err := withinSize(ctx, repo, l.download(), func(ctx context.Context) error {
		return git(ctx, io.Discard, nil, "clone", "--quiet", "--bare", "--no-local", "--depth", "1", "--no-tags", "--single-branch", "--", src, repo)
	})
	if errors.Is(err, errDownload) {
		return fmt.Errorf("%w: cloning the repository wrote more than %s (a submission holds at most %s in all)", ErrRefused, sizeText(l.download()), sizeText(l.Bytes))
	}
	if err != nil {
		return err
	}
	var tree bytes.Buffer
	if err := git(ctx, &limitedBuffer{b: &tree, max: 16 << 20}, nil, "--git-dir", repo, "ls-tree", "-r", "-l", "-z", "--full-tree", "HEAD"); err != nil {
		return err
	}
	type blob struct {
		oid, name string
		size      int64
	}
	var blobs []blob
	b := &budget{l: l}
	for _, entry := range bytes.Split(bytes.TrimSuffix(tree.Bytes(), []byte{0}), []byte{0}) {
		if len(entry) == 0 {
			continue
		}
		meta, name, ok := strings.Cut(string(entry), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 {
			return fmt.Errorf("git ls-tree printed %q, which gilgrade cannot read", safetext.Line(string(entry)))
		}
		if !safeName(name) {
			return fmt.Errorf("%w: the repository holds a file named %q", ErrRefused, safetext.Line(name))
		}
		switch f[0] {
		case "120000":
			return fmt.Errorf("%w: %s is a symbolic link; submissions must hold regular files only", ErrRefused, safetext.Line(name))
		case "160000":
			continue // a submodule: not fetched, as a plain clone would leave it empty
		case "100644", "100755":
		default:
			return fmt.Errorf("%w: %s is not a regular file", ErrRefused, safetext.Line(name))
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return fmt.Errorf("git ls-tree printed %q, which gilgrade cannot read", safetext.Line(string(entry)))
		}
		if err := b.take(name, size); err != nil {
			return err
		}
		if path.Base(name) == ".git" || strings.HasPrefix(name, ".git/") || strings.Contains(name, "/.git/") {
			continue
		}
		blobs = append(blobs, blob{oid: f[2], name: name, size: size})
	}
	// One git process streams every blob; each is written with the size the tree
	// declared, which the budget above already allowed.
	pr, pw := io.Pipe()
	var in bytes.Buffer
	for _, bl := range blobs {
		in.WriteString(bl.oid + "\n")
	}
	errc := make(chan error, 1)
	go func() {
		err := git(ctx, pw, &in, "--git-dir", repo, "cat-file", "--batch")
		pw.CloseWithError(err)
		errc <- err
	}()
	br := bufio.NewReader(pr)
	var werr error
	for _, bl := range blobs {
		head, err := br.ReadString('\n')
		if err != nil {
			werr = fmt.Errorf("reading %s from git: %w", bl.name, err)
			break
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[0] != bl.oid || f[1] != "blob" || f[2] != strconv.FormatInt(bl.size, 10) {
			werr = fmt.Errorf("git cat-file printed %q for %s", safetext.Line(head), bl.name)
			break
		}
		if werr = writeFile(filepath.Join(dir, filepath.FromSlash(bl.name)), io.LimitReader(br, bl.size)); werr != nil {
			break
		}
		if _, err := br.Discard(1); err != nil { // the newline after the contents
			werr = err
			break
		}
	}
	pr.CloseWithError(errors.New("stopped reading"))
	if err := <-errc; werr == nil && err != nil {
		werr = err
	}
	if werr == nil {
		werr = os.MkdirAll(dir, 0o755) // an empty repository is still a folder
	}
	return werr
}

// errDownload stops a clone that writes more than it may.
var errDownload = errors.New("the download passed its limit")

// sizeEvery is how often withinSize measures what a clone has written: a clone
// passes its limit by at most what it writes in one tick, some tens of MiB at
// the few hundred MiB a second a fast disk takes.
const sizeEvery = 50 * time.Millisecond

// withinSize runs fetch, which writes into dir, and stops it (by cancelling its
// context, which kills its process group) once the files under dir hold more
// than max bytes; then, or when they do once fetch has returned, it returns
// errDownload. A size limit of the kernel's (RLIMIT_FSIZE) would bound each
// file, not their sum (a fetch may write loose objects), and git's error would
// not say why it stopped.
func withinSize(ctx context.Context, dir string, max int64, fetch func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		tick := time.NewTicker(sizeEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if treeSize(dir) > max {
					cancel(errDownload)
					return
				}
			}
		}
	}()
	err := fetch(ctx)
	close(done)
	<-watched
	if errors.Is(context.Cause(ctx), errDownload) || treeSize(dir) > max {
		return errDownload
	}
	return err
}

// treeSize returns the bytes of the regular files under dir, as far as they can
// be read while they change.
func treeSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// safeName reports whether a path from a git tree stays inside the folder it is
// written to.
func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// limitedBuffer keeps at most max bytes and then fails the write.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > l.max {
		return 0, fmt.Errorf("%w: the repository's file list is longer than %d MiB", ErrRefused, l.max>>20)
	}
	return l.b.Write(p)
}

func isBareRepo(dir string) bool {
	_, e1 := os.Stat(filepath.Join(dir, "HEAD"))
	fi, e2 := os.Stat(filepath.Join(dir, "objects"))
	return e1 == nil && e2 == nil && fi.IsDir()
}

func looksLikeGit(src string) bool {
	return strings.Contains(src, "://") || strings.HasPrefix(src, "git@") || strings.HasSuffix(src, ".git") || isBareRepo(src)
}
