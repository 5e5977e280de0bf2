package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/term"
)

var quizCmd = &Command{
	Name:    "quiz",
	Args:    "[<id> [--answers FILE [--format json]] | check [FILE...] | template <id> [-o FILE]]",
	Summary: "take a lesson's quiz, grade an answers file, check quiz files",
}

var quizCheckCmd = &Command{
	Name:    "quiz check",
	Args:    "[flags] [FILE...]",
	Summary: "check quiz files (the course's, without FILE) and run their trace programs under -race",
}

var quizTemplateCmd = &Command{
	Name:    "quiz template",
	Args:    "[flags] <id>",
	Summary: "write an answers file for a quiz, to fill in and grade with `gilgrade quiz <id> --answers FILE`",
}

func init() {
	quizCmd.Run, quizCheckCmd.Run, quizTemplateCmd.Run = runQuiz, runQuizCheck, runQuizTemplate
	quizCmd.Subcommands = []*Command{quizCheckCmd, quizTemplateCmd}
}

type quizFlags struct {
	answers, format string
	key             string
}

func runQuiz(e *Env, args []string) int {
	if len(args) > 0 {
		for _, sub := range quizCmd.Subcommands {
			if args[0] == strings.TrimPrefix(sub.Name, quizCmd.Name+" ") {
				e.cmd = sub
				return sub.Run(e, args[1:])
			}
		}
	}
	fl := e.flags()
	var f quizFlags
	fl.StringVar(&f.answers, "answers", "", "grade this answers `FILE` instead of asking (gilgrade quiz template ID writes one)")
	fl.StringVar(&f.format, "format", "text", "with --answers: report format, text or json")
	fl.StringVar(&f.key, "key", "", "the course's grader key, which holds the right answers: a `FILE`, - for standard input, or the key itself (default: $"+coursekey.EnvVar+", else the course gilgrade carries)")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	switch f.format {
	case "text", "json":
	default:
		return e.exit(usagef("unknown --format %q: use text or json", f.format))
	}
	switch {
	case len(args) > 1:
		return e.exit(usagef("one quiz at a time: `gilgrade quiz %s`", args[0]))
	case len(args) == 0:
		return e.quizList()
	case f.answers != "":
		return e.quizGrade(args[0], f)
	case f.format == "json":
		return e.exit(usagef("--format json needs --answers FILE: an interactive quiz has no report"))
	}
	return e.quizTake(args[0], f)
}

func runQuizCheck(e *Env, args []string) int {
	fl := e.flags()
	noRun := fl.Bool("no-run", false, "do not build and run the trace questions' programs")
	runs := fl.Int("runs", 5, "how many times each trace program runs under -race")
	files, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	return e.quizCheck(files, *noRun, *runs)
}

func runQuizTemplate(e *Env, args []string) int {
	fl := e.flags()
	out := fl.String("o", "", "write the answers file to `FILE` instead of stdout")
	force := fl.Bool("force", false, "overwrite FILE if it exists")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) != 1 {
		return e.exit(usagef("say which quiz, like `gilgrade quiz template gil` (`gilgrade quiz` lists them)"))
	}
	return e.quizTemplate(args[0], *out, *force)
}

// keyedQuiz returns the quiz with its keys, which a student workspace does not
// hold: from the course's key, else the workspace's own copy when an older
// gilgrade wrote it with its keys.
func (e *Env) keyedQuiz(root string, qz *quiz.Quiz, keyArg string) (*quiz.Quiz, *coursekey.Key, error) {
	c, err := course.Load(root)
	if err != nil {
		if qz.HasKeys() {
			return qz, nil, nil // a folder of quizzes, without a course to key
		}
		return nil, nil, graderf("the course files have problems: %w", err)
	}
	k, err := e.keyFor(c, keyArg)
	switch {
	case errors.Is(err, errNoKey) && qz.HasKeys():
		return qz, nil, nil
	case errors.Is(err, errNoKey):
		return nil, nil, usagef("%s", noKeyHelp(c))
	case err != nil:
		return nil, nil, usageError(err)
	}
	qs, err := k.Quizzes()
	if err != nil {
		return nil, nil, graderf("the quizzes in the course's key do not load: %w", err)
	}
	for _, kq := range qs {
		if kq.ID == qz.ID {
			return kq, k, nil
		}
	}
	return nil, nil, graderf("the course's key has no quiz %q", qz.ID)
}

