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
	"time"

	"github.com/mattn/go-isatty"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
)

var quizCmd = &Command{
	Name:    "quiz",
	Args:    "[<id> [--answers FILE [--format json]] | check [FILE...] | template <id> [-o FILE]]",
	Summary: "take a lesson's quiz, grade an answers file, check quiz files",
}

func init() { quizCmd.Run = runQuiz }

type quizFlags struct {
	answers, format, out string
	key                  string
	force, noRun         bool
	runs                 int
}

func runQuiz(e *Env, args []string) int {
	fl := e.flags()
	var f quizFlags
	fl.StringVar(&f.answers, "answers", "", "grade this answers file instead of asking (`gilgrade quiz template ID` writes one)")
	fl.StringVar(&f.format, "format", "text", "with --answers: report format, text or json")
	fl.StringVar(&f.out, "o", "", "template: write the answers file to FILE instead of stdout")
	fl.BoolVar(&f.force, "force", false, "template: overwrite FILE if it exists")
	fl.BoolVar(&f.noRun, "no-run", false, "check: do not build and run the trace questions' programs")
	fl.IntVar(&f.runs, "runs", 5, "check: how many times each trace program runs under -race")
	fl.StringVar(&f.key, "key", "", "the course's grader key, which holds the right answers: a `FILE`, - for standard input, or the key itself (default: $"+coursekey.EnvVar+", else the course gilgrade carries)")
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
	switch {
	case len(args) > 0 && args[0] == "check":
		return e.quizCheck(args[1:], f)
	case len(args) > 0 && args[0] == "template":
		if len(args) != 2 {
			fmt.Fprintln(e.Stderr, "gilgrade: say which quiz, like `gilgrade quiz template gil` (`gilgrade quiz` lists them)")
			return ExitUsage
		}
		return e.quizTemplate(args[1], f)
	case len(args) > 1:
		fmt.Fprintf(e.Stderr, "gilgrade: one quiz at a time: `gilgrade quiz %s`\n", args[0])
		return ExitUsage
	case len(args) == 0:
		return e.quizList()
	case f.answers != "":
		return e.quizGrade(args[0], f)
	case f.format == "json":
		fmt.Fprintln(e.Stderr, "gilgrade: --format json needs --answers FILE: an interactive quiz has no report")
		return ExitUsage
	}
	return e.quizTake(args[0], f)
}

// keyedQuiz returns the quiz with its keys, which a student workspace does not
// hold: from the course's key, else the workspace's own copy when an older
// gilgrade wrote it with its keys.
func (e *Env) keyedQuiz(root string, qz *quiz.Quiz, keyArg string) (*quiz.Quiz, *coursekey.Key, int, bool) {
	c, err := course.Load(root)
	if err != nil {
		if qz.HasKeys() {
			return qz, nil, 0, true // a folder of quizzes, without a course to key
		}
		fmt.Fprintln(e.Stderr, "gilgrade: the course files have problems:", err)
		return nil, nil, ExitGrader, false
	}
	k, err := e.keyFor(c, keyArg)
	switch {
	case errors.Is(err, errNoKey) && qz.HasKeys():
		return qz, nil, 0, true
	case errors.Is(err, errNoKey):
		fmt.Fprintln(e.Stderr, "gilgrade:", noKeyHelp(c))
		return nil, nil, ExitUsage, false
	case err != nil:
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return nil, nil, ExitUsage, false
	}
	qs, err := k.Quizzes()
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: the quizzes in the course's key do not load:", err)
		return nil, nil, ExitGrader, false
	}
	for _, kq := range qs {
		if kq.ID == qz.ID {
			return kq, k, 0, true
		}
	}
	fmt.Fprintf(e.Stderr, "gilgrade: the course's key has no quiz %q\n", qz.ID)
	return nil, nil, ExitGrader, false
}

// loadQuizzes loads the course's quizzes, reporting broken quiz files on stderr;
// ok is false when there is no course.
func (e *Env) loadQuizzes() (root string, qs []*quiz.Quiz, code int, ok bool) {
	root, err := course.Find(e.Dir)
	if err != nil {
		fmt.Fprintf(e.Stderr, "gilgrade: %v.\nMake a course workspace with `gilgrade init` and cd into it, or cd into an existing one.\n", err)
		return "", nil, ExitUsage, false
	}
	qs, err = quiz.LoadDir(filepath.Join(root, course.QuizzesDir))
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: some quiz files have problems; `gilgrade quiz check` lists them:")
		e.quizErrors(err, root)
	}
	return root, qs, 0, true
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

func (e *Env) findQuiz(id string) (string, *quiz.Quiz, int, bool) {
	root, qs, code, ok := e.loadQuizzes()
	if !ok {
		return "", nil, code, false
	}
	for _, qz := range qs {
		if qz.ID == id {
			return root, qz, 0, true
		}
	}
	fmt.Fprintf(e.Stderr, "gilgrade: no quiz %q; `gilgrade quiz` lists the quizzes\n", id)
	return "", nil, ExitUsage, false
}

