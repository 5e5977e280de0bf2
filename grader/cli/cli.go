// Package cli is gilgrade's command line: one small struct per command, one list
// of them, and Main, which returns the exit code so tests can run the whole CLI
// in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/term"
)

// Exit codes of every command (docs/REPORT.md, "Exit codes").
const (
	ExitOK     = 0 // all graded work passed
	ExitFailed = 1 // something graded failed or is unfinished
	ExitUsage  = 2 // usage error: unknown exercise, bad flag
	ExitGrader = 3 // the grader could not run: no Go, no C compiler, broken course files
)

// Command is one verb of the command line.
type Command struct {
	Name    string
	Args    string // the arguments, for the usage line
	Summary string
	// Run runs the command with its arguments (after the verb) and returns the
	// exit code.
	Run func(e *Env, args []string) int
	// Subcommands are verbs of this command (`quiz check`), each with its own
	// flags; Run dispatches to them and completion offers their flags too.
	Subcommands []*Command
}

// commands lists every command, in the order help shows them.
func commands() []*Command {
	return []*Command{
		checkCmd, listCmd, hintCmd, quizCmd, resetCmd, initCmd, verifyCmd, explainCmd, vetCmd,
		solutionCmd, watchCmd, gradeCmd, ciCmd, courseCmd, reportCmd, completionCmd,
	}
}

// Env is the world a command sees; tests build their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Dir            string              // working directory
	Getenv         func(string) string // environment lookup
	Terminal       bool                // stdout is a terminal
	Width          int                 // terminal width, 0 if unknown
	Context        context.Context

	noColor bool     // --no-color
	cmd     *Command // the command running
	keyRead keyCache // grader keys read by this run
	// flagSet, when not nil, receives the flag set of the command running:
	// completion reads the flags of each command this way.
	flagSet func(*flag.FlagSet)
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "gilgrade: cannot tell the current folder:", err)
		return ExitGrader
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	e := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Dir: dir, Getenv: keyOutOfEnviron(), Context: ctx}
	e.Terminal = term.Is(stdout)
	if e.Width, _ = strconv.Atoi(os.Getenv("COLUMNS")); e.Width <= 0 && e.Terminal {
		e.Width = term.WidthOf(stdout)
	}
	return e.Main(args)
}

// Main runs the command line in this environment.
func (e *Env) Main(args []string) int {
	if e.Context == nil {
		e.Context = context.Background()
	}
	if isVetTool(args) {
		return runVetTool(args)
	}
	if len(args) == 0 || args[0] == "--no-color" || args[0] == "-no-color" {
		e.cmd = statusCmd
		return statusCmd.Run(e, args)
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if name == "help" && len(args) > 1 {
			return e.help(args[1:])
		}
		e.usage(e.Stdout)
		return ExitOK
	case "version", "--version", "-version":
		fmt.Fprintln(e.Stdout, "gilgrade", Version())
		return ExitOK
	}
	for _, c := range commands() {
		if c.Name == name {
			e.cmd = c
			return c.Run(e, args[1:])
		}
	}
	fmt.Fprintf(e.Stderr, "gilgrade: unknown command %q\n\n", name)
	e.usage(e.Stderr)
	return ExitUsage
}

func (e *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "gilgrade checks your exercises of the Go concurrency course and explains mistakes.")
	fmt.Fprint(w, "\nUsage:\n  gilgrade <command> [arguments]\n\nThe commands are:\n\n")
	fmt.Fprintf(w, "  %-11s %s\n", "(none)", "where you are and what to do next")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nRun `gilgrade help <command>` (or `gilgrade <command> --help`) for its arguments and flags.")
}

// help prints a command's usage, as `gilgrade COMMAND --help` does, on stdout.
func (e *Env) help(args []string) int {
	if len(args) != 1 {
		return e.exit(usagef("usage: gilgrade help <command>"))
	}
	for _, c := range commands() {
		if c.Name == args[0] {
			sub := *e
			sub.Stderr, sub.cmd = e.Stdout, c
			c.Run(&sub, []string{"--help"})
			return ExitOK
		}
	}
	return e.exit(usagef("unknown command %q: `gilgrade help` lists them", args[0]))
}

// flags returns a flag set for the running command with the flags every command
// shares.
func (e *Env) flags() *flag.FlagSet {
	c := e.cmd
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.BoolVar(&e.noColor, "no-color", false, "plain output without colors")
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "Usage: gilgrade %s %s\n\n%s\n\nFlags:\n", c.Name, c.Args, c.Summary)
		printFlags(e.Stderr, fs)
	}
	if e.flagSet != nil {
		e.flagSet(fs)
	}
	return fs
}

