// Package classroom grades a whole class: many course workspaces, each copied into
// a temporary folder of its own and graded strictly, a bounded number at a time,
// with identical blank fills graded once, into one gradebook.
package classroom

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/sandbox"
)

// Status is a submission's verdict in the gradebook.
type Status string

const (
	Passed Status = "passed" // every exercise passed
	Failed Status = "failed" // graded; something failed or is unfinished
	Error  Status = "error"  // could not be graded; Result.Error says why
)

// Submission is one student's work: a course workspace folder, or a git
// repository (a URL, or a path to a bare repository) cloned for grading.
type Submission struct {
	ID     string // unique in the batch; the gradebook's row name
	Source string
}

// Grader grades the exercises ids (every exercise when ids is empty) of the course
// workspace at root, strictly, and returns its report. An error means the
// workspace could not be graded at all.
type Grader func(ctx context.Context, root string, ids []string) (*report.Report, error)

// Options says how to grade a batch.
type Options struct {
	Course *course.Course // the course as shipped: its exercises are the gradebook's columns
	Grade  Grader
	Jobs   int  // submissions graded at once; 0 means 1
	Dedupe bool // grade identical exercise folders once
	// TempDir holds the submissions' copies; "" is the system's.
	TempDir string
	// Env is the environment of git clone; nil is the process's.
	Env []string
	// Progress, if set, is called as submissions finish.
	Progress func(done, total int)
	// MaxFiles and MaxBytes bound what is copied of one submission.
	MaxFiles int
	MaxBytes int64
	// Quizzes, if set, grades the quiz answers of the workspace at root. Every
	// submission gets its quizzes from it, also one whose exercises were all
	// graded in another's run; nil keeps the quizzes of the grader's report.
	Quizzes func(root string) []report.Quiz
}

// Result is a submission's grade.
type Result struct {
	ID     string         `json:"id"`
	Source string         `json:"source"`
	Status Status         `json:"status"`
	Error  string         `json:"error,omitempty"`
	Score  float64        `json:"score"`
	Max    float64        `json:"max_score"`
	Report *report.Report `json:"report,omitempty"`
	// Reused names the exercises whose result was taken from another submission
	// with the same files (exercise id → that submission's id).
	Reused map[string]string `json:"reused,omitempty"`
}

// Grade grades the submissions and returns their results sorted by id. A
// submission that cannot be graded gets status error; the batch goes on.
func Grade(ctx context.Context, subs []Submission, o Options) []*Result {
	jobs := max(o.Jobs, 1)
	subs = slices.Clone(subs)
	slices.SortFunc(subs, func(a, b Submission) int { return strings.Compare(a.ID, b.ID) })
	results := make([]*Result, len(subs))
	work := make([]*workspace, len(subs))
	tmp, err := os.MkdirTemp(o.TempDir, "gilgrade-grade-")
	if err != nil {
		for i, s := range subs {
			results[i] = &Result{ID: s.ID, Source: s.Source, Status: Error, Error: err.Error()}
		}
		return results
	}
	defer os.RemoveAll(tmp)

	// 1. Copy or clone each submission and hash its exercise folders.
	parallel(len(subs), jobs, func(i int) {
		s := subs[i]
		results[i] = &Result{ID: s.ID, Source: s.Source}
		w, err := prepare(ctx, s, filepath.Join(tmp, strconv.Itoa(i)), o)
		if err != nil {
			results[i].Status, results[i].Error = Error, err.Error()
			return
		}
		work[i] = w
	})

	// 2. Each distinct exercise folder is graded by the first submission (in id
	// order) that holds it.
	owner := map[string]int{} // exercise key → submission index
	for i, w := range work {
		if w == nil {
			continue
		}
		for _, e := range o.Course.Exercises {
			k := w.keys[e.ID]
			if _, taken := owner[k]; !o.Dedupe || !taken {
				owner[k] = i
				w.own = append(w.own, e.ID)
			}
		}
	}

	// 3. Grade, a bounded number of submissions at a time.
	var mu sync.Mutex
	done := 0
	gradeOne := func(i int, ids []string) {
		w := work[i]
		rep, err := o.Grade(ctx, w.root, ids)
		if err != nil {
			results[i].Status, results[i].Error = Error, err.Error()
			work[i] = nil
			return
		}
		if w.rep == nil {
			w.rep = rep
		} else {
			w.rep.Exercises = append(w.rep.Exercises, rep.Exercises...)
		}
	}
	parallel(len(subs), jobs, func(i int) {
		if w := work[i]; w != nil && len(w.own) > 0 {
			gradeOne(i, idsOrAll(w.own, len(o.Course.Exercises)))
		}
		if o.Progress != nil {
			mu.Lock()
			done++
			o.Progress(done, len(subs))
			mu.Unlock()
		}
	})

	// 4. Put each report together from its own results and the reused ones; a
	// submission whose owner failed is graded on its own.
	for i, w := range work {
		if w == nil {
			continue
		}
		if o.Quizzes != nil {
			w.quizzes = o.Quizzes(w.root)
		}
		if missing := assemble(results[i], w, work, owner, o.Course, subs); len(missing) > 0 {
			w.own = append(w.own, missing...)
			gradeOne(i, missing)
			if work[i] != nil {
				assemble(results[i], w, work, owner, o.Course, subs)
			}
		}
	}
	for _, r := range results {
		if r.Error != "" {
			r.Status, r.Report = Error, nil
		}
		if r.Report != nil {
			r.Score, r.Max = r.Report.Score, r.Report.MaxScore
			r.Status = Failed
			if r.Report.Status == report.Passed {
				r.Status = Passed
			}
		}
		if r.Status == "" {
			r.Status = Error
		}
	}
	return results
}