// loadQuizzes loads the course's quizzes, reporting broken quiz files on
// stderr: the others still load.
func (e *Env) loadQuizzes() (root string, qs []*quiz.Quiz, err error) {
	root, err = course.Find(e.Dir)
	if err != nil {
		return "", nil, noCourseError(err)
	}
	qs, err = quiz.LoadDir(filepath.Join(root, course.QuizzesDir))
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: some quiz files have problems; `gilgrade quiz check` lists them:")
		e.quizErrors(err, root)
	}
	return root, qs, nil
}

// quizErrors prints a quiz or answers error, one file:line message a line, with
// paths relative to the course root as the learner's editor shows them.
func (e *Env) quizErrors(err error, root string) {
	var es quiz.Errors
	if !errors.As(err, &es) {
		fmt.Fprintf(e.Stderr, "  %v\n", err)
		return
	}
	for _, qe := range es {
		if rel, rerr := filepath.Rel(root, qe.File); rerr == nil && root != "" && filepath.IsAbs(qe.File) {
			c := *qe
			c.File = filepath.ToSlash(rel)
			qe = &c
		}
		fmt.Fprintf(e.Stderr, "  %v\n", qe)
	}
}

func (e *Env) findQuiz(id string) (string, *quiz.Quiz, error) {
	root, qs, err := e.loadQuizzes()
	if err != nil {
		return "", nil, err
	}
	for _, qz := range qs {
		if qz.ID == id {
			return root, qz, nil
		}
	}
	return "", nil, usagef("no quiz %q; `gilgrade quiz` lists the quizzes", id)
}

func (e *Env) quizList() int {
	root, qs, err := e.loadQuizzes()
	if err != nil {
		return e.exit(err)
	}
	p, err := progress.Load(root)
	if err != nil {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), err)
	}
	s := e.Style()
	if len(qs) == 0 {
		fmt.Fprintln(e.Stdout, "This course has no quizzes yet.")
		return ExitOK
	}
	for _, qz := range qs {
		best := s.Dim("not taken")
		if pq, ok := p.Quizzes[qz.ID]; ok && pq.MaxScore > 0 {
			mark := s.Bad("✘")
			if pq.Passed {
				mark = s.Good("✔")
			}
			best = fmt.Sprintf("%s best %s of %s", mark, report.Points(pq.Best), report.Points(pq.MaxScore))
		}
		fmt.Fprintf(e.Stdout, "  %-12s %-52s %2d questions  %s\n", s.Bold(qz.ID), qz.Title, len(qz.Questions), best)
	}
	fmt.Fprintf(e.Stdout, "\nTake one with %s; grade an answers file with %s.\n",
		s.Bold("gilgrade quiz <id>"), s.Bold("gilgrade quiz <id> --answers FILE"))
	return ExitOK
}

// learner is the key that seeds the shuffle of options, so a learner sees the same
// order on every retake: GILGRADE_LEARNER, else the login name.
func (e *Env) learner() string {
	if l := e.Getenv("GILGRADE_LEARNER"); l != "" {
		return l
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

func (e *Env) quizTake(id string, f quizFlags) int {
	root, qz, err := e.findQuiz(id)
	if err != nil {
		return e.exit(err)
	}
	// The explanation after each answer comes with the key.
	if qz, _, err = e.keyedQuiz(root, qz, f.key); err != nil {
		return e.exit(err)
	}
	// Typed input is already on the screen; piped input is echoed so the
	// transcript reads like a session.
	echo := true
	if term.Is(e.Stdin) {
		echo = false
	}
	out := &wrapWriter{w: e.Stdout, width: e.width()}
	r, err := quiz.Run(qz, e.Stdin, out, quiz.SessionOptions{Learner: e.learner(), NoColor: !e.colorOn(), Echo: echo})
	out.Flush()
	if err != nil {
		return e.exit(graderError(err))
	}
	if r.Complete {
		e.recordQuiz(root, r)
	} else {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), "the quiz was not finished, so this score was not saved")
	}
	if r.Passed() {
		return ExitOK
	}
	return ExitFailed
}