// printFlags lists a command's flags as the README writes them: --name for a
// long flag, -x for a one-letter one (the flag package takes either form).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		name, usage := flag.UnquoteUsage(f)
		line := "  " + dash + f.Name
		if name != "" {
			line += " " + name
		}
		usage = strings.ReplaceAll(usage, "\n", "\n    \t")
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "0s" && def != "auto" {
			usage += fmt.Sprintf(" (default %q)", def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, usage)
	})
}

// parseFlags parses a command's flags, allowing flags after the arguments too
// (`gilgrade check ex01 --format json`). After --help it returns errHelpShown,
// after a bad flag errUsageShown: the flag package has printed either.
func (e *Env) parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelpShown
			}
			return nil, errUsageShown
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// Style returns the output style: color only on a terminal, never with NO_COLOR
// or --no-color.
func (e *Env) Style() report.Style {
	return report.NewStyle(e.colorOn())
}

// colorOn reports whether output may be colored: only on a terminal, never with
// NO_COLOR, --no-color or a dumb terminal.
func (e *Env) colorOn() bool {
	return e.Terminal && !e.noColor && e.Getenv("NO_COLOR") == "" && e.Getenv("TERM") != "dumb"
}

// openCourse finds and loads the course around the working directory.
func (e *Env) openCourse() (*course.Course, error) {
	root, err := course.Find(e.Dir)
	if err != nil {
		return nil, noCourseError(err)
	}
	c, err := course.Load(root)
	if err != nil {
		// Course errors are relative to the course root already, as the
		// learner's editor shows the files.
		var b strings.Builder
		b.WriteString("the course files have problems:\n")
		var errs course.Errors
		if errors.As(err, &errs) {
			for _, ce := range errs {
				fmt.Fprintf(&b, "  %s\n", ce.Error())
			}
		} else {
			fmt.Fprintf(&b, "  %v\n", err)
		}
		b.WriteString("Fix them (a learner can restore shipped files with `gilgrade reset --all`).")
		return nil, graderError(errors.New(b.String()))
	}
	return c, nil
}

// exercises resolves exercise arguments; with none, it takes the exercise whose
// folder the working directory is in.
func (e *Env) exercises(c *course.Course, args []string, all bool) ([]*course.Exercise, error) {
	if all {
		return c.Exercises, nil
	}
	if len(args) == 0 {
		if ex, err := c.Lookup(".", e.Dir); err == nil {
			return []*course.Exercise{ex}, nil
		}
		return nil, usagef("say which exercise, like `ex01`, `1` or `start_join`, or use --all (`gilgrade list` shows them)")
	}
	var exs []*course.Exercise
	for _, a := range args {
		ex, err := c.Lookup(a, e.Dir)
		if err != nil {
			return nil, usageError(err)
		}
		exs = append(exs, ex)
	}
	return exs, nil
}

// Version is gilgrade's version as the build recorded it: the module version
// for `go install …@v1.2.3`, else the commit a development build was made from.
func Version() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(info)
}

// oneExercise loads the course and resolves the single exercise a command such
// as hint or solution works on.
func (e *Env) oneExercise(args []string) (*course.Course, *course.Exercise, error) {
	return e.exerciseArg(args, false)
}

// oneOrCurrent is oneExercise for a command that, with no exercise named,
// takes the current one: the exercise whose folder the working directory is
// in, else the first one not passed yet (what `gilgrade` says to do next).
func (e *Env) oneOrCurrent(args []string) (*course.Course, *course.Exercise, error) {
	return e.exerciseArg(args, true)
}

// current returns the exercise a command without an exercise argument means.
func (e *Env) current(c *course.Course) []*course.Exercise {
	if ex, err := c.Lookup(".", e.Dir); err == nil {
		return []*course.Exercise{ex}
	}
	if next := standingOf(c, e.loadProgress(c)).next; next != nil {
		return []*course.Exercise{next}
	}
	return []*course.Exercise{c.Exercises[len(c.Exercises)-1]}
}

func (e *Env) exerciseArg(args []string, current bool) (*course.Course, *course.Exercise, error) {
	c, err := e.openCourse()
	if err != nil {
		return nil, nil, err
	}
	var exs []*course.Exercise
	if len(args) == 0 && current {
		exs = e.current(c)
	} else if exs, err = e.exercises(c, args, false); err != nil {
		return nil, nil, err
	}
	if len(exs) != 1 {
		return nil, nil, usagef("%s takes one exercise", e.cmd.Name)
	}
	return c, exs[0], nil
}
