package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

var checkCmd = &Command{
	Name:    "check",
	Args:    "[flags] (<exercise>... | --all | --changed BASE)",
	Summary: "check exercises: blanks, build, tests under -race, static analysis",
	Run:     runCheck,
}

// gradeFlags are the flags of commands that grade.
type gradeFlags struct {
	all bool
	// format is the format that decides strict grading: the first CI format
	// asked for, else the first format; outputs are all of them.
	format    string
	outputs   []output
	noRace    bool
	noAnalyze bool
	verbose   bool
	timeout   time.Duration
	output    string
	minScore  string
	strict    strictFlag
	key       string // --key: the grader key to compare and grade with
	// changed is --changed BASE: grade only what differs from a git ref.
	changed string
	// pathPrefix is --path-prefix: the course root's folder in the repository.
	pathPrefix string
}

func runCheck(e *Env, args []string) int {
	fl := e.flags()
	var f gradeFlags
	fl.BoolVar(&f.all, "all", false, "check every exercise, in course order")
	formats := fl.String("format", "text", "write the reports in `FORMATS`, a comma-separated list of FORMAT or FORMAT=FILE: one grading run writes them all (like github,classroom or github,junit=report.xml); formats: "+formatNames())
	fl.StringVar(&f.output, "output", "", "write the report to `FILE` instead of stdout, which then shows one line with the score")
	fl.StringVar(&f.minScore, "min-score", "", "exit 0 when the score reaches `N` points (or N% of the maximum), else 1")
	fl.BoolVar(&f.noRace, "no-race", false, "run without the race detector (no C compiler needed; races go unchecked)")
	fl.BoolVar(&f.noAnalyze, "no-analyzers", false, "skip the static analyzers")
	fl.BoolVar(&f.verbose, "verbose", false, "show the raw runtime text behind each diagnosis")
	fl.BoolVar(&f.verbose, "v", false, "short for --verbose")
	fl.DurationVar(&f.timeout, "timeout", 0, "override every exercise's test timeout (like 30s)")
	fl.StringVar(&f.changed, "changed", "", "grade only the exercises whose files differ from the git ref `BASE` (a pull request's base)")
	fl.StringVar(&f.pathPrefix, "path-prefix", "", "the course's folder `DIR` inside the repository, for github, pr-comment and codequality paths")
	fl.Var(&f.strict, "strict", "grade only the blank fills against the course as shipped (default on for CI formats; --strict=false turns it off)")
	htmlOut := fl.String("html", "", "also write the report as an HTML page, with the tests' timelines drawn, to `FILE`")
	fl.StringVar(&f.key, "key", "", "grade against the course's grader key: a `FILE`, - for standard input, or the key itself (default: $"+coursekey.EnvVar+", else the course gilgrade carries)")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	outs, err := parseOutputs(*formats, f.output)
	if err != nil {
		return e.exit(usagef("--format: %w", err))
	}
	f.outputs, f.format = outs, strictFormat(outs)
	if f.timeout < 0 {
		return e.exit(usagef("--timeout must be a positive duration like 30s, not %v", f.timeout))
	}
	if _, err := parseMinScore(f.minScore, 1); err != nil {
		return e.exit(usagef("--min-score: %w", err))
	}
	if f.pathPrefix, err = cleanPathPrefix(f.pathPrefix); err != nil {
		return e.exit(err)
	}
	c, err := e.courseFor(f)
	if err != nil {
		return e.exit(err)
	}
	if f.changed != "" {
		return e.checkChanged(c, args, f)
	}
	exs, err := e.exercises(c, args, f.all)
	if err != nil {
		return e.exit(err)
	}
	if f.timeout > 0 {
		for _, ex := range exs {
			ex.Timeout = f.timeout
		}
	}
	var quizzes func(id string) bool
	if f.all {
		quizzes = func(string) bool { return true }
	}
	rep, err := e.grade(c, exs, quizzes, f)
	if err != nil {
		return e.exit(err)
	}
	if e.Getenv(reexecEnv) == "" {
		// Under `grade` the workspace is a submission: nothing is written in it.
		e.recordProgress(c, rep)
	}
	if *htmlOut != "" {
		if err := report.WriteHTMLFile(e.abs(*htmlOut), rep, "gilgrade check"); err != nil {
			return e.exit(graderf("--html: %w", err))
		}
	}
	if err := e.writeReports(c, rep, f); err != nil {
		return e.exit(graderError(err))
	}
	return exitCodeFor(rep, f.minScore)
}

