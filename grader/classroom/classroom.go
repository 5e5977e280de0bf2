// Package classroom grades a whole class: many course workspaces, each copied into
// a temporary folder of its own and graded strictly, a bounded number at a time,
// with identical blank fills graded once, into one gradebook.
package classroom

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
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

// Grader grades the exercises ids of the course workspace at root, strictly, and
// returns its report. ids is never empty. batch is the folder that holds every
// submission's copy, root's among them: the students' code must not see the
// others. An error means the workspace could not be graded at all.
type Grader func(ctx context.Context, batch, root string, ids []string) (*report.Report, error)

// Options says how to grade a batch.
type Options struct {
	// Course is the course gilgrade grades with: its exercises and Quizzes are
	// the gradebook's columns, whatever a submission holds.
	Course  *course.Course
	Quizzes []*quiz.Quiz
	// Version identifies the course's files (see Version); it is part of every
	// dedupe key.
	Version string
	// KeyHash names the grader key the course came from, for every report.
	KeyHash string
	Grade   Grader
	Jobs    int  // submissions graded at once; 0 means 1
	Dedupe  bool // grade an exercise once for all submissions whose files for it are the same
	Race    bool // Grade runs the race detector; reports say whether it did
	// TempDir holds the submissions' copies; "" is the system's.
	TempDir string
	// Env is the environment of git; nil is the process's.
	Env []string
	// Progress, if set, is called as submissions finish.
	Progress func(done, total int)
	// Limits bound what is copied of one submission.
	Limits Limits
}

// Result is a submission's grade.
type Result struct {
	ID     string         `json:"id"`
	Source string         `json:"source"` // credentials removed
	Status Status         `json:"status"`
	Error  string         `json:"error,omitempty"`
	Score  float64        `json:"score"`
	Max    float64        `json:"max_score"`
	Report *report.Report `json:"report,omitempty"`
	// Reused names the exercises whose result was taken from another submission
	// whose files for that exercise are the same (exercise id → that
	// submission's id).
	Reused map[string]string `json:"reused,omitempty"`
}

// AnswersDir holds a workspace's quiz answers files: answers/ID.toml.
const AnswersDir = "answers"

// Grade grades the submissions and returns their results sorted by id. A
// submission that cannot be graded gets status error; the batch goes on.
//
// Each exercise is graded once per distinct key (see exerciseKey) by the first
// submission, in id order, that holds it; the others reuse that result. The
// grader runs every exercise's tests in a process of its own, so a result never
// depends on the submission's other exercises; a result that is an error is
// not reused, and the submission grades that exercise itself. Quizzes are
// graded for every submission from its own answers.
func Grade(ctx context.Context, subs []Submission, o Options) []*Result {
	jobs := max(o.Jobs, 1)
	subs = slices.Clone(subs)
	slices.SortFunc(subs, func(a, b Submission) int { return strings.Compare(a.ID, b.ID) })
	results := make([]*Result, len(subs))
	work := make([]*workspace, len(subs))
	for i, s := range subs {
		results[i] = &Result{ID: s.ID, Source: safetext.RedactURL(s.Source)}
	}
	tmp, err := os.MkdirTemp(o.TempDir, "gilgrade-grade-")
	if err != nil {
		for _, r := range results {
			r.Status, r.Error = Error, err.Error()
		}
		return results
	}
	defer os.RemoveAll(tmp)

	// 1. Copy or clone each submission and key its exercises.
	parallel(len(subs), jobs, func(i int) {
		w, err := prepare(ctx, subs[i], filepath.Join(tmp, strconv.Itoa(i)), o)
		if err != nil {
			results[i].Status, results[i].Error = Error, err.Error()
			return
		}
		work[i] = w
	})

	// 2. Each distinct exercise is graded by the first submission that holds it.
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
		rep, err := o.Grade(ctx, tmp, w.root, ids)
		if err != nil {
			w.err = err
			return
		}
		for _, ex := range rep.Exercises {
			if slices.Contains(ids, ex.ID) {
				w.graded[ex.ID] = ex
			}
		}
		w.notes = append(w.notes, rep.Notes...)
	}
	parallel(len(subs), jobs, func(i int) {
		if w := work[i]; w != nil && len(w.own) > 0 {
			gradeOne(i, w.own)
		}
		if o.Progress != nil {
			mu.Lock()
			done++
			o.Progress(done, len(subs))
			mu.Unlock()
		}
	})

	// 4. Put each report together from its own results and the reused ones; an
	// exercise whose owner could not grade it is graded by the submission itself.
	var again []int
	for i, w := range work {
		if w != nil && w.err == nil {
			if missing := w.missing(work, owner, o.Course); len(missing) > 0 {
				w.alone = missing
				again = append(again, i)
			}
		}
	}
	parallel(len(again), jobs, func(k int) { gradeOne(again[k], work[again[k]].alone) })
	for i, w := range work {
		r := results[i]
		if w == nil {
			continue
		}
		if w.err != nil {
			r.Status, r.Error = Error, w.err.Error()
			continue
		}
		r.Report, r.Reused = w.assemble(work, owner, subs, o)
	}
	for _, r := range results {
		r.Error = safetext.Redact(r.Error)
		if r.Report != nil {
			r.Score, r.Max = r.Report.Score, r.Report.MaxScore
			r.Status = Failed
			if r.Report.Status == report.Passed {
				r.Status = Passed
			}
		}
		if r.Status == "" || r.Error != "" {
			r.Status, r.Report = Error, nil
		}
	}
	return results
}

