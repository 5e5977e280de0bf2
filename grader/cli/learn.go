package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/term"
)

var listCmd = &Command{
	Name:    "list",
	Args:    "",
	Summary: "list the exercises with where you are in each",
	Run:     runList,
}

var hintCmd = &Command{
	Name:    "hint",
	Args:    "[--all] [<exercise>]",
	Summary: "show the next hint for an exercise, by default the current one (each time one more)",
	Run:     runHint,
}

// exerciseState is what list shows for an exercise without running anything.
func exerciseState(c *course.Course, p *progress.Progress, ex *course.Exercise) (state string, done bool) {
	left, total := 0, ex.Blanks
	for _, f := range ex.LearnerPaths() {
		src, err := os.ReadFile(filepath.Join(c.Root, filepath.FromSlash(f)))
		if err != nil {
			return "missing file " + f + ": run gilgrade reset " + ex.ID, false
		}
		left += len(blanks.Scan(src))
	}
	if pe := p.Exercises[ex.ID]; pe != nil && pe.Passed {
		if pe.FillsHash == hashFiles(c.Root, ex.LearnerPaths()) {
			return "passed", true
		}
		return "passed before, changed since: check it again", true
	}
	switch {
	case left == total && total > 0:
		return "not started", false
	case left > 0 && total < left:
		return fmt.Sprintf("%d blanks left", left), false
	case left > 0:
		return fmt.Sprintf("%d of %d blanks left", left, total), false
	}
	return "filled in: run gilgrade check " + ex.ID, false
}

func runList(e *Env, args []string) int {
	fl := e.flags()
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) > 0 {
		return e.exit(usagef("list takes no arguments: it lists every exercise"))
	}
	c, err := e.openCourse()
	if err != nil {
		return e.exit(err)
	}
	p := e.loadProgress(c)
	s := e.Style()
	// One row an exercise: the titles make a column as wide as the longest, or
	// as the width leaves beside the widest state, and a longer one is cut at
	// a word.
	type row struct {
		ex     *course.Exercise
		state  string
		passed bool
	}
	var rows []row
	titleW, stateW := 0, 0
	for _, ex := range c.Exercises {
		state, ok := exerciseState(c, p, ex)
		rows = append(rows, row{ex, state, ok})
		titleW = max(titleW, utf8.RuneCountInString(ex.Title))
		stateW = max(stateW, utf8.RuneCountInString(state))
	}
	const minTitle = 16
	titleW = max(min(titleW, e.width()-len("· ex01  ")-1-stateW), minTitle)
	done := 0
	for _, r := range rows {
		mark := s.Dim("·")
		if r.passed {
			done++
			mark = s.Good("✓")
		}
		title := term.Shorten(r.ex.Title, titleW)
		pad := strings.Repeat(" ", titleW-utf8.RuneCountInString(title))
		fmt.Fprintf(e.Stdout, "%s %s  %s%s %s\n", mark, s.Bold(r.ex.ID), title, pad, s.Dim(r.state))
	}
	line := fmt.Sprintf("%d of %d exercises passed", done, len(c.Exercises))
	if barW := min(24, e.width()-utf8.RuneCountInString(line)-3); barW >= 8 {
		line = bar(done, len(c.Exercises), barW) + " " + line
	}
	fmt.Fprintf(e.Stdout, "\n%s\n", line)
	return ExitOK
}

// bar draws a progress bar of the given width.
func bar(n, total, width int) string {
	if total == 0 {
		return ""
	}
	full := n * width / total
	return "[" + strings.Repeat("#", full) + strings.Repeat("-", width-full) + "]"
}

// loadProgress reads the learner's progress, reporting a damaged file.
func (e *Env) loadProgress(c *course.Course) *progress.Progress {
	p, err := progress.Load(c.Root)
	if err != nil {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), err)
	}
	return p
}

