package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/report"
)

var checkCmd = &Command{
	Name:    "check",
	Args:    "[flags] <exercise>... | --all",
	Summary: "check exercises: blanks, build, tests under -race, static analysis",
	Run:     runCheck,
}

// gradeFlags are the flags of commands that grade.
type gradeFlags struct {
	all       bool
	format    string
	noRace    bool
	noAnalyze bool
	verbose   bool
	timeout   time.Duration
}

func runCheck(e *Env, args []string) int {
	fl := e.flags()
	var f gradeFlags
	fl.BoolVar(&f.all, "all", false, "check every exercise, in course order")
	fl.StringVar(&f.format, "format", "text", "report format: text or json")
	fl.BoolVar(&f.noRace, "no-race", false, "run without the race detector (no C compiler needed; races go unchecked)")
	fl.BoolVar(&f.noAnalyze, "no-analyzers", false, "skip the static analyzers")
	fl.BoolVar(&f.verbose, "verbose", false, "show the raw runtime text behind each diagnosis")
	fl.BoolVar(&f.verbose, "v", false, "short for --verbose")
	fl.DurationVar(&f.timeout, "timeout", 0, "override every exercise's test timeout (like 30s)")
	args, code, ok := e.parse(fl, args)
	if !ok {
		return code
	}
	switch f.format {
	case "text", "json":
	default:
		fmt.Fprintf(e.Stderr, "gilgrade: unknown --format %q: use text or json\n", f.format)
		return ExitUsage
	}
	c, code, ok := e.loadCourse()
	if !ok {
		return code
	}
	exs, ok := e.exercises(c, args, f.all)
	if !ok {
		return ExitUsage
	}
	if f.timeout > 0 {
		for _, ex := range exs {
			ex.Timeout = f.timeout
		}
	}
	rep, code := e.grade(c, exs, f)
	if rep == nil {
		return code
	}
	e.recordProgress(c, rep)
	if err := e.writeReport(rep, f); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitGrader
	}
	return exitCode(rep)
}

// grade runs the pipeline on some exercises of the course on disk.
func (e *Env) grade(c *course.Course, exs []*course.Exercise, f gradeFlags) (*report.Report, int) {
	if _, err := gotest.Preflight(e.Context, c.GoVersion, !f.noRace); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", trimToolchain(err))
		return nil, ExitGrader
	}
	opts := check.Options{Race: !f.noRace, Analyze: !f.noAnalyze, Notify: e.notify}
	if shipped := bundle.FS(); sameCourse(shipped, c) {
		opts.Canonical = shipped
	}
	rep, err := check.Run(e.Context, check.ForCourse(c, exs), opts)
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: could not run the tests:", err)
		return nil, ExitGrader
	}
	return rep, 0
}

// notify tells a person at a terminal what is taking long; the message goes to
// stderr so that stdout stays clean for reports.
func (e *Env) notify(msg string) {
	fmt.Fprintln(e.Stderr, e.Style().Dim(msg))
}

func trimToolchain(err error) string {
	msg := err.Error()
	prefix := gotest.ErrToolchain.Error() + ": "
	if errors.Is(err, gotest.ErrToolchain) && len(msg) > len(prefix) {
		return msg[len(prefix):]
	}
	return msg
}

// sameCourse reports whether the shipped course is the one on disk, so that its
// files are the reference for what the learner may not change.
func sameCourse(shipped fs.FS, c *course.Course) bool {
	sc, err := course.LoadFS(shipped)
	return err == nil && sc.ID == c.ID
}

func (e *Env) writeReport(rep *report.Report, f gradeFlags) error {
	if f.format == "json" {
		return report.WriteJSON(e.Stdout, rep)
	}
	return report.WriteText(e.Stdout, rep, report.TextOptions{Style: e.Style(), Verbose: f.verbose, Width: e.Width})
}

func exitCode(rep *report.Report) int {
	switch rep.Status {
	case report.Passed:
		return ExitOK
	case report.Error:
		return ExitGrader
	}
	return ExitFailed
}

// recordProgress remembers the exercises that passed, with a hash of the files
// that passed, so `list` can tell when a passed exercise was changed since.
func (e *Env) recordProgress(c *course.Course, rep *report.Report) {
	var passed []report.Exercise
	for _, ex := range rep.Exercises {
		if ex.Status == report.Passed {
			passed = append(passed, ex)
		}
	}
	if len(passed) == 0 {
		return
	}
	err := progress.Update(c.Root, func(p *progress.Progress) {
		for _, ex := range passed {
			pe := p.Exercise(ex.ID)
			pe.Passed = true
			pe.FillsHash = hashFiles(c.Root, ex.Files)
		}
	})
	if err != nil {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), "could not save your progress:", err)
	}
}

// hashFiles hashes the learner's files as they are now.
func hashFiles(root string, files []string) string {
	h := sha256.New()
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