// grade runs the pipeline on some exercises of the course on disk and, when
// quizzes is not nil, grades the answers files of the quizzes it picks. The
// quizzes and their keys come from the course's key, as the exercises' files
// do: a workspace's own quiz files could say anything.
func (e *Env) grade(c *course.Course, exs []*course.Exercise, quizzes func(id string) bool, f gradeFlags) (*report.Report, error) {
	if len(exs) > 0 {
		if _, err := gotest.Preflight(e.Context, c.GoVersion, !f.noRace); err != nil {
			return nil, graderError(err)
		}
	}
	opts := check.Options{Race: !f.noRace, Analyze: !f.noAnalyze, Notify: e.notify}
	// The course's files as shipped come from its key, read here, before any
	// code of the learner runs; the key itself never enters the graded tree.
	k, err := e.keyFor(c, f.key)
	switch {
	case err == nil:
		if opts.Canonical, err = k.Shipped(c.Root); err != nil {
			return nil, graderError(err)
		}
	case !errors.Is(err, errNoKey):
		return nil, usageError(err)
	}
	opts.Strict = f.strict.on(f.format)
	var quizNote string
	if quizzes != nil {
		qs, err := e.gradingQuizzes(c, k)
		if err != nil {
			quizNote = "the quizzes could not be read: " + err.Error()
		}
		for _, q := range qs {
			if quizzes(q.ID) {
				opts.Quizzes = append(opts.Quizzes, q)
			}
		}
		opts.Answers, opts.NoKey = filepath.Join(c.Root, AnswersDir), noKeyHelp(c)
	}
	rep, err := check.Run(e.Context, check.ForCourse(c, exs), opts)
	if err != nil {
		return nil, graderf("could not run the tests: %w", err)
	}
	if quizNote != "" {
		rep.Notes = append(rep.Notes, quizNote)
	}
	rep.Course = c.ID
	if k != nil {
		rep.KeyHash = k.Hash
	}
	return rep, nil
}

// notify tells a person at a terminal what is taking long; the message goes to
// stderr so that stdout stays clean for reports.
func (e *Env) notify(msg string) {
	fmt.Fprintln(e.Stderr, e.Style().Dim(msg))
}

// output is one report a grading run writes: a format, to a file or stdout.
type output struct {
	format report.Format
	file   string // "" for stdout
}

// parseOutputs reads --format (a comma-separated list of FORMAT or
// FORMAT=FILE) and --output, which sends the one format without a file there.
func parseOutputs(formats, file string) ([]output, error) {
	var outs []output
	seen := map[report.Format]bool{}
	toStdout := 0
	for _, item := range strings.Split(formats, ",") {
		name, dest, hasFile := strings.Cut(strings.TrimSpace(item), "=")
		f, err := report.ParseFormat(name)
		if err != nil {
			return nil, err
		}
		if hasFile && dest == "" {
			return nil, fmt.Errorf("%s= needs a file name after the =", name)
		}
		if seen[f] {
			return nil, fmt.Errorf("format %s is asked for twice", f)
		}
		seen[f] = true
		if !hasFile {
			toStdout++
		}
		outs = append(outs, output{format: f, file: dest})
	}
	if file != "" {
		if toStdout != 1 {
			return nil, fmt.Errorf("--output takes the one format that has no =FILE, and %d have none", toStdout)
		}
		for i := range outs {
			if outs[i].file == "" {
				outs[i].file = file
			}
		}
	}
	return outs, nil
}

