package cli

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
)

// changedSet is what `check --changed BASE` grades: the exercises whose files
// differ from BASE, and the quizzes whose answers file does.
type changedSet struct {
	base      string
	exercises []*course.Exercise
	quizzes   map[string]bool // quiz IDs
	all       bool            // a file every exercise shares changed
}

// errNoGit is returned when the course is not inside a git work tree.
var errNoGit = errors.New("not in a git repository")

// checkChanged is `check --changed BASE`: it grades only what a pull request
// touched, so its check answers in seconds. The full grade, where points are
// recorded, still runs `check --all`.
func (e *Env) checkChanged(c *course.Course, args []string, f gradeFlags) int {
	if len(args) > 0 || f.all {
		return e.exit(usagef("--changed picks the exercises itself: give no exercise and no --all"))
	}
	set, err := changedSince(c, f.changed)
	if err != nil {
		return e.exit(usagef("--changed: %w", err))
	}
	for _, ex := range set.exercises {
		if f.timeout > 0 {
			ex.Timeout = f.timeout
		}
	}
	var quizzes func(id string) bool
	if len(set.quizzes) > 0 {
		quizzes = func(id string) bool { return set.quizzes[id] }
	}
	rep := report.New()
	if len(set.exercises) > 0 || quizzes != nil {
		if rep, err = e.grade(c, set.exercises, quizzes, f); err != nil {
			return e.exit(err)
		}
	}
	rep.Notes = append(rep.Notes, set.note(len(c.Exercises)))
	e.recordProgress(c, rep)
	if err := e.writeReports(c, rep, f); err != nil {
		return e.exit(graderError(err))
	}
	return exitCodeFor(rep, f.minScore)
}

// note tells the reader of a report that it is not the whole course.
func (s *changedSet) note(total int) string {
	base := s.base
	if fullSHA.MatchString(base) {
		base = base[:12]
	}
	var what []string
	for _, ex := range s.exercises {
		what = append(what, ex.ID)
	}
	for _, id := range slices.Sorted(maps.Keys(s.quizzes)) {
		what = append(what, "quiz "+id)
	}
	switch {
	case len(what) == 0:
		return fmt.Sprintf("nothing graded: no exercise or quiz answer changed since %s", base)
	case s.all:
		return fmt.Sprintf("graded every exercise: a file they share changed since %s", base)
	}
	return fmt.Sprintf("graded only what changed since %s: %s (the course has %d exercises; `gilgrade check --all` grades them all)",
		base, strings.Join(what, ", "), total)
}

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40,64}$`)

// changedSince asks git which files of the course differ from base (committed,
// staged, in the work tree or new and not ignored) and maps them to exercises:
// a file inside an exercise's folder selects it; any other file under
// exercises/ (go.mod, course.toml) may change every exercise's result, so it
// selects them all.
func changedSince(c *course.Course, base string) (*changedSet, error) {
	if base == "" || strings.HasPrefix(base, "-") || strings.ContainsAny(base, "\x00\n") {
		return nil, fmt.Errorf("%q is not a git ref", base)
	}
	top, err := git(c.Root, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is %w (%v): --changed compares with a git ref", c.Root, errNoGit, err)
	}
	top = strings.TrimSpace(top)
	sha, err := git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", base+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("there is no commit %q in this repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)", base)
	}
	sha = strings.TrimSpace(sha)
	diff, err := git(top, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", sha, "--")
	if err != nil {
		return nil, fmt.Errorf("git diff %s: %v", base, err)
	}
	untracked, err := git(top, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, fmt.Errorf("git ls-files: %v", err)
	}
	prefix, err := repoPrefix(top, c.Root)
	if err != nil {
		return nil, err
	}
	files := strings.Split(diff+untracked, "\x00")
	return selectChanged(c, base, prefix, files), nil
}

// selectChanged maps changed paths, relative to the repository's root, to the
// course's exercises and quizzes; prefix is the course root inside the
// repository, "" at its root.
func selectChanged(c *course.Course, base, prefix string, files []string) *changedSet {
	set := &changedSet{base: base, quizzes: map[string]bool{}}
	picked := map[string]bool{}
	for _, f := range files {
		if f == "" {
			continue
		}
		if prefix != "" {
			rest, ok := strings.CutPrefix(f, prefix+"/")
			if !ok {
				continue // outside the course
			}
			f = rest
		}
		if dir, name := path.Split(f); dir == AnswersDir+"/" && strings.HasSuffix(name, ".toml") {
			set.quizzes[strings.TrimSuffix(name, ".toml")] = true
			continue
		}
		if !strings.HasPrefix(f, course.ExercisesDir+"/") {
			continue
		}
		inOne := false
		for _, ex := range c.Exercises {
			if strings.HasPrefix(f, ex.Dir+"/") {
				picked[ex.ID], inOne = true, true
			}
		}
		if !inOne {
			set.all = true
		}
	}
	for _, ex := range c.Exercises {
		if set.all || picked[ex.ID] {
			set.exercises = append(set.exercises, ex)
		}
	}
	return set
}

// repoPrefix is dir's path inside the repository whose root is top,
// slash-separated, "" when they are the same.
func repoPrefix(top, dir string) (string, error) {
	t, err := filepath.EvalSymlinks(top)
	if err != nil {
		return "", err
	}
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(t, d)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is not inside the repository at %s", dir, top)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// git runs git in dir and returns its standard output; the error holds its
// standard error.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "core.quotepath=off"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return out.String(), nil
}
