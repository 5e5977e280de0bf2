package iooverlap

import (
	"encoding/json"
	"errors"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

var errBankDown = errors.New("bank is down")

// fakeServices answers every call after 500ms of fake time and records how many
// calls were waiting at once.
type fakeServices struct {
	mu       sync.Mutex
	inFlight int
	peak     int
	calls    int
	answered map[string]bool // services that have returned their answer

	log *callLog // nil records nothing
}

func (f *fakeServices) slow(name string) {
	defer f.log.begin(name)()
	f.mu.Lock()
	f.calls++
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()

	time.Sleep(500 * time.Millisecond)

	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
}

func (f *fakeServices) Profile(user string) string {
	f.slow("Profile(" + user + ")")
	return "Ada Lovelace (" + user + ")"
}

func (f *fakeServices) Orders(user string) []string {
	f.slow("Orders(" + user + ")")
	return []string{"ORD-001", "ORD-002"}
}

func (f *fakeServices) Balance(user string) (int, error) {
	f.slow("Balance(" + user + ")")
	f.mu.Lock()
	if f.answered == nil {
		f.answered = map[string]bool{}
	}
	f.answered["Balance"] = true
	f.mu.Unlock()
	if user == "mallory" {
		return 0, errBankDown
	}
	return 4250, nil
}

func (f *fakeServices) Weather(city string) string {
	f.slow("Weather(" + city + ")")
	return "sunny in " + city
}

func TestLoadDashboardValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{}
		d, err := LoadDashboard(s, "ada", "London")
		if err != nil {
			t.Fatalf("LoadDashboard returned the error %q, expected none: only the user mallory has a failing balance", err)
		}
		if d.Profile != "Ada Lovelace (ada)" {
			t.Errorf("expected the profile %q, got %q", "Ada Lovelace (ada)", d.Profile)
		}
		if want := []string{"ORD-001", "ORD-002"}; !slices.Equal(d.Orders, want) {
			t.Errorf("expected the orders %v, got %v", want, d.Orders)
		}
		if d.Balance != 4250 {
			t.Errorf("expected a balance of 4250 cents, got %d", d.Balance)
		}
		if d.Weather != "sunny in London" {
			t.Errorf("expected the weather %q, got %q", "sunny in London", d.Weather)
		}
		if s.calls != 4 {
			t.Errorf("expected 4 service calls (one per service), got %d", s.calls)
		}
	})
}

// In a synctest bubble time is fake and moves only when every goroutine waits:
// four overlapping 500ms calls take exactly 500ms, in a row exactly 2s.
func TestLoadDashboardOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{log: newCallLog()}
		took, stacks := runAndLook(func() { LoadDashboard(s, "ada", "London") }, 250*time.Millisecond)
		s.log.attach(t)
		if took >= time.Second {
			t.Attr("gilgrade.code", "sequential")
			t.Attr("gilgrade.goroutines", stacks)
			t.Errorf("4 calls of 500ms took %v of fake time, with at most %d waiting at once: some ran one after another; started together they take 500ms", took, s.peak)
		} else if took != 500*time.Millisecond || s.peak != 4 {
			if s.peak != 4 {
				t.Attr("gilgrade.goroutines", stacks)
			}
			t.Errorf("4 calls of 500ms took %v of fake time with at most %d at once, expected 500ms with all 4 at once", took, s.peak)
		}
	})
}

func TestLoadDashboardBalanceError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{}
		var (
			d        Dashboard
			err      error
			answered bool
		)
		took, stacks := runAndLook(func() {
			d, err = LoadDashboard(s, "mallory", "Paris")
			s.mu.Lock()
			answered = s.answered["Balance"]
			s.mu.Unlock()
		}, 250*time.Millisecond)
		if !errors.Is(err, errBankDown) {
			if answered {
				// The error came back before LoadDashboard returned, so the
				// line that stores the balance's answer let it go.
				t.Attr("gilgrade.line", `\bs\.Balance\(`)
				t.Attr("gilgrade.hint", "store both answers of s.Balance: `d.Balance, balanceErr = s.Balance(user)`; LoadDashboard checks balanceErr after the wait")
			}
			t.Fatalf("the balance service failed with %q, expected LoadDashboard to return an error wrapping it, got %v", errBankDown, err)
		}
		if d.Profile != "" || d.Orders != nil || d.Weather != "" {
			t.Errorf("expected an empty Dashboard with the error, got %+v", d)
		}
		if took != 500*time.Millisecond {
			if s.peak != 4 {
				t.Attr("gilgrade.goroutines", stacks)
			}
			t.Errorf("a failing balance still waits for all 4 calls: expected 500ms of fake time, got %v", took)
		}
	})
}

