package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/quiz"
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
	output    string
	minScore  string
	strict    strictFlag
}

func runCheck(e *Env, args []string) int {
	fl := e.flags()
	var f gradeFlags
	fl.BoolVar(&f.all, "all", false, "check every exercise, in course order")
	fl.StringVar(&f.format, "format", "text", "report format: "+formatNames())
	fl.StringVar(&f.output, "output", "", "write the report to `FILE`; the terminal still shows text")
	fl.StringVar(&f.minScore, "min-score", "", "exit 0 when the score reaches `N` points (or N% of the maximum), else 1")
	fl.BoolVar(&f.noRace, "no-race", false, "run without the race detector (no C compiler needed; races go unchecked)")
	fl.BoolVar(&f.noAnalyze, "no-analyzers", false, "skip the static analyzers")
	fl.BoolVar(&f.verbose, "verbose", false, "show the raw runtime text behind each diagnosis")
	fl.BoolVar(&f.verbose, "v", false, "short for --verbose")
	fl.DurationVar(&f.timeout, "timeout", 0, "override every exercise's test timeout (like 30s)")
	fl.Var(&f.strict, "strict", "grade only the blank fills against the course as shipped (default on for CI formats; --strict=false turns it off)")
	args, code, ok := e.parse(fl, args)
	if !ok {
		return code
	}
	if _, err := report.ParseFormat(f.format); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: --format:", err)
		return ExitUsage
	}
	if f.timeout < 0 {
		fmt.Fprintf(e.Stderr, "gilgrade: --timeout must be a positive duration like 30s, not %v\n", f.timeout)
		return ExitUsage
	}
	if _, err := parseMinScore(f.minScore, 1); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: --min-score:", err)
		return ExitUsage
	}
	c, code, ok := e.courseFor(f)
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
	if f.all {
		e.gradeQuizAnswers(c, rep, f.strict.on(f.format))
	}
	if e.Getenv(reexecEnv) == "" {
		// Under `grade` the workspace is a submission: nothing is written in it.
		e.recordProgress(c, rep)
	}
	if err := e.writeReport(rep, f); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitGrader
	}
	return exitCodeFor(rep, f.minScore)
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
	opts.Strict = f.strict.on(f.format)
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

// writeReport writes the report in the chosen format: to --output when given
// (the terminal then still gets text), else to stdout. The github format also
// appends its job summary to $GITHUB_STEP_SUMMARY, and classroom its result line
// to $GITHUB_OUTPUT, when they are set.
func (e *Env) writeReport(rep *report.Report, f gradeFlags) error {
	opts := report.Options{Text: report.TextOptions{Style: e.Style(), Verbose: f.verbose, Width: e.Width}}
	if f.format == string(report.FormatGitHub) {
		if name := e.Getenv("GITHUB_STEP_SUMMARY"); name != "" {
			sf, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return fmt.Errorf("cannot append the job summary: %w", err)
			}
			defer sf.Close()
			opts.Summary = sf
		}
	}
	if f.format == string(report.FormatClassroom) {
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
	if f.output == "" {
		return report.Write(e.Stdout, rep, f.format, opts)
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, f.format, opts); err != nil {
		return err
	}
	name := f.output
	if !filepath.IsAbs(name) {
		name = filepath.Join(e.Dir, name)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if f.format == string(report.FormatText) {
		return nil
	}
	return report.Write(e.Stdout, rep, string(report.FormatText), opts)
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

// gradeQuizAnswers adds to the report the quizzes whose answers file exists: in
// a classroom the answers are committed beside the exercises.
// Under strict grading the quizzes are the course's own, not the workspace's.
func (e *Env) gradeQuizAnswers(c *course.Course, rep *report.Report, strict bool) {
	var qs []*quiz.Quiz
	var err error
	if strict {
		qs, err = courseQuizzes(bundle.FS())
	} else {
		qs, err = quiz.LoadDir(filepath.Join(c.Root, course.QuizzesDir))
	}
	if err != nil {
		rep.Notes = append(rep.Notes, "the quizzes could not be read: "+err.Error())
	}
	for _, qz := range qs {
		name := filepath.Join(c.Root, AnswersDir, qz.ID+".toml")
		if !fileExists(name) {
			continue
		}
		a, err := quiz.LoadAnswers(name, qz)
		if err != nil {
			rep.Quizzes = append(rep.Quizzes, report.Quiz{ID: qz.ID, Title: qz.Title, Status: report.Failed,
				MaxScore: qz.MaxScore(), Questions: len(qz.Questions), PassMark: qz.PassMark})
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s/%s.toml could not be graded: %v", AnswersDir, qz.ID, err))
			continue
		}
		rep.Quizzes = append(rep.Quizzes, quiz.Grade(qz, a).Report())
	}
	rep.Total()
}
