package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/verify"
)

var verifyCmd = &Command{
	Name:    "verify",
	Args:    "[--no-race] [--repeat N] [exercise]...",
	Summary: "check the course itself: blanks, solutions, known mistakes",
	Run:     runVerify,
}

func runVerify(e *Env, args []string) int {
	fl := e.flags()
	noRace := fl.Bool("no-race", false, "run without the race detector")
	verbose := fl.Bool("verbose", false, "show each case's full report")
	keyArg := keyFlag(fl)
	repeat := fl.Int("repeat", 1, "grade every case `N` times: each must get the same status and headline every time")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	c, err := e.openCourse()
	if err != nil {
		return e.exit(err)
	}
	srcRoot := c.Root
	if !slices.ContainsFunc(c.Exercises, (*course.Exercise).HasKey) {
		// A student workspace: verify the course's key instead, unpacked into
		// a folder of its own, as its author would in the course source.
		k, err := e.keyFor(c, *keyArg)
		if errors.Is(err, errNoKey) {
			err = errors.New(noKeyHelp(c))
		}
		if err != nil {
			return e.exit(usageError(err))
		}
		tmp, err := os.MkdirTemp("", "gilgrade-key-")
		if err != nil {
			return e.exit(graderError(err))
		}
		defer os.RemoveAll(tmp)
		if err := k.Extract(tmp); err != nil {
			return e.exit(graderError(err))
		}
		srcRoot = tmp
	}
	// The author's files must hold their blanks: load them strictly.
	authored, err := course.LoadAuthored(srcRoot)
	if err != nil {
		return e.exit(graderf("the course files have problems:\n%v", err))
	}
	picked, err := e.exercises(c, args, len(args) == 0)
	if err != nil {
		return e.exit(err)
	}
	c = authored
	var exs []*course.Exercise
	for _, p := range picked {
		if i := slices.IndexFunc(c.Exercises, func(x *course.Exercise) bool { return x.Dir == p.Dir }); i >= 0 {
			exs = append(exs, c.Exercises[i])
		}
	}
	if _, err := gotest.Preflight(e.Context, c.GoVersion, !*noRace); err != nil {
		return e.exit(graderError(err))
	}
	if *repeat < 1 {
		return e.exit(usagef("--repeat must be at least 1"))
	}
	known := knownCodes()
	results, err := verify.Run(e.Context, c, exs, verify.Options{Race: !*noRace, Notify: e.notify, Repeat: *repeat,
		Known: func(code string) bool { return known[code] }})
	if err != nil {
		return e.exit(graderf("verify could not run: %w", err))
	}
	s := e.Style()
	bad, cases := 0, 0
	for _, r := range results {
		fmt.Fprintf(e.Stdout, "%s %s\n", s.Bold(r.Exercise.ID), r.Exercise.Title)
		for _, cs := range r.Cases {
			cases++
			mark := s.Good("✓")
			if cs.Problem != "" {
				mark = s.Bad("✗")
				bad++
			}
			label := string(cs.Kind)
			if cs.Kind == verify.Mistake {
				label = fmt.Sprintf("mistake %q", cs.Name)
			}
			line := fmt.Sprintf("  %s %s", mark, label)
			if cs.Kind == verify.Mistake && cs.Problem == "" {
				line += s.Dim(" → " + strings.Join(cs.Got, ", "))
			}
			if cs.Problem != "" {
				line += ": " + cs.Problem
			}
			if len(cs.Pending) > 0 {
				line += s.Warn(" (pending, no analyzer yet: " + strings.Join(cs.Pending, ", ") + ")")
			}
			fmt.Fprintln(e.Stdout, line)
			if *verbose && cs.Result != nil {
				for _, d := range cs.Result.Diagnostics {
					fmt.Fprintf(e.Stdout, "      %s %s:%d %s\n", s.Dim("["+d.Code+"]"), d.File, d.Line, d.Message)
				}
			}
		}
	}
	if bad > 0 {
		fmt.Fprintf(e.Stdout, "\n%s %d of %d cases did not behave as the course promises\n", s.Bad("✗"), bad, cases)
		return ExitFailed
	}
	fmt.Fprintf(e.Stdout, "\n%s all %d cases of %d exercises behave as promised\n", s.Good("✓"), cases, len(results))
	return ExitOK
}