// callLog records when each call to the fake started and ended, in the bubble's
// fake time, and hands the record to gilgrade as the test attribute
// gilgrade.timeline: `gilgrade check` draws it as bars on a time axis, so calls
// made one after another show as a staircase and overlapping calls side by side.
type callLog struct {
	start time.Time

	mu    sync.Mutex
	calls []loggedCall
}

type loggedCall struct {
	Name    string  `json:"name"`
	StartMS float64 `json:"start_ms"`
	EndMS   float64 `json:"end_ms"`
}

func newCallLog() *callLog { return &callLog{start: time.Now()} }

// begin records the start of a call named name; the function it returns records
// its end. A nil log records nothing.
func (l *callLog) begin(name string) (end func()) {
	if l == nil {
		return func() {}
	}
	from := time.Since(l.start)
	return func() {
		to := time.Since(l.start)
		l.mu.Lock()
		l.calls = append(l.calls, loggedCall{Name: name, StartMS: millis(from), EndMS: millis(to)})
		l.mu.Unlock()
	}
}

// attach hands the calls recorded so far, and the fake time since the log began,
// to gilgrade.
func (l *callLog) attach(t *testing.T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := json.Marshal(struct {
		Calls   []loggedCall `json:"calls"`
		TotalMS float64      `json:"total_ms"`
	}{l.calls, millis(time.Since(l.start))})
	if err == nil && len(l.calls) > 0 {
		t.Attr("gilgrade.timeline", string(b))
	}
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// runAndLook runs f in a goroutine of the bubble and returns the fake time it
// took, and the stacks of the goroutines at the moment at, when every one of
// them waits: in a call to the fake, or for something the code under test
// makes it wait for. A test that finds the calls overlapping wrongly hands the
// stacks to gilgrade, which names the line that kept them apart.
func runAndLook(f func(), at time.Duration) (took time.Duration, stacks string) {
	start := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
		took = time.Since(start)
	}()
	time.Sleep(at)
	stacks = goroutines()
	<-done
	return took, stacks
}

// goroutines returns the stacks of the goroutines running this package's
// code, for the test attribute gilgrade.goroutines: gilgrade reads from where
// they wait which line keeps the calls apart. Only this package's frames are
// kept, with file names relative to it, so that the attribute stays short.
func goroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	_, self, _, _ := runtime.Caller(0)
	dir := path.Dir(self) + "/"
	var out strings.Builder
	for _, g := range strings.Split(string(buf), "\n\n") {
		lines := strings.Split(g, "\n")
		var kept strings.Builder
		for i := 1; i+1 < len(lines); i += 2 {
			pos, ok := strings.CutPrefix(strings.TrimSpace(lines[i+1]), dir)
			if !ok {
				continue
			}
			pos, _, _ = strings.Cut(pos, " +0x")
			fn, created := strings.CutPrefix(lines[i], "created by ")
			if j := strings.LastIndexByte(fn, '('); j > 0 && !created && fn[j-1] != '.' {
				fn = fn[:j]
			}
			fn = fn[strings.LastIndexByte(fn, '/')+1:]
			if created {
				fn = "created by " + fn
			}
			kept.WriteString(fn + "\n\t" + pos + "\n")
		}
		if kept.Len() > 0 && out.Len()+kept.Len() < 32<<10 {
			out.WriteString(lines[0] + "\n" + kept.String() + "\n")
		}
	}
	return strconv.Quote(out.String())
}