func idsOrAll(ids []string, n int) []string {
	if len(ids) == n {
		return nil // every exercise: the grader takes them all in one go
	}
	return ids
}

// assemble builds r's report in course order. It returns the exercises it could
// find no result for.
func assemble(r *Result, w *workspace, work []*workspace, owner map[string]int, c *course.Course, subs []Submission) []string {
	rep := report.New()
	if w.rep != nil {
		rep.RaceChecked = w.rep.RaceChecked
		rep.Course, rep.KeyHash = w.rep.Course, w.rep.KeyHash
		rep.Notes = append(rep.Notes, w.rep.Notes...)
		rep.Quizzes = append(rep.Quizzes, w.rep.Quizzes...)
	}
	if w.quizzes != nil {
		rep.Quizzes = w.quizzes
	}
	var missing []string
	r.Reused = nil
	for _, e := range c.Exercises {
		from := owner[w.keys[e.ID]]
		src := work[from]
		if slices.Contains(w.own, e.ID) {
			src = w
		}
		var ex *report.Exercise
		if src != nil && src.rep != nil {
			ex = findExercise(src.rep, e.ID)
		}
		if ex == nil {
			missing = append(missing, e.ID)
			continue
		}
		if src != w {
			if r.Reused == nil {
				r.Reused = map[string]string{}
			}
			r.Reused[e.ID] = subs[from].ID
		}
		rep.Exercises = append(rep.Exercises, *ex)
	}
	if len(r.Reused) > 0 {
		ids := slices.Sorted(mapsKeys(r.Reused))
		rep.Notes = append(rep.Notes, fmt.Sprintf("graded once for identical submissions: %s", strings.Join(ids, ", ")))
	}
	rep.Total()
	r.Report = rep
	return missing
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func findExercise(r *report.Report, id string) *report.Exercise {
	for i := range r.Exercises {
		if r.Exercises[i].ID == id {
			return &r.Exercises[i]
		}
	}
	return nil
}

// parallel runs f(0..n-1) with at most jobs at once.
func parallel(n, jobs int, f func(i int)) {
	sem := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			f(i)
		})
	}
	wg.Wait()
}

// workspace is a submission copied for grading.
type workspace struct {
	root string            // the course root inside the copy
	keys map[string]string // exercise id → hash of its folder and go.mod
	own  []string          // exercises this submission grades itself
	rep  *report.Report
	// quizzes are the submission's own quiz results, when Options.Quizzes is set.
	quizzes []report.Quiz
}

// ErrNotCourse means a submission holds no course workspace.
var ErrNotCourse = errors.New("not a course workspace: no " + course.CourseFile + " at its top or one folder down")