// recordQuiz keeps the learner's best result of a quiz.
func (e *Env) recordQuiz(root string, r *quiz.Result) {
	rep := r.Report()
	err := progress.Update(root, func(p *progress.Progress) {
		pq := p.Quiz(rep.ID)
		if pq.MaxScore == 0 || rep.Score > pq.Best || rep.MaxScore != pq.MaxScore {
			pq.Best, pq.MaxScore, pq.TakenAt = rep.Score, rep.MaxScore, time.Now()
			pq.Passed = rep.Status == report.Passed
		}
	})
	if err != nil {
		fmt.Fprintln(e.Stderr, e.Style().Warn("note:"), "could not save your quiz score:", err)
	}
}

func (e *Env) quizGrade(id string, f quizFlags) int {
	root, qz, err := e.findQuiz(id)
	if err != nil {
		return e.exit(err)
	}
	qz, k, err := e.keyedQuiz(root, qz, f.key)
	if err != nil {
		return e.exit(err)
	}
	path := f.answers
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.Dir, path)
	}
	a, err := quiz.LoadAnswers(path, qz)
	if err != nil {
		fmt.Fprintf(e.Stderr, "gilgrade: the answers file %s has problems:\n", f.answers)
		var es quiz.Errors
		if errors.As(err, &es) {
			for _, qe := range es {
				c := *qe
				c.File = f.answers
				fmt.Fprintf(e.Stderr, "  %v\n", &c)
			}
		} else {
			fmt.Fprintf(e.Stderr, "  %v\n", err)
		}
		fmt.Fprintf(e.Stderr, "Fix them; `gilgrade quiz template %s` shows the expected shape.\n", qz.ID)
		return ExitFailed
	}
	r := quiz.Grade(qz, a)
	e.recordQuiz(root, r)
	if f.format == "json" {
		rep := report.New()
		if k != nil {
			rep.Course, rep.KeyHash = k.CourseID, k.Hash
		}
		rep.Quizzes = append(rep.Quizzes, r.Report())
		rep.Total()
		if err := report.WriteJSON(e.Stdout, rep); err != nil {
			return e.exit(graderError(err))
		}
	} else {
		e.quizText(r)
	}
	if r.Passed() {
		return ExitOK
	}
	return ExitFailed
}

// quizText prints a graded answers file, one question a line.
func (e *Env) quizText(r *quiz.Result) {
	s := e.Style()
	fmt.Fprintf(e.Stdout, "%s %s\n", s.Bold("Quiz "+r.Quiz.ID+":"), r.Quiz.Title)
	for _, qr := range r.Questions {
		mark, got := s.Bad("✘"), report.Points(qr.Score)+"/"+report.Points(qr.Max)
		switch {
		case !qr.Answered:
			mark, got = s.Dim("·"), s.Dim("not answered")
		case qr.Correct():
			mark = s.Good("✔")
		case qr.Score > 0:
			mark = s.Warn("~")
		}
		fmt.Fprintf(e.Stdout, "  %s %-24s %s\n", mark, qr.ID, got)
	}
	verdict := s.Bad("not passed")
	if r.Passed() {
		verdict = s.Good("passed")
	}
	fmt.Fprintf(e.Stdout, "Score: %s of %s points: %s (pass mark %s).\n", report.Points(r.Score), report.Points(r.Max), verdict, report.Points(r.Quiz.PassMark))
}

func (e *Env) quizTemplate(id, out string, force bool) int {
	_, qz, err := e.findQuiz(id)
	if err != nil {
		return e.exit(err)
	}
	if out == "" {
		if err := quiz.WriteTemplate(e.Stdout, qz); err != nil {
			return e.exit(graderError(err))
		}
		return ExitOK
	}
	path := out
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.Dir, path)
	}
	// answers/ does not exist in a fresh workspace: make it, as the README's
	// `gilgrade quiz template gil -o answers/gil.toml` expects.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return e.exit(usageError(err))
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return e.exit(usagef("%s exists and may hold your answers; pick another name or add --force", out))
	}
	if err != nil {
		return e.exit(usageError(err))
	}
	err = quiz.WriteTemplate(file, qz)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return e.exit(graderError(err))
	}
	fmt.Fprintf(e.Stderr, "Wrote %s. Fill it in, then run: gilgrade quiz %s --answers %s\n", out, qz.ID, out)
	return ExitOK
}