func runHint(e *Env, args []string) int {
	fl := e.flags()
	all := fl.Bool("all", false, "show every hint")
	keyArg := keyFlag(fl)
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	c, ex, err := e.oneOrCurrent(args)
	if err != nil {
		return e.exit(err)
	}
	// The hints come with the course's key: the last is nearly the answer, so a
	// student workspace does not hold them.
	ex, _, err = e.keyedExercise(c, ex, *keyArg)
	if errors.Is(err, errNoKey) {
		return e.exit(usagef("%s", noKeyHelp(c)))
	} else if err != nil {
		return e.exit(usageError(err))
	}
	seen := 0
	err = progress.Update(c.Root, func(p *progress.Progress) {
		pe := p.Exercise(ex.ID)
		pe.HintsSeen = min(pe.HintsSeen+1, len(ex.Hints))
		if *all {
			pe.HintsSeen = len(ex.Hints)
		}
		seen = pe.HintsSeen
	})
	if err != nil && !errors.Is(err, progress.ErrCorrupt) {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), "could not save which hints you saw:", err)
		seen = 1
	}
	s := e.Style()
	fmt.Fprintf(e.Stdout, "%s %s\n\n", s.Bold(ex.ID), ex.Title)
	for i := range seen {
		fmt.Fprintf(e.Stdout, "%s %s\n\n", s.Warn(fmt.Sprintf("Hint %d of %d:", i+1, len(ex.Hints))), ex.Hints[i])
	}
	if seen < len(ex.Hints) {
		fmt.Fprintf(e.Stdout, "%s\n", s.Dim(fmt.Sprintf("Run `gilgrade hint %s` again for the next one.", ex.ID)))
	}
	return ExitOK
}

var resetCmd = &Command{
	Name:    "reset",
	Args:    "[--solution] <exercise>... | --all",
	Summary: "restore exercises as shipped, keeping your files as backups",
	Run:     runReset,
}

func runReset(e *Env, args []string) int {
	fl := e.flags()
	all := fl.Bool("all", false, "reset every exercise")
	solution := fl.Bool("solution", false, "write the reference solution instead (a spoiler: for authors and demos)")
	keyArg := keyFlag(fl)
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	c, err := e.openCourse()
	if err != nil {
		return e.exit(err)
	}
	if len(args) == 0 && !*all {
		return e.exit(usagef("say which exercise to reset, or --all"))
	}
	exs, err := e.exercises(c, args, *all)
	if err != nil {
		return e.exit(err)
	}
	k, err := e.keyFor(c, *keyArg)
	if errors.Is(err, errNoKey) {
		return e.exit(graderf("this gilgrade (%s) ships a different course than the one in %s, so it cannot restore it without the course's key (--key FILE or $%s)", Version(), c.Root, coursekey.EnvVar))
	} else if err != nil {
		return e.exit(usageError(err))
	}
	shipped, err := k.Workspace()
	if err != nil {
		return e.exit(graderError(err))
	}
	kc, err := k.Course()
	if err != nil {
		return e.exit(graderError(err))
	}
	// An older gilgrade wrote the source's own exercise.toml and quizzes, keys
	// and all: those are replaced by the student's copy without a backup, which
	// would keep the keys in the workspace.
	replace := func(name string, have []byte) bool { return k.IsSourceFile(name, have) }
	s := e.Style()
	if *solution {
		fmt.Fprintln(e.Stdout, s.Warn("Spoiler: writing the reference solutions."))
	}
	// The module file is shared by every exercise; restore it too.
	if _, err := restoreFile(shipped, c.Root, path.Join(course.ExercisesDir, "go.mod"), nil, nil); err != nil {
		return e.exit(graderError(err))
	}
	if *all {
		// The quizzes too: a workspace of an older gilgrade holds their keys.
		quizzes, _ := fs.Glob(shipped, course.QuizzesDir+"/*.toml")
		for _, name := range quizzes {
			if _, err := restoreFile(shipped, c.Root, name, nil, replace); err != nil {
				return e.exit(graderError(err))
			}
		}
	}
	for _, ex := range exs {
		var backups []string
		entries, err := fs.ReadDir(shipped, ex.Dir)
		if err != nil {
			return e.exit(graderf("%s is not in the course this gilgrade ships", ex.ID))
		}
		// With --solution the learner files are written filled in.
		filled := map[string]func([]byte) ([]byte, error){}
		if *solution {
			i := slices.IndexFunc(kc.Exercises, func(x *course.Exercise) bool { return x.Dir == ex.Dir })
			if i < 0 {
				return e.exit(graderf("the course's key has no exercise %s", ex.Dir))
			}
			ke := kc.Exercises[i]
			files, err := ke.SplitFills(ke.Solution, func(f string) ([]byte, error) {
				return fs.ReadFile(shipped, path.Join(ex.Dir, f))
			})
			if err != nil {
				return e.exit(graderError(err))
			}
			for _, ff := range files {
				filled[ff.File] = func([]byte) ([]byte, error) { return ff.Filled() }
			}
		}
		for _, en := range entries {
			name := path.Join(ex.Dir, en.Name())
			backup, err := restoreFile(shipped, c.Root, name, filled[en.Name()], replace)
			if err != nil {
				return e.exit(graderError(err))
			}
			if backup != "" {
				backups = append(backups, backup)
			}
		}
		what := "restored as shipped"
		if *solution {
			what = "filled with the reference solution"
		}
		fmt.Fprintf(e.Stdout, "%s %s %s\n", s.Good("✓"), ex.ID, what)
		for _, b := range backups {
			fmt.Fprintf(e.Stdout, "  your previous file is kept as %s\n", b)
		}
	}
	return ExitOK
}