func prepare(ctx context.Context, s Submission, dir string, o Options) (*workspace, error) {
	if err := fetch(ctx, s.Source, dir, o); err != nil {
		return nil, err
	}
	root, err := findRoot(dir)
	if err != nil {
		return nil, err
	}
	w := &workspace{root: root, keys: map[string]string{}}
	mod, _ := os.ReadFile(filepath.Join(root, course.ExercisesDir, "go.mod"))
	for _, e := range o.Course.Exercises {
		w.keys[e.ID] = e.ID + ":" + hashDir(filepath.Join(root, filepath.FromSlash(e.Dir)), mod)
	}
	return w, nil
}

// fetch copies a folder, or clones a git repository, into dir.
func fetch(ctx context.Context, src, dir string, o Options) error {
	if fi, err := os.Stat(src); err == nil && fi.IsDir() && !isBareRepo(src) {
		return copyTree(src, dir, cmp.Or(o.MaxFiles, 20000), cmp.Or(o.MaxBytes, 200<<20))
	}
	if !looksLikeGit(src) {
		return fmt.Errorf("%s is neither a folder nor a git repository", src)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "clone", "--quiet", "--depth", "1", "--no-tags", "--", src, dir)
	env := o.Env
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = append(env, "GIT_TERMINAL_PROMPT=0", "GIT_LFS_SKIP_SMUDGE=1")
	sandbox.Prepare(cmd)
	out := &sandbox.Buffer{Max: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("git clone failed: %s", cmp.Or(strings.TrimSpace(out.String()), err.Error()))
	}
	return os.RemoveAll(filepath.Join(dir, ".git"))
}

func isBareRepo(dir string) bool {
	_, e1 := os.Stat(filepath.Join(dir, "HEAD"))
	fi, e2 := os.Stat(filepath.Join(dir, "objects"))
	return e1 == nil && e2 == nil && fi.IsDir()
}

func looksLikeGit(src string) bool {
	return strings.Contains(src, "://") || strings.HasPrefix(src, "git@") || strings.HasSuffix(src, ".git") || isBareRepo(src)
}

// copyTree copies the regular files of src into dst, leaving out .git and
// symbolic links (a link could point anywhere on the grading machine).
func copyTree(src, dst string, maxFiles int, maxBytes int64) error {
	files, size := 0, int64(0)
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir() && d.Name() == ".git" && p != src:
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += fi.Size()
		if files > maxFiles || size > maxBytes {
			return fmt.Errorf("the submission is too large to grade (more than %d files or %d MiB)", maxFiles, maxBytes>>20)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// findRoot finds the course root at the top of dir or in one of its folders.
func findRoot(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(course.CourseFile))); err == nil {
		return dir, nil
	}
	entries, _ := os.ReadDir(dir)
	var found []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), filepath.FromSlash(course.CourseFile))); err == nil {
				found = append(found, filepath.Join(dir, e.Name()))
			}
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return "", ErrNotCourse
}

// hashDir hashes the regular files of an exercise folder (names and contents,
// hidden files aside) with the module's go.mod: two submissions with the same
// hash are graded the same.
func hashDir(dir string, mod []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "go.mod %d\n", len(mod))
	h.Write(mod)
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintf(h, "missing\n")
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// IDs names submissions after their sources, made unique with -2, -3….
func IDs(sources []string) []Submission {
	seen := map[string]int{}
	var subs []Submission
	for _, src := range sources {
		id := path.Base(strings.TrimSuffix(filepath.ToSlash(strings.TrimRight(src, "/\\")), ".git"))
		if i := strings.LastIndexAny(id, ":"); i >= 0 {
			id = id[i+1:]
		}
		if id == "" || id == "." || id == "/" {
			id = "submission"
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		subs = append(subs, Submission{ID: id, Source: src})
	}
	return subs
}

// Shard returns the part i (1-based) of n of the submissions, split by sorted id
// so that every machine of a CI matrix computes the same split.
func Shard(subs []Submission, i, n int) []Submission {
	s := slices.Clone(subs)
	slices.SortFunc(s, func(a, b Submission) int { return strings.Compare(a.ID, b.ID) })
	var out []Submission
	for k, sub := range s {
		if k%n == i-1 {
			out = append(out, sub)
		}
	}
	return out
}

// ParseShard reads "i/n".
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("%q is not a shard: write i/n with 1 ≤ i ≤ n, like 2/4", s)
	}
	return i, n, nil
}