// strictFormat is the format that decides whether grading is strict: the first
// CI format of the run, so that a run writing a CI report grades as CI does.
func strictFormat(outs []output) string {
	for _, o := range outs {
		if o.format != report.FormatText && o.format != report.FormatJSON {
			return string(o.format)
		}
	}
	return string(outs[0].format)
}

// writeReports writes every report of the run from the one graded result: each
// to its file or to stdout, in the order asked. The github format also appends
// its job summary to $GITHUB_STEP_SUMMARY, and classroom its result line to
// $GITHUB_OUTPUT, when they are set. When every report goes to a file, stdout
// shows one line with the score and where the reports went, never the
// learner's text: a CI log reads it.
func (e *Env) writeReports(c *course.Course, rep *report.Report, f gradeFlags) error {
	opts := report.Options{Text: report.TextOptions{Style: e.Style(), Verbose: f.verbose, Width: e.Width},
		GitHubPrefix: f.pathPrefix, Timestamp: time.Now(), TestCode: func(ex *report.Exercise) string { return testCode(c, ex) }}
	var files []string
	for _, o := range f.outputs {
		opts := opts
		if o.format == report.FormatGitHub {
			if name := e.Getenv("GITHUB_STEP_SUMMARY"); name != "" {
				sf, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				if err != nil {
					return fmt.Errorf("cannot append the job summary: %w", err)
				}
				defer sf.Close()
				opts.Summary = sf
			}
		}
		if o.format == report.FormatClassroom {
			if name := e.Getenv("GITHUB_OUTPUT"); name != "" {
				line, err := report.ClassroomOutput(rep)
				if err == nil {
					err = appendFile(name, []byte(line))
				}
				if err != nil {
					return fmt.Errorf("cannot write the Classroom result to $GITHUB_OUTPUT: %w", err)
				}
			}
		}
		if o.file == "" {
			if err := report.Write(e.Stdout, rep, string(o.format), opts); err != nil {
				return err
			}
			continue
		}
		if o.format == report.FormatText {
			opts.Text.Style = report.NewStyle(false) // a file gets no color
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, rep, string(o.format), opts); err != nil {
			return err
		}
		name := o.file
		if !filepath.IsAbs(name) {
			name = filepath.Join(e.Dir, name)
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			return err
		}
		files = append(files, fmt.Sprintf("%s to %s", o.format, o.file))
	}
	if len(files) == len(f.outputs) {
		_, err := fmt.Fprintln(e.Stdout, safetext.Log(fmt.Sprintf("gilgrade: %s (%s)", report.ScoreLine(rep), strings.Join(files, ", "))))
		return err
	}
	return nil
}

func appendFile(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func formatNames() string {
	var names []string
	for _, f := range report.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// parseMinScore reads --min-score: points ("7.5") or a percentage of max ("60%").
// It returns the points needed; "" needs every exercise to pass.
func parseMinScore(s string, max float64) (float64, error) {
	if s == "" {
		return -1, nil
	}
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || v < 0 || (pct && v > 100) {
		return 0, fmt.Errorf("%q is not a score: write points like 7.5 or a percentage like 60%%", s)
	}
	if pct {
		return v / 100 * max, nil
	}
	return v, nil
}

// exitCodeFor returns the exit code of a graded report: with --min-score, 0 when
// the score reaches it; without, 0 only when everything passed.
func exitCodeFor(rep *report.Report, minScore string) int {
	if rep.Status == report.Error {
		return ExitGrader
	}
	if need, _ := parseMinScore(minScore, rep.MaxScore); need >= 0 {
		if rep.Score+1e-9 >= need {
			return ExitOK
		}
		return ExitFailed
	}
	if rep.Status == report.Passed {
		return ExitOK
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
			if !pe.Passed {
				pe.PassedAt = time.Now().UTC()
			}
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

// AnswersDir holds the learner's quiz answers files, one per quiz: answers/ID.toml.
const AnswersDir = "answers"
