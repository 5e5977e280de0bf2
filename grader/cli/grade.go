package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/classreport"
	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
	"github.com/gilgrade/gilgrade/grader/sandbox"
	"github.com/gilgrade/gilgrade/grader/term"
)

var gradeCmd = &Command{
	Name:    "grade",
	Args:    "[flags] SUBMISSION...",
	Summary: "grade a class: many workspaces (folders or git repositories) into a gradebook",
	Run:     runGrade,
}

// strictFlag is --strict: on by default for the CI formats, off for text and json
// unless asked.
type strictFlag struct{ set, value bool }

func (s *strictFlag) String() string {
	if s == nil || !s.set {
		return "auto"
	}
	return strconv.FormatBool(s.value)
}

func (s *strictFlag) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	s.set, s.value = true, b
	return nil
}

func (s *strictFlag) IsBoolFlag() bool { return true }

// on reports whether grading in this format is strict.
func (s strictFlag) on(format string) bool {
	if s.set {
		return s.value
	}
	switch report.Format(format) {
	case report.FormatGitHub, report.FormatClassroom, report.FormatJUnit, report.FormatGradescope, report.FormatExercism,
		report.FormatPRComment, report.FormatCodeQuality:
		return true
	}
	return false
}

// courseFor loads the course to grade. Under strict grading the course's
// metadata (which exercises exist, their files and points) comes from its key
// (--key, $GILGRADE_KEY or the course gilgrade carries), not from the workspace,
// which only has to be that course.
func (e *Env) courseFor(f gradeFlags) (*course.Course, error) {
	if !f.strict.on(f.format) {
		return e.openCourse()
	}
	root, err := course.Find(e.Dir)
	if err != nil {
		return nil, noCourseError(err)
	}
	c, err := e.courseOfKey(f.key)
	if err != nil {
		return nil, err
	}
	if mine, err := course.Load(root); err == nil && mine.ID != c.ID {
		return nil, usagef("strict grading compares with the course's key (%s), but this workspace holds the course %q: give its key with --key FILE or $GILGRADE_KEY, or grade with --strict=false", c.ID, mine.ID)
	}
	c.Root = root
	return c, nil
}

type gradeOpts struct {
	jobs     int
	out      string
	shard    string
	timeout  time.Duration
	deadline time.Duration
	noRace   bool
	noDedupe bool
	key      []byte // the grader key, handed to each child on its stdin
}

func runGrade(e *Env, args []string) int {
	if len(args) > 0 && args[0] == "merge" {
		return runGradeMerge(e, args[1:])
	}
	return e.exit(e.gradeClass(args))
}