// restoreFile writes the shipped file (transformed, if transform is set) to the
// workspace. A workspace file that differs is first renamed to a backup, whose
// path it returns, unless replace says it may go; an identical one is left alone.
func restoreFile(shipped fs.FS, root, name string, transform func([]byte) ([]byte, error), replace func(name string, have []byte) bool) (string, error) {
	want, err := fs.ReadFile(shipped, name)
	if err != nil {
		return "", err
	}
	if transform != nil {
		if want, err = transform(want); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	}
	dst := filepath.Join(root, filepath.FromSlash(name))
	have, err := os.ReadFile(dst)
	switch {
	case err == nil && bytes.Equal(have, want):
		return "", nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", err
	}
	backup := ""
	if err == nil && !(replace != nil && replace(name, have)) {
		backup = freeBackupName(dst)
		if err := os.Rename(dst, backup); err != nil {
			return "", fmt.Errorf("cannot keep a backup of %s, so it was not reset: %w", name, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(dst, want, 0o644); err != nil {
		return "", err
	}
	if backup != "" {
		rel, _ := filepath.Rel(root, backup)
		return filepath.ToSlash(rel), nil
	}
	return "", nil
}

// freeBackupName returns name.bak, or name.bak2, name.bak3… if taken.
func freeBackupName(name string) string {
	for i := 1; ; i++ {
		b := name + ".bak"
		if i > 1 {
			b = fmt.Sprintf("%s.bak%d", name, i)
		}
		if _, err := os.Lstat(b); errors.Is(err, fs.ErrNotExist) {
			return b
		}
	}
}

var initCmd = &Command{
	Name:    "init",
	Args:    "[dir]",
	Summary: "write a fresh course workspace (default: ./go-concurrency)",
	Run:     runInit,
}

// workspaceIgnore is the .gitignore of a new workspace.
const workspaceIgnore = `# gilgrade's progress file is yours, not the course's.
.gilgrade/
# Backups that gilgrade reset keeps.
*.bak
*.bak[0-9]*
# A course's grader key holds its answers: never commit one.
*.gilkey
*.gilkey.b64
`

// writeIgnore writes the workspace's .gitignore unless it has one.
func writeIgnore(dir string) error {
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(ignore); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.WriteFile(ignore, []byte(workspaceIgnore), 0o644)
}

func runInit(e *Env, args []string) int {
	fl := e.flags()
	keyArg := fl.String("key", "", "write the workspace of the course whose grader key is in `FILE` (default: the course gilgrade carries)")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) > 1 {
		return e.exit(usagef("init takes at most one folder"))
	}
	// Only the student workspace is written: the key stays inside gilgrade (or
	// with the teacher), so no file of the workspace gives an answer away.
	shipped := bundle.Workspace()
	if *keyArg != "" {
		k, _, err := e.courseKey(*keyArg)
		if err == nil {
			shipped, err = k.Workspace()
		}
		if err != nil {
			return e.exit(usagef("--key: %w", err))
		}
	}
	c, err := course.LoadFS(shipped)
	if err != nil {
		return e.exit(graderf("the course inside this gilgrade is broken: %w", err))
	}
	dir := c.ID
	if len(args) == 1 {
		dir = args[0]
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(e.Dir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(course.CourseFile))); err == nil {
		return e.exit(usagef("%s already holds a course; nothing was changed (use `gilgrade reset` there to restore exercises)", dir))
	}
	for _, d := range bundle.Dirs {
		if _, err := os.Stat(filepath.Join(dir, d)); err == nil {
			return e.exit(usagef("%s already has a %s folder; choose an empty folder so nothing of yours is overwritten", dir, d))
		}
	}
	err = coursekey.WriteTree(shipped, dir)
	if err == nil {
		err = writeIgnore(dir)
	}
	if err != nil {
		return e.exit(graderf("cannot write the workspace: %w", err))
	}
	rel, _ := filepath.Rel(e.Dir, dir)
	s := e.Style()
	fmt.Fprintf(e.Stdout, "%s wrote the course %q to %s\n\n%s\n", s.Good("✓"), c.Title, rel, strings.TrimSpace(c.Welcome))
	fmt.Fprintf(e.Stdout, "\nNext:\n  cd %s\n  gilgrade\n", rel)
	return ExitOK
}
