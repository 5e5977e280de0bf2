package cli

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
)

// statusCmd runs when gilgrade is called with no arguments.
var statusCmd = &Command{
	Name:    "",
	Summary: "where you are and what to do next",
	Run:     runStatus,
}

func runStatus(e *Env, args []string) int {
	c, code, ok := e.loadCourse()
	if !ok {
		return code
	}
	p := e.loadProgress(c)
	s := e.Style()
	done := 0
	var next *course.Exercise
	for _, ex := range c.Exercises {
		if _, passed := exerciseState(c, p, ex); passed {
			done++
		} else if next == nil {
			next = ex
		}
	}
	if len(p.Exercises) == 0 && len(p.Quizzes) == 0 {
		fmt.Fprintf(e.Stdout, "%s\n\n%s\n\n", s.Bold(c.Title), strings.TrimSpace(c.Welcome))
	}
	quizzes := 0
	for _, q := range p.Quizzes {
		if q.MaxScore > 0 {
			quizzes++
		}
	}
	fmt.Fprintf(e.Stdout, "%s %d of %d exercises passed, %d quiz%s taken\n", bar(done, len(c.Exercises), 24),
		done, len(c.Exercises), quizzes, map[bool]string{true: "", false: "zes"}[quizzes == 1])
	if next == nil {
		fmt.Fprintf(e.Stdout, "\n%s\n", strings.TrimSpace(c.Final))
		return ExitOK
	}
	file := next.LearnerPaths()[0]
	fmt.Fprintf(e.Stdout, "\nNext: %s %s\n  %s\n\n", s.Bold(next.ID), next.Title, s.Code(file))
	for _, line := range introLines(filepath.Join(c.Root, filepath.FromSlash(file)), 6) {
		fmt.Fprintf(e.Stdout, "  %s\n", s.Dim(line))
	}
	fmt.Fprintf(e.Stdout, "\nFill its blanks, then run:  %s\n", s.Bold("gilgrade check "+next.ID))
	fmt.Fprintf(e.Stdout, "Stuck? %s  ·  All exercises: %s\n", s.Bold("gilgrade hint "+next.ID), s.Bold("gilgrade list"))
	return ExitOK
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