// quizCheck validates quiz files for authors and CI, and verifies every trace
// question by running its program. With no files it checks the course's quizzes.
func (e *Env) quizCheck(files []string, noRun bool, runs int) int {
	root := ""
	if len(files) == 0 {
		r, err := course.Find(e.Dir)
		if err != nil {
			return e.exit(usagef("%v.\nName quiz files (`gilgrade quiz check quizzes/*.toml`) or run inside a course.", err))
		}
		root = r
		files, _ = filepath.Glob(filepath.Join(root, course.QuizzesDir, "*.toml"))
		sort.Strings(files)
		if len(files) == 0 {
			fmt.Fprintln(e.Stdout, "No quiz files in", course.QuizzesDir)
			return ExitOK
		}
	}
	s := e.Style()
	result := ExitOK
	ids := map[string]string{}
	for _, name := range files {
		shown := name
		if rel, err := filepath.Rel(root, name); root != "" && err == nil {
			shown = filepath.ToSlash(rel)
		}
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.Dir, path)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(e.Stderr, "%s %s: %v\n", s.Bad("FAIL"), shown, err)
			result = max(result, ExitFailed)
			continue
		}
		qz, err := quiz.Parse(shown, src)
		if err != nil {
			fmt.Fprintf(e.Stderr, "%s %s\n", s.Bad("FAIL"), shown)
			e.quizErrors(err, "")
			result = max(result, ExitFailed)
			continue
		}
		if other, dup := ids[qz.ID]; dup {
			fmt.Fprintf(e.Stderr, "%s %s: quiz id %q is already used by %s: give each quiz its own id\n", s.Bad("FAIL"), shown, qz.ID, other)
			result = max(result, ExitFailed)
			continue
		}
		ids[qz.ID] = shown
		traces := 0
		for _, q := range qz.Questions {
			if q.Type == quiz.Trace {
				traces++
			}
		}
		note := ""
		if traces > 0 && !noRun {
			fmt.Fprintln(e.Stderr, s.Dim(fmt.Sprintf("running the %d trace programs of %s under -race, %d times each…", traces, qz.ID, runs)))
			err := quiz.Verify(e.Context, qz, quiz.VerifyOptions{Runs: runs})
			var es quiz.Errors
			switch {
			case errors.As(err, &es):
				fmt.Fprintf(e.Stderr, "%s %s\n", s.Bad("FAIL"), shown)
				e.quizErrors(err, "")
				result = max(result, ExitFailed)
				continue
			case err != nil:
				return e.exit(graderf("%v", err))
			}
			note = fmt.Sprintf(", %d trace programs verified", traces)
		} else if traces > 0 {
			note = fmt.Sprintf(", %d trace programs not run (--no-run)", traces)
		}
		fmt.Fprintf(e.Stdout, "%s   %s: %s, %d questions, %s points%s\n", s.Good("ok"), shown, qz.ID, len(qz.Questions), report.Points(qz.MaxScore()), note)
	}
	return result
}

// wrapWriter word-wraps what is written through it to the terminal's width, a
// line at a time, so a quiz question breaks between words rather than where
// the terminal ends. A line written in pieces (a prompt, then the echoed
// answer) is passed on as it comes, so that a prompt shows before the answer is
// read.
type wrapWriter struct {
	w       io.Writer
	width   int
	partial bool // part of the current line is already written
	buf     []byte
}

func (ww *wrapWriter) Write(p []byte) (int, error) {
	ww.buf = append(ww.buf, p...)
	for {
		i := bytes.IndexByte(ww.buf, '\n')
		if i < 0 {
			break
		}
		line := string(ww.buf[:i])
		if !ww.partial {
			line = term.WrapLines(line, ww.width)
		}
		if _, err := io.WriteString(ww.w, line+"\n"); err != nil {
			return 0, err
		}
		ww.buf, ww.partial = ww.buf[i+1:], false
	}
	return len(p), ww.Flush()
}

// Flush writes the unfinished line: a prompt waiting for an answer.
func (ww *wrapWriter) Flush() error {
	if len(ww.buf) == 0 {
		return nil
	}
	_, err := ww.w.Write(ww.buf)
	ww.buf, ww.partial = ww.buf[:0], true
	return err
}
