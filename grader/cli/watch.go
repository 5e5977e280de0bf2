package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/gotest"
	"github.com/gilgrade/gilgrade/grader/progress"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
	"github.com/gilgrade/gilgrade/grader/term"
	"github.com/gilgrade/gilgrade/grader/watch"
)

var watchCmd = &Command{
	Name:    "watch",
	Args:    "[--poll] [exercise]",
	Summary: "check your exercise on every save (keys: h hint, n next, l list, c check all, q quit)",
}

// Run is set in init: watch runs other commands (hint, list), which would make
// an initialization cycle through commands().
func init() { watchCmd.Run = runWatch }

func runWatch(e *Env, args []string) int {
	fl := e.flags()
	var f gradeFlags
	poll := fl.Bool("poll", false, "look for saves every half second instead of using file events (for network or WSL-mounted folders)")
	fl.BoolVar(&f.noRace, "no-race", false, "run without the race detector (no C compiler needed; races go unchecked)")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) > 1 {
		return e.exit(usagef("watch takes at most one exercise"))
	}
	c, err := e.openCourse()
	if err != nil {
		return e.exit(err)
	}
	p, perr := progress.Load(c.Root)
	var ex *course.Exercise
	switch {
	case len(args) == 1:
		exs, err := e.exercises(c, args, false)
		if err != nil {
			return e.exit(err)
		}
		ex = exs[0]
	default:
		if here, err := c.Lookup(".", e.Dir); err == nil {
			ex = here
		} else if ex = standingOf(c, p).next; ex == nil {
			ex = c.Exercises[0]
		}
	}
	// Say now, once, what is missing, rather than on every save.
	if _, err := gotest.Preflight(e.Context, c.GoVersion, !f.noRace); err != nil {
		return e.exit(graderError(err))
	}

	ctx, stop := signal.NotifyContext(e.Context, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	var dirs []string
	for _, x := range c.Exercises {
		dirs = append(dirs, filepath.Join(c.Root, filepath.FromSlash(x.Dir)))
	}
	w, err := watch.Start(ctx, watch.Options{Dirs: dirs, Poll: *poll})
	if err != nil {
		return e.exit(graderError(err))
	}
	keys, restore := e.keys(ctx)
	defer restore()

	s := &watchSession{e: e, c: c, f: f, w: w, ex: ex, results: make(chan checkResult), live: make(chan string, 16)}
	if perr != nil {
		s.notes = append(s.notes, perr.Error())
	}
	if *poll {
		s.notes = append(s.notes, fmt.Sprintf("--poll: looking for saves every %v", 500*time.Millisecond))
	}
	defer s.stop()
	s.check(false)
	for {
		select {
		case <-ctx.Done():
			return ExitOK
		case files := <-w.C:
			s.saved(files)
		case n := <-w.Notes:
			s.notes = append(s.notes, n)
			s.draw()
		case r := <-s.results:
			s.done(r)
		case l := <-s.live:
			s.body += s.liveText(l)
			s.draw()
		case k, ok := <-keys:
			if !ok {
				keys = nil // no more keys; saves still count
				continue
			}
			if quit := s.key(k); quit {
				return ExitOK
			}
		}
	}
}

// watchSession is the state of `gilgrade watch`; only its loop touches it.
type watchSession struct {
	e     *Env
	c     *course.Course
	f     gradeFlags
	w     *watch.Watcher
	ex    *course.Exercise // the exercise saves are checked for
	notes []string         // how saves are watched, for the header
	body  string           // what the screen shows under the header

	gen     int                // the number of the latest check; older results are dropped
	cancel  context.CancelFunc // stops the running check
	running sync.WaitGroup
	results chan checkResult
	live    chan string // remarks of the running check (a cold build cache)
}

type checkResult struct {
	gen    int
	all    bool
	rep    *report.Report
	stderr string
}

// check starts checking the current exercise, or every exercise, stopping a
// check still running: its result would be out of date.
func (s *watchSession) check(all bool) {
	restarted := s.stopCheck()
	s.gen++
	gen := s.gen
	ctx, cancel := context.WithCancel(s.e.Context)
	s.cancel = cancel
	exs := []*course.Exercise{s.ex}
	what := "checking " + s.ex.ID + "…"
	if all {
		exs, what = s.c.Exercises, "checking every exercise…"
	}
	if restarted {
		what += " (a new save: the check in progress was stopped)"
	}
	s.body = s.e.Style().Dim(what) + "\n"
	s.draw()
	sub := *s.e
	sub.Context = ctx
	sub.Stdout = io.Discard
	var errb bytes.Buffer
	sub.Stderr = io.MultiWriter(&errb, lineSink(s.live))
	f := s.f
	s.running.Go(func() {
		rep, _ := sub.grade(s.c, exs, nil, f)
		select {
		case s.results <- checkResult{gen: gen, all: all, rep: rep, stderr: errb.String()}:
		case <-ctx.Done():
		}
	})
}

