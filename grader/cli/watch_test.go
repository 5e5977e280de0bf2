package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/term"
)

// screen collects what gilgrade writes, for a test to wait on.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
	at  int // how far waitFor has read
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// String returns everything written so far.
func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor waits until the output written since the last match contains want,
// with color codes and carriage returns taken out; the next wait reads on from
// the end of this match.
func (s *screen) waitFor(t *testing.T, want string, limit time.Duration) {
	t.Helper()
	// A limit only catches a hang: on a busy machine any step may take long,
	// so no wait is shorter than hangLimit.
	limit = max(limit, hangLimit)
	for deadline := time.Now().Add(limit); ; time.Sleep(20 * time.Millisecond) {
		s.mu.Lock()
		raw := s.buf.String()[s.at:]
		text, at := plain(raw)
		if i := strings.Index(text, want); i >= 0 {
			s.at += at[i+len(want)-1] + 1
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no %q in %v; the output since the last match:\n%s", want, limit, text)
		}
	}
}

// hangLimit is how long a watch test waits for anything before taking it for a
// hang.
const hangLimit = 3 * time.Minute

// plain returns s without color codes and carriage returns, and for each of its
// bytes the offset in s it came from.
func plain(s string) (string, []int) {
	var b strings.Builder
	var at []int
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[':
			for i += 2; i < len(s) && (s[i] < '@' || s[i] > '~'); i++ {
			}
		case s[i] == '\r':
		default:
			b.WriteByte(s[i])
			at = append(at, i)
		}
	}
	return b.String(), at
}

// exerciseFile writes the learner file of an exercise as shipped, with fills.
type exerciseFile struct {
	name    string
	shipped []byte
}

func learnerFile(t *testing.T, root, rel string) exerciseFile {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(rel))
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return exerciseFile{name, b}
}

// save writes the file the way editors do: a temporary file renamed over it.
func (f exerciseFile) save(t *testing.T, fills ...string) {
	t.Helper()
	out, err := blanks.Fill(f.shipped, fills)
	if err != nil {
		t.Fatal(err)
	}
	tmp := f.name + "___jb_tmp___"
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f.name); err != nil {
		t.Fatal(err)
	}
}

var (
	fillsRight    = []string{"wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()"}
	fillsDeadlock = []string{"wg.Add(1)", "go", "", "wg.Wait()"}
	// A mutex locked twice is not a durable block for synctest: only the
	// exercise's timeout (10s) would end it.
	fillsHang = []string{"wg.Add(1)", "go", "defer wg.Done()\n\t\t\tvar mu sync.Mutex\n\t\t\tmu.Lock()\n\t\t\tmu.Lock()", "wg.Wait()"}
)

// TestWatchInProcess drives watch with keys on a pipe (read a line at a time)
// and saves seen by polling: a check running when a save comes is stopped, keys
// show hints, the next exercise and the list, and q quits.
func TestWatchInProcess(t *testing.T) {
	slowEndToEnd(t, "drives watch through race runs")
	t.Parallel()
	root := courseWorkspace(t)
	ex01 := learnerFile(t, root, "exercises/ex01_start_join/squares.go")
	keys, typ := io.Pipe()
	defer typ.Close()
	out := &screen{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := &Env{Stdin: keys, Stdout: out, Stderr: out, Dir: root, Getenv: os.Getenv, Context: ctx}
	code := make(chan int, 1)
	go func() { code <- e.Main([]string{"watch", "--poll", "--no-color"}) }()

	out.waitFor(t, "gilgrade watch ex01", 10*time.Second)
	out.waitFor(t, "4 blanks left", 20*time.Second)
	ex01.save(t, fillsHang...)
	out.waitFor(t, "checking ex01…", 5*time.Second)
	time.Sleep(time.Second) // let go test start
	ex01.save(t, fillsDeadlock...)
	out.waitFor(t, "the check in progress was stopped", 5*time.Second)
	out.waitFor(t, "[deadlock]", 9*time.Second)
	text := out.String()
	if !strings.Contains(text, "polling for saves") || !strings.Contains(text, "--poll") {
		t.Errorf("watch --poll does not say it polls:\n%s", text)
	}
	// The stopped check's result never shows: it is out of date.
	if strings.Contains(text, "[timeout]") {
		t.Errorf("the stopped check's timeout was shown:\n%s", text)
	}

	io.WriteString(typ, "h\n")
	out.waitFor(t, "Hint 1 of 3", 5*time.Second)
	out.waitFor(t, "Press h again for the next one.", 5*time.Second)
	if strings.Contains(out.String(), "Run `gilgrade hint") {
		t.Error("watch tells to run gilgrade hint: the h key does that")
	}
	io.WriteString(typ, "n\n")
	out.waitFor(t, "gilgrade watch ex02 Guard a shared slice", 5*time.Second)
	io.WriteString(typ, "l\n")
	out.waitFor(t, "exercises passed", 5*time.Second)
	io.WriteString(typ, "q\n")
	select {
	case c := <-code:
		if c != ExitOK {
			t.Errorf("exit %d after q", c)
		}
	case <-time.After(hangLimit):
		t.Fatal("watch did not quit on q")
	}
}

func TestWatchUsage(t *testing.T) {
	root := workspace(t)
	for _, args := range [][]string{{"watch", "ex01", "ex02"}, {"watch", "ex99"}, {"watch", "--bogus"}} {
		if r := run(t, root, args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// TestWatchLiveNote: a remark of the running check (the slow-build note) is
// wrapped to the terminal's width, and learner text in it is made visible.
func TestWatchLiveNote(t *testing.T) {
	e := &Env{Width: 40, Terminal: true, Getenv: func(string) string { return "" }}
	s := &watchSession{e: e}
	note := e.Style().Dim("still building… (on a new machine the first check also builds the race-enabled standard library once: up to a minute; later checks take a second or two)") + "\n"
	got := s.liveText(note + "\x1b]0;title\x07\n")
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		if n := term.VisibleWidth(l); n > 40 {
			t.Errorf("line of %d columns at 40: %q", n, l)
		}
	}
	if strings.Contains(got, "\x1b]") || !strings.Contains(got, `\x1b]0;title\x07`) {
		t.Errorf("an OSC sequence reached the screen: %q", got)
	}
}

// TestWatchIntroFilledIn: an exercise whose blanks are all filled but which has
// not passed reads as such, with what to do in watch (save), not what to run.
func TestWatchIntroFilledIn(t *testing.T) {
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "_ = 0")
	e := &Env{Dir: root, Getenv: func(string) string { return "" }, Width: 40}
	c, err := e.openCourse()
	if err != nil {
		t.Fatal(err)
	}
	s := &watchSession{e: e, c: c}
	got := s.intro(c.Exercises[0])
	if !strings.Contains(got, "filled in, not passed yet") || !strings.Contains(got, "Fix it and save") ||
		strings.Contains(got, "run gilgrade check") || strings.Contains(got, "Fill its blanks") {
		t.Errorf("intro of a filled-in exercise:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if n := term.VisibleWidth(l); n > 40 {
			t.Errorf("line of %d columns at 40: %q", n, l)
		}
	}
}