// gradeClass grades the submissions named in args. A submission that could
// not be graded makes it return errFailed, after its row is printed.
func (e *Env) gradeClass(args []string) error {
	fl := e.flags()
	var f gradeOpts
	fl.IntVar(&f.jobs, "jobs", runtime.NumCPU(), "submissions graded at once")
	fl.StringVar(&f.out, "out", "", "write gradebook.csv, gradebook.json and report.html into `DIR`")
	fl.StringVar(&f.shard, "shard", "", "grade only part `i/n` of the submissions (split by sorted id), for a CI matrix; join the parts with `gilgrade grade merge`")
	fl.DurationVar(&f.timeout, "timeout", 0, "override every exercise's test timeout (like 30s)")
	fl.DurationVar(&f.deadline, "deadline", 15*time.Minute, "stop grading one submission after this long")
	fl.BoolVar(&f.noRace, "no-race", false, "run without the race detector (races go unchecked)")
	fl.BoolVar(&f.noDedupe, "no-dedupe", false, "grade identical exercises again instead of once")
	keyArg := keyFlag(fl)
	args, err := parseSubmissions(fl, args)
	if err != nil {
		return err
	}
	if err := f.check(fl); err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("name the submissions to grade: folders or git repositories (a name that starts with - goes after --)")
	}
	subs := classroom.IDs(args)
	for i := range subs {
		if src := subs[i].Source; !strings.Contains(src, "://") && !strings.HasPrefix(src, "git@") && !filepath.IsAbs(src) {
			subs[i].Source = filepath.Join(e.Dir, src)
		}
	}
	if f.shard != "" {
		i, n, err := classroom.ParseShard(f.shard)
		if err != nil {
			return usagef("--shard: %w", err)
		}
		subs = classroom.Shard(subs, i, n)
	}
	// The course gilgrade grades with, from its key: its exercises, tests,
	// quizzes and points decide every grade and the gradebook's columns, never a
	// submission's copy.
	c, err := e.courseOfKey(*keyArg)
	if err != nil {
		return err
	}
	k, _, _ := e.courseKey(*keyArg) // read by courseOfKey
	quizzes, err := k.Quizzes()
	var version string
	if err == nil {
		version, err = classroom.Version(k.FS())
	}
	if err != nil {
		return graderf("the course's key does not load: %w", err)
	}
	f.key = k.Bytes()
	if _, err := gotest.Preflight(e.Context, c.GoVersion, !f.noRace); err != nil {
		return graderError(err)
	}
	var notes []string
	isolate := classroom.Isolation()
	if isolate == nil {
		notes = append(notes, "no network isolation: this machine cannot run `unshare -rn` (unprivileged user namespaces), so the students' code could reach the network")
	}
	switch sandbox.Mode() {
	case sandbox.Subreaper:
		notes = append(notes, "no PID namespace: a student's code can see and signal the grader's other processes; what it leaves running is killed when its test ends (gilgrade is a child subreaper)")
	case sandbox.Sweep:
		notes = append(notes, "no PID namespace and no child subreaper: a process started by a student's code that leaves its process group and clears its environment could outlive its check")
	}
	if !sandbox.Hiding() {
		notes = append(notes, "no mount namespace: a student's code could read or change the other submissions' copies, the test binaries and the Go build cache while it runs")
	}
	for _, n := range notes {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), n)
	}
	grader, err := e.childGrader(isolate, f)
	if err != nil {
		return graderError(err)
	}
	bar := e.progressBar()
	start := time.Now()
	results := classroom.Grade(e.Context, subs, classroom.Options{
		// git clone runs with the teacher's environment (SSH agent, credential
		// helpers); only the students' code gets the cleaned one.
		Course: c, Quizzes: quizzes, Version: version, KeyHash: k.Hash, Grade: grader, Jobs: f.jobs, Dedupe: !f.noDedupe, Race: !f.noRace,
		Progress: func(done, total int) {
			bar(done, total, time.Since(start))
		},
	})
	book := classroom.NewGradebook(c, quizzes, results)
	book.CourseVersion = version
	book.Run = f.run()
	book.KeyHash = k.Hash
	book.Notes = notes
	if f.out != "" {
		if err := writeGradebook(e.abs(f.out), book); err != nil {
			return graderError(err)
		}
		if err := classreport.Write(e.abs(f.out), book, c, k.FS()); err != nil {
			return graderf("the class report: %w", err)
		}
	}
	err = e.printGradebook(book)
	fmt.Fprintf(e.Stderr, "Graded %d submissions in %s", len(results), time.Since(start).Round(time.Second))
	if f.out != "" {
		fmt.Fprintf(e.Stderr, "; wrote %s, %s and %s", filepath.Join(f.out, "gradebook.csv"), filepath.Join(f.out, "gradebook.json"), filepath.Join(f.out, "report.html"))
	}
	fmt.Fprintln(e.Stderr, ".")
	return err
}

// check returns what is wrong with the options, as a usage error.
func (f *gradeOpts) check(fl *flag.FlagSet) error {
	set := map[string]bool{}
	fl.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case f.jobs < 1:
		return usagef("--jobs must be at least 1")
	case set["timeout"] && f.timeout <= 0:
		return usagef("--timeout must be a positive duration like 30s, not %v", f.timeout)
	case f.deadline <= 0:
		return usagef("--deadline must be a positive duration like 15m, not %v", f.deadline)
	}
	return nil
}

// run records the options of this run for the gradebook.
func (f *gradeOpts) run() *classroom.Run {
	r := &classroom.Run{Race: !f.noRace, Strict: true, Deadline: f.deadline.String(), Jobs: f.jobs,
		Dedupe: !f.noDedupe, Containment: string(sandbox.Mode()), Shard: f.shard}
	if f.timeout > 0 {
		r.Timeout = f.timeout.String()
	}
	return r
}

// parseSubmissions parses flags anywhere among the submissions, as parseFlags
// does, except that everything after "--" is a submission, whatever it looks
// like.
func parseSubmissions(fl *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fl.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelpShown
			}
			return nil, errUsageShown
		}
		left := fl.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" && !valueOf(fl, args[:used-1]) {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// valueOf reports whether the argument after args would be the value of a flag:
// the last of args names a flag that takes one, without "=".
func valueOf(fl *flag.FlagSet, args []string) bool {
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	name, ok := strings.CutPrefix(last, "-")
	if !ok || strings.Contains(name, "=") {
		return false
	}
	name = strings.TrimPrefix(name, "-")
	f := fl.Lookup(name)
	if f == nil {
		return false
	}
	b, isBool := f.Value.(interface{ IsBoolFlag() bool })
	return !isBool || !b.IsBoolFlag()
}