// liveText is a remark of the running check as the screen shows it: dimmed
// and wrapped to the terminal, its color codes (gilgrade's own) taken out and
// any other control character made visible, since it may quote the go
// command's output.
func (s *watchSession) liveText(l string) string {
	l = safetext.Terminal(ansiColor.ReplaceAllString(l, ""))
	return s.e.Style().Dim(term.WrapLines(strings.TrimRight(l, "\n"), s.e.width())) + "\n"
}

// stopCheck cancels the running check, if any, and reports whether there was one.
func (s *watchSession) stopCheck() bool {
	if s.cancel == nil {
		return false
	}
	s.cancel()
	s.cancel = nil
	return true
}

// stop ends the running check and waits for it, so that no go test is left
// behind.
func (s *watchSession) stop() {
	s.stopCheck()
	done := make(chan struct{})
	go func() { s.running.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
}

// saved checks the exercise whose files changed; a save in another exercise's
// folder makes that one current.
func (s *watchSession) saved(files []string) {
	var touched *course.Exercise
	for _, name := range files {
		for _, x := range s.c.Exercises {
			if filepath.Dir(name) == filepath.Join(s.c.Root, filepath.FromSlash(x.Dir)) && (touched == nil || x == s.ex) {
				touched = x
			}
		}
	}
	if touched == nil {
		return
	}
	s.ex = touched
	s.check(false)
}

func (s *watchSession) done(r checkResult) {
	if r.gen != s.gen {
		return // a check that was stopped
	}
	s.cancel = nil
	if r.rep == nil {
		s.body = safetext.Terminal(ansiColor.ReplaceAllString(r.stderr, "")) + "\n" + s.e.Style().Dim("gilgrade could not check; save again to retry") + "\n"
		s.draw()
		return
	}
	var b bytes.Buffer
	quiet := *s.e
	quiet.Stderr = &b
	quiet.recordProgress(s.c, r.rep)
	st := s.e.Style()
	report.WriteText(&b, r.rep, report.TextOptions{Style: st, Width: s.e.width()})
	if !r.all && len(r.rep.Exercises) == 1 && r.rep.Exercises[0].Status == report.Passed {
		p, _ := progress.Load(s.c.Root)
		next := nextAfter(s.c, p, s.ex)
		if next == nil {
			fmt.Fprintf(&b, "\n%s\n", term.WrapLines(strings.TrimSpace(s.c.Final), s.e.width()))
		} else {
			fmt.Fprintf(&b, "\n%s %s passed. On to the next one:\n\n", st.Good("✓"), s.ex.ID)
			s.ex = next
			b.WriteString(s.intro(next))
		}
	}
	s.body = b.String()
	s.draw()
}

// intro describes an exercise the learner moves to.
func (s *watchSession) intro(ex *course.Exercise) string {
	st := s.e.Style()
	var b strings.Builder
	file := ex.LearnerPaths()[0]
	p, _ := progress.Load(s.c.Root)
	state, _ := exerciseState(s.c, p, ex)
	// list's states tell what to run; watch runs the check on each save.
	todo := "Fill its blanks and save: it is checked each time."
	switch {
	case strings.HasPrefix(state, "filled in"):
		state, todo = "filled in, not passed yet", "Fix it and save: it is checked each time."
	case strings.HasPrefix(state, "passed before, changed"):
		state, todo = "passed before, changed since", "Save it to check it again."
	case state == "passed":
		todo = "Passed: press n for the next exercise."
	}
	fmt.Fprintf(&b, "%s\n  %s\n\n", term.WrapLines(fmt.Sprintf("%s %s  %s", st.Bold(ex.ID), ex.Title, st.Dim(state)), s.e.width()),
		st.Code(s.e.relPath(s.c, file)))
	for _, l := range introLines(filepath.Join(s.c.Root, filepath.FromSlash(file)), 6) {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		if s.e.Width > 0 {
			l = term.Shorten(l, s.e.width()-2)
		}
		fmt.Fprintf(&b, "  %s\n", st.Dim(l))
	}
	fmt.Fprintf(&b, "\n%s\n", term.WrapLines(todo, s.e.width()))
	return b.String()
}

// key acts on a key press; it returns true to quit.
func (s *watchSession) key(k rune) bool {
	switch unicode.ToLower(k) {
	case 'q':
		return true
	case 'h':
		// hint's own advice is to run it again; here the key does that.
		again := fmt.Sprintf("Run `gilgrade hint %s` again for the next one.", s.ex.ID)
		s.body = term.WrapLines(strings.ReplaceAll(s.run("hint", s.ex.ID), again, "Press h again for the next one."), s.e.width())
	case 'n':
		s.stopCheck()
		s.gen++ // a result of the old exercise is no longer wanted
		s.ex = s.c.Exercises[(s.index()+1)%len(s.c.Exercises)]
		s.body = s.intro(s.ex)
	case 'l':
		s.body = filledIn.ReplaceAllString(s.run("list"), "filled in, not passed yet")
	case 'c':
		s.check(true)
		return false
	default:
		return false
	}
	s.draw()
	return false
}

func (s *watchSession) index() int {
	for i, x := range s.c.Exercises {
		if x == s.ex {
			return i
		}
	}
	return 0
}

// run runs another gilgrade command and returns what it printed.
func (s *watchSession) run(args ...string) string {
	var b bytes.Buffer
	sub := *s.e
	sub.Stdout, sub.Stderr = &b, &b
	if s.e.noColor {
		args = append(args, "--no-color")
	}
	sub.Main(args)
	return b.String()
}

// draw clears the terminal and shows the header, the body and the keys; when
// stdout is not a terminal it draws a rule instead of clearing.
func (s *watchSession) draw() {
	e := s.e
	if f, ok := e.Stdout.(*os.File); ok && e.Terminal && e.Getenv("COLUMNS") == "" {
		if w := term.Width(f); w > 0 {
			e.Width = w // the window may have been resized
		}
	}
	st := e.Style()
	width := e.width()
	var b strings.Builder
	if e.Terminal {
		b.WriteString("\x1b[H\x1b[2J")
	} else {
		b.WriteString("\n" + strings.Repeat("─", width) + "\n")
	}
	how := "on every save"
	if s.w.Polling() {
		how = "polling for saves"
	}
	fmt.Fprintf(&b, "%s\n", term.WrapLines(fmt.Sprintf("%s %s %s  %s", st.Bold("gilgrade watch"), st.Bold(s.ex.ID), s.ex.Title, st.Dim("("+how+")")), width))
	fmt.Fprintf(&b, "  %s\n", st.Code(e.relPath(s.c, s.ex.LearnerPaths()[0])))
	for _, n := range s.notes {
		fmt.Fprintf(&b, "%s\n", term.WrapLines(st.Warn("note: ")+n, width))
	}
	b.WriteString("\n" + s.body)
	if !strings.HasSuffix(s.body, "\n") {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%s\n", st.Dim(term.WrapLines("keys: h hint · n next exercise · l list · c check all · q quit", width)))
	io.WriteString(e.Stdout, b.String())
}

// keys delivers key presses: one at a time from a terminal (in cbreak mode,
// restored by the returned function on every way out), else the first letter
// of each line. The channel closes when input ends.
func (e *Env) keys(ctx context.Context) (<-chan rune, func()) {
	ch := make(chan rune)
	send := func(r rune) bool {
		select {
		case ch <- r:
			return true
		case <-ctx.Done():
			return false
		}
	}
	restore := func() {}
	if f, ok := e.Stdin.(*os.File); ok && term.IsTerminal(f) {
		if r, err := term.Cbreak(f); err == nil {
			restore = func() { r() }
			go func() {
				defer close(ch)
				var buf [1]byte
				for {
					if n, err := f.Read(buf[:]); err != nil || n == 0 || !send(rune(buf[0])) {
						return
					}
				}
			}()
			return ch, restore
		}
	}
	if e.Stdin == nil {
		close(ch)
		return ch, restore
	}
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(e.Stdin)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			if !send([]rune(line)[0]) {
				return
			}
		}
	}()
	return ch, restore
}

// ansiColor matches the color codes gilgrade's own remarks carry.
var ansiColor = regexp.MustCompile("\x1b\\[[0-9;]*m")

// filledIn is list's advice for an exercise filled in but not passed, which
// watch checks on the next save by itself.
var filledIn = regexp.MustCompile("filled in: run gilgrade check [a-z0-9_]+")

// lineSink is a writer that passes each write on to a channel, dropping it when
// nobody keeps up: it carries remarks, not results.
type lineSink chan string

func (l lineSink) Write(b []byte) (int, error) {
	select {
	case l <- string(b):
	default:
	}
	return len(b), nil
}
