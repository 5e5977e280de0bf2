package cli

import (
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/term"
)

// statusCmd runs when gilgrade is called with no arguments.
var statusCmd = &Command{
	Name:    "",
	Summary: "where you are and what to do next",
	Run:     runStatus,
}

// standing is where a learner is in the course, read from the workspace and the
// progress file without running anything.
type standing struct {
	passed      int              // exercises passed
	next        *course.Exercise // the first exercise not passed; nil when all are
	fresh       bool             // nothing done yet: no progress, every exercise untouched
	quizzes     int              // quizzes in the course
	quizzesDone int              // quizzes taken at least once
}

func standingOf(c *course.Course, p *progress.Progress) standing {
	st := standing{fresh: len(p.Exercises) == 0 && len(p.Quizzes) == 0}
	for _, ex := range c.Exercises {
		state, passed := exerciseState(c, p, ex)
		if passed {
			st.passed++
		} else if st.next == nil {
			st.next = ex
		}
		if state != "not started" {
			st.fresh = false
		}
	}
	// A broken quiz file is the quiz command's to report; here it only counts less.
	qs, _ := quiz.LoadDir(filepath.Join(c.Root, course.QuizzesDir))
	for _, q := range qs {
		if q == nil {
			continue
		}
		st.quizzes++
		if pq := p.Quizzes[q.ID]; pq != nil && pq.MaxScore > 0 {
			st.quizzesDone++
		}
	}
	return st
}

// nextAfter returns the first exercise after ex, in course order, that has not
// passed; it wraps around, and returns nil when every other exercise has passed.
func nextAfter(c *course.Course, p *progress.Progress, ex *course.Exercise) *course.Exercise {
	n := len(c.Exercises)
	at := 0
	for i, x := range c.Exercises {
		if x == ex {
			at = i
		}
	}
	for k := 1; k < n; k++ {
		x := c.Exercises[(at+k)%n]
		if _, passed := exerciseState(c, p, x); !passed {
			return x
		}
	}
	return nil
}

func runStatus(e *Env, args []string) int {
	rest, err := e.parseFlags(e.flags(), args)
	if err != nil {
		return e.exit(err)
	}
	if len(rest) > 0 {
		return e.exit(usagef("flags go after the command, like `gilgrade %s --no-color`", rest[0]))
	}
	c, err := e.openCourse()
	if err != nil {
		return e.exit(err)
	}
	p := e.loadProgress(c)
	e.writeStatus(e.Stdout, c, standingOf(c, p))
	return ExitOK
}

// writeStatus writes the progress bar and what to do next.
func (e *Env) writeStatus(w io.Writer, c *course.Course, st standing) {
	s := e.Style()
	width := e.width()
	say := func(format string, a ...any) {
		fmt.Fprintln(w, term.WrapLines(fmt.Sprintf(format, a...), width))
	}
	if st.fresh {
		say("%s\n\n%s\n", s.Bold(c.Title), strings.TrimSpace(c.Welcome))
	}
	line := fmt.Sprintf("%d of %d exercises passed", st.passed, len(c.Exercises))
	if st.quizzes > 0 {
		line += fmt.Sprintf(", %d of %d quizzes taken", st.quizzesDone, st.quizzes)
	}
	// The bar takes what the line leaves, within reason.
	if barWidth := min(30, width-utf8.RuneCountInString(line)-3); barWidth >= 8 {
		line = bar(st.passed, len(c.Exercises), barWidth) + " " + line
	}
	say("%s", line)
	if st.next == nil {
		say("\n%s", strings.TrimSpace(c.Final))
		return
	}
	ex := st.next
	file := ex.LearnerPaths()[0]
	say("\nNext: %s %s", s.Bold(ex.ID), ex.Title)
	say("  %s\n", s.Code(e.relPath(c, file)))
	for _, l := range introLines(filepath.Join(c.Root, filepath.FromSlash(file)), 6) {
		if l == "" {
			fmt.Fprintln(w)
			continue
		}
		if e.Width > 0 {
			l = term.Shorten(l, width-2)
		}
		fmt.Fprintf(w, "  %s\n", s.Dim(l))
	}
	say("\nFill its blanks, then run:  %s", s.Bold("gilgrade check "+ex.ID))
	say("or check on every save:     %s", s.Bold("gilgrade watch"))
	say("Stuck? %s  ·  every exercise: %s", s.Bold("gilgrade hint "+ex.ID), s.Bold("gilgrade list"))
}

// width is the width to lay text out in: the terminal's, or 80.
func (e *Env) width() int {
	if e.Width >= 20 {
		return e.Width
	}
	if e.Width > 0 {
		return 20
	}
	return 80
}

// relPath returns a course file's path as the learner would type it from the
// working directory, or relative to the course root when they are outside it.
func (e *Env) relPath(c *course.Course, slashPath string) string {
	abs := filepath.Join(c.Root, filepath.FromSlash(slashPath))
	if rel, err := filepath.Rel(e.Dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return slashPath
}

// introLines returns the first lines of the package comment of a Go file.
func introLines(name string, n int) []string {
	src, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil || f.Doc == nil {
		return nil
	}
	lines := strings.Split(strings.TrimSpace(f.Doc.Text()), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return lines
}