// printGradebook prints one row per submission; it returns errFailed when a
// submission could not be graded. Ids and messages come from the submissions,
// so they are made safe for a terminal and a CI log.
func (e *Env) printGradebook(book *classroom.Gradebook) error {
	var err error
	for _, r := range book.Submissions {
		line := fmt.Sprintf("%-24s %6s / %-6s %s", safetext.Line(r.ID), report.Points(r.Score), report.Points(book.MaxScore), r.Status)
		if r.Error != "" {
			line += ": " + safetext.Line(firstLineOf(r.Error))
			err = errFailed
		}
		fmt.Fprintln(e.Stdout, safetext.Log(line))
	}
	return err
}

func (e *Env) abs(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(e.Dir, name)
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func writeGradebook(dir string, book *classroom.Gradebook) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(*os.File) error{
		"gradebook.csv":  func(f *os.File) error { return book.WriteCSV(f) },
		"gradebook.json": func(f *os.File) error { return book.WriteJSON(f) },
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", name, err)
		}
	}
	return nil
}

// reexecEnv marks a gilgrade run started by `grade` (tests use it to run the CLI
// from their own binary).
const reexecEnv = "GILGRADE_REEXEC"

// childGrader grades a workspace by running `gilgrade check --strict --format
// json` on it in a process of its own: with a cleaned environment, without
// network when isolate is set, killed with its process group at the deadline,
// and with its output bounded.
func (e *Env) childGrader(isolate []string, f gradeOpts) (classroom.Grader, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find the gilgrade program to run: %w", err)
	}
	env := append(classroom.CleanEnv(os.Environ()), reexecEnv+"=1")
	return func(ctx context.Context, batch, root string, ids []string) (*report.Report, error) {
		ctx, cancel := context.WithTimeout(ctx, f.deadline)
		defer cancel()
		args := append(append([]string{}, isolate...), exe, "check", "--format", "json", "--strict", "--no-color")
		if f.noRace {
			args = append(args, "--no-race")
		}
		// The key goes through a pipe, never through the submission's tree or
		// the environment, and is read before any of the student's code runs.
		args = append(args, "--key", "-")
		if f.timeout > 0 {
			args = append(args, "--timeout", f.timeout.String())
		}
		// Explicit ids, never --all: the child grades no quiz (this process
		// grades every submission's quizzes against the course's own).
		args = append(append(args, "--"), ids...)
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = root
		// The check hides the other submissions' copies from the students' code,
		// and contains them no better than the gradebook says.
		cmd.Env = append(env, sandbox.HideEnv+"="+batch, sandbox.ContainmentEnv+"="+string(sandbox.Mode()))
		sandbox.Prepare(cmd)
		cmd.Stdin = bytes.NewReader(f.key) // read whole by the child before it runs anything
		stdout, stderr := &sandbox.Buffer{Max: 32 << 20}, &sandbox.Buffer{Max: 16 << 10}
		cmd.Stdout, cmd.Stderr = stdout, stderr
		runErr := cmd.Run()
		// A check killed at the deadline leaves its test processes to this
		// process, their child subreaper.
		sandbox.Reap()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("grading took longer than %v", f.deadline)
		}
		var rep report.Report
		if err := json.Unmarshal([]byte(stdout.String()), &rep); err != nil || rep.Version == 0 {
			msg := firstLineOf(stderr.String())
			if msg == "" && runErr != nil {
				msg = runErr.Error()
			}
			return nil, fmt.Errorf("gilgrade check could not grade it: %s", strings.TrimPrefix(msg, "gilgrade: "))
		}
		return &rep, nil
	}, nil
}

// progressBar returns a function that draws a progress bar with an ETA on stderr
// when it is a terminal, and does nothing otherwise.
func (e *Env) progressBar() func(done, total int, elapsed time.Duration) {
	if !term.Is(e.Stderr) {
		return func(int, int, time.Duration) {}
	}
	return func(done, total int, elapsed time.Duration) {
		const width = 30
		filled := width * done / max(total, 1)
		eta := "…"
		if done > 0 {
			left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
			eta = left.Round(time.Second).String()
		}
		fmt.Fprintf(e.Stderr, "\r  grading [%s%s] %d/%d  ETA %s   ", strings.Repeat("#", filled), strings.Repeat("-", width-filled), done, total, eta)
		if done == total {
			fmt.Fprintln(e.Stderr)
		}
	}
}