func (e *Env) quizList() int {
	root, qs, code, ok := e.loadQuizzes()
	if !ok {
		return code
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
			best = fmt.Sprintf("%s best %s of %s", mark, points(pq.Best), points(pq.MaxScore))
		}
		fmt.Fprintf(e.Stdout, "  %-12s %-52s %2d questions  %s\n", s.Bold(qz.ID), qz.Title, len(qz.Questions), best)
	}
	fmt.Fprintf(e.Stdout, "\nTake one with %s; grade an answers file with %s.\n",
		s.Bold("gilgrade quiz <id>"), s.Bold("gilgrade quiz <id> --answers FILE"))
	return ExitOK
}

func points(f float64) string { return fmt.Sprintf("%g", float64(int64(f*100+0.5))/100) }

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
	root, qz, code, ok := e.findQuiz(id)
	if !ok {
		return code
	}
	// The explanation after each answer comes with the key.
	if qz, _, code, ok = e.keyedQuiz(root, qz, f.key); !ok {
		return code
	}
	// Typed input is already on the screen; piped input is echoed so the
	// transcript reads like a session.
	echo := true
	if f, ok := e.Stdin.(*os.File); ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		echo = false
	}
	out := &wrapWriter{w: e.Stdout, width: e.width()}
	r, err := quiz.Run(qz, e.Stdin, out, quiz.SessionOptions{Learner: e.learner(), NoColor: !e.colorOn(), Echo: echo})
	out.Flush()
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitGrader
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
	root, qz, code, ok := e.findQuiz(id)
	if !ok {
		return code
	}
	qz, k, code, ok := e.keyedQuiz(root, qz, f.key)
	if !ok {
		return code
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
			fmt.Fprintln(e.Stderr, "gilgrade:", err)
			return ExitGrader
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
		mark, got := s.Bad("✘"), points(qr.Score)+"/"+points(qr.Max)
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
	fmt.Fprintf(e.Stdout, "Score: %s of %s points: %s (pass mark %s).\n", points(r.Score), points(r.Max), verdict, points(r.Quiz.PassMark))
}

func (e *Env) quizTemplate(id string, f quizFlags) int {
	_, qz, code, ok := e.findQuiz(id)
	if !ok {
		return code
	}
	if f.out == "" {
		if err := quiz.WriteTemplate(e.Stdout, qz); err != nil {
			fmt.Fprintln(e.Stderr, "gilgrade:", err)
			return ExitGrader
		}
		return ExitOK
	}
	path := f.out
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.Dir, path)
	}
	// answers/ does not exist in a fresh workspace: make it, as the README's
	// `gilgrade quiz template gil -o answers/gil.toml` expects.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitUsage
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if f.force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(e.Stderr, "gilgrade: %s exists and may hold your answers; pick another name or add --force\n", f.out)
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitUsage
	}
	err = quiz.WriteTemplate(file, qz)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade:", err)
		return ExitGrader
	}
	fmt.Fprintf(e.Stderr, "Wrote %s. Fill it in, then run: gilgrade quiz %s --answers %s\n", f.out, qz.ID, f.out)
	return ExitOK
}

// quizCheck validates quiz files for authors and CI, and verifies every trace
// question by running its program. With no files it checks the course's quizzes.
func (e *Env) quizCheck(files []string, f quizFlags) int {
	root := ""
	if len(files) == 0 {
		r, err := course.Find(e.Dir)
		if err != nil {
			fmt.Fprintf(e.Stderr, "gilgrade: %v.\nName quiz files (`gilgrade quiz check quizzes/*.toml`) or run inside a course.\n", err)
			return ExitUsage
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
		if traces > 0 && !f.noRun {
			fmt.Fprintln(e.Stderr, s.Dim(fmt.Sprintf("running the %d trace programs of %s under -race, %d times each…", traces, qz.ID, f.runs)))
			err := quiz.Verify(e.Context, qz, quiz.VerifyOptions{Runs: f.runs})
			var es quiz.Errors
			switch {
			case errors.As(err, &es):
				fmt.Fprintf(e.Stderr, "%s %s\n", s.Bad("FAIL"), shown)
				e.quizErrors(err, "")
				result = max(result, ExitFailed)
				continue
			case err != nil:
				fmt.Fprintf(e.Stderr, "gilgrade: %v\n", err)
				return ExitGrader
			}
			note = fmt.Sprintf(", %d trace programs verified", traces)
		} else if traces > 0 {
			note = fmt.Sprintf(", %d trace programs not run (--no-run)", traces)
		}
		fmt.Fprintf(e.Stdout, "%s   %s: %s, %d questions, %s points%s\n", s.Good("ok"), shown, qz.ID, len(qz.Questions), points(qz.MaxScore()), note)
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
			line = wrapText(line, ww.width)
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
