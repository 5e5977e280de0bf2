package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/course"
)

var solutionCmd = &Command{
	Name:    "solution",
	Args:    "[--force] <exercise>",
	Summary: "show the reference solution of an exercise you have passed",
	Run:     runSolution,
}

func runSolution(e *Env, args []string) int {
	fl := e.flags()
	force := fl.Bool("force", false, "show it before you have passed (a spoiler)")
	keyArg := keyFlag(fl)
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	c, ex, err := e.oneExercise(args)
	if err != nil {
		return e.exit(err)
	}
	s := e.Style()
	p := e.loadProgress(c)
	passed := p.Exercises[ex.ID] != nil && p.Exercises[ex.ID].Passed
	if !passed && !*force {
		fmt.Fprintf(e.Stderr, "You have not passed %s yet, so its solution stays hidden for now: working it out is where the learning happens.\n", ex.ID)
		fmt.Fprintf(e.Stderr, "Run %s for a nudge (each call shows one more), and %s to see where you are.\n",
			s.Bold("gilgrade hint "+ex.ID), s.Bold("gilgrade check "+ex.ID))
		fmt.Fprintf(e.Stderr, "%s shows it anyway.\n", s.Dim("gilgrade solution --force "+ex.ID))
		return ExitFailed
	}
	files, err := e.solutionFiles(c, ex, *keyArg)
	if errors.Is(err, errNoKey) {
		return e.exit(usagef("%s", noKeyHelp(c)))
	}
	if err != nil {
		return e.exit(graderf("cannot show the solution of %s: %v", ex.ID, err))
	}
	if !passed {
		fmt.Fprintln(e.Stderr, s.Warn(fmt.Sprintf("Spoiler: the reference solution of %s, which you have not passed yet.", ex.ID)))
	}
	w := e.width()
	for _, f := range files {
		if len(files) > 1 || e.Terminal {
			head := "── " + f.name + " "
			fmt.Fprintln(e.Stdout, s.Dim(head+strings.Repeat("─", max(3, w-len([]rune(head))))))
		}
		fmt.Fprint(e.Stdout, f.text(s.Good))
	}
	return ExitOK
}

// solutionFile is a learner file with its blanks and the fills that solve them.
type solutionFile struct {
	name  string // relative to the course root
	src   []byte // as shipped, with its blanks
	fills []string
}

// text returns the file with the fills in place, each passed through mark (which
// colors it on a terminal) so the learner sees what was filled.
func (f solutionFile) text(mark func(...any) string) string {
	fills := make([]string, len(f.fills))
	for i, fill := range f.fills {
		// Color each line of a multi-line fill on its own so that no escape code
		// spans a line break.
		lines := strings.Split(fill, "\n")
		for j, l := range lines {
			if strings.TrimSpace(l) != "" {
				lead := len(l) - len(strings.TrimLeft(l, " \t"))
				lines[j] = l[:lead] + mark(l[lead:])
			}
		}
		fills[i] = strings.Join(lines, "\n")
	}
	out, err := blanks.Fill(f.src, fills)
	if err != nil {
		return string(f.src) // solutionFiles checked the counts
	}
	return string(out)
}

// solutionFiles returns the learner files of an exercise as shipped, each with the
// solution fills for its blanks. Both come from the course's key (the one
// gilgrade carries, or --key): a student workspace holds no solution. A
// workspace of an older gilgrade, with the solution in its exercise.toml, is read
// as it is, and its files must then still hold every blank.
func (e *Env) solutionFiles(c *course.Course, ex *course.Exercise, keyArg string) ([]solutionFile, error) {
	ke, k, err := e.keyedExercise(c, ex, keyArg)
	if err != nil {
		return nil, err
	}
	read := func(name string) ([]byte, error) {
		if k != nil {
			return fs.ReadFile(k.FS(), name)
		}
		return os.ReadFile(filepath.Join(c.Root, filepath.FromSlash(name)))
	}
	ex = ke
	split, err := ex.SplitFills(ex.Solution, func(f string) ([]byte, error) { return read(path.Join(ex.Dir, f)) })
	if err != nil {
		return nil, fmt.Errorf("%w: run this in a fresh workspace or with the course's own gilgrade", err)
	}
	var files []solutionFile
	for _, ff := range split {
		files = append(files, solutionFile{name: path.Join(ex.Dir, ff.File), src: ff.Src, fills: ff.Fills})
	}
	return files, nil
}