// workspace is a submission copied for grading.
type workspace struct {
	root   string            // the course root inside the copy
	keys   map[string]string // exercise id → its key
	own    []string          // exercises this submission grades itself
	alone  []string          // exercises it grades itself after their owner could not
	graded map[string]report.Exercise
	notes  []string
	err    error
}

// result returns the exercise's result as graded in this workspace, if it is one
// that may stand: an error is not.
func (w *workspace) result(id string) (report.Exercise, bool) {
	ex, ok := w.graded[id]
	return ex, ok && ex.Status != report.Error
}

// missing lists the exercises for which w has no result to use, from itself or
// from their owner.
func (w *workspace) missing(work []*workspace, owner map[string]int, c *course.Course) []string {
	var ids []string
	for _, e := range c.Exercises {
		if _, ok := w.graded[e.ID]; ok {
			continue // graded here: it stands, error or not
		}
		if src := work[owner[w.keys[e.ID]]]; src != nil && src.err == nil {
			if _, ok := src.result(e.ID); ok {
				continue
			}
		}
		ids = append(ids, e.ID)
	}
	return ids
}

// assemble builds w's report in course order, with its quizzes graded from its
// own answers against the course's quizzes.
func (w *workspace) assemble(work []*workspace, owner map[string]int, subs []Submission, o Options) (*report.Report, map[string]string) {
	rep := report.New()
	rep.RaceChecked = o.Race
	rep.Course, rep.KeyHash = o.Course.ID, o.KeyHash
	rep.Notes = append(rep.Notes, w.notes...)
	var reused map[string]string
	for _, e := range o.Course.Exercises {
		ex, ok := w.graded[e.ID]
		if from := owner[w.keys[e.ID]]; !ok && work[from] != nil {
			if ex, ok = work[from].result(e.ID); ok {
				if reused == nil {
					reused = map[string]string{}
				}
				reused[e.ID] = subs[from].ID
			}
		}
		if !ok {
			// The grader's report left it out: say so rather than leave a hole.
			ex = report.Exercise{ID: e.ID, Slug: e.Slug, Title: e.Title, MaxScore: e.Points, Status: report.Error,
				Tests: []report.Test{}, Diagnostics: []diag.Diagnostic{{Code: string(diag.GraderError), Severity: diag.Error, File: e.Dir,
					Message: "gilgrade's report on this submission did not cover this exercise"}}}
		}
		ex.RaceChecked = ex.RaceChecked && o.Race
		rep.Exercises = append(rep.Exercises, ex)
	}
	if len(reused) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("graded once for the submissions whose files are the same: %s", strings.Join(slices.Sorted(maps.Keys(reused)), ", ")))
	}
	// Symlinks were refused when the submission was copied, so the answers
	// files are the submission's own.
	graded := quiz.GradeDir(filepath.Join(w.root, AnswersDir), o.Quizzes)
	rep.Quizzes, rep.Notes = graded.Quizzes, append(rep.Notes, graded.Notes...)
	rep.Total()
	return rep, reused
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
	w := &workspace{root: root, keys: map[string]string{}, graded: map[string]report.Exercise{}}
	for _, e := range o.Course.Exercises {
		w.keys[e.ID] = exerciseKey(o.Version, root, e)
	}
	return w, nil
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

// IDs names submissions after their sources, made unique with -2, -3….
func IDs(sources []string) []Submission {
	seen := map[string]int{}
	var subs []Submission
	for _, src := range sources {
		// The id is printed and stored: it must not carry a URL's credentials.
		id := path.Base(strings.TrimSuffix(filepath.ToSlash(strings.TrimRight(safetext.RedactURL(src), "/\\")), ".git"))
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
