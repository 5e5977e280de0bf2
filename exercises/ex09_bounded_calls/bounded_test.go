package bounded

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeProvider stands in for the payment provider. Each call takes 500ms of
// fake time. It counts the calls in flight, remembers the peak, and refuses
// calls beyond its capacity the way an overloaded server does.
type fakeProvider struct {
	capacity int

	mu       sync.Mutex
	inFlight int
	peak     int
	calls    int

	log *callLog // nil records nothing
}

var errOverloaded = errors.New("503 Service Unavailable: too many requests")

func (p *fakeProvider) Status(orderID string) (string, error) {
	defer p.log.begin("Status(" + orderID + ")")()
	p.mu.Lock()
	p.calls++
	p.inFlight++
	p.peak = max(p.peak, p.inFlight)
	overloaded := p.inFlight > p.capacity
	p.mu.Unlock()

	time.Sleep(500 * time.Millisecond)

	p.mu.Lock()
	p.inFlight--
	p.mu.Unlock()
	if overloaded {
		return "", errOverloaded
	}
	return statusOf(orderID), nil
}

func statusOf(orderID string) string {
	var n int
	fmt.Sscanf(orderID, "ORD-%d", &n)
	switch n % 4 {
	case 1:
		return "pending"
	case 2:
		return "failed"
	}
	return "paid"
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("ORD-%03d", i+1)
	}
	return out
}

func checkResults(t *testing.T, orderIDs []string, got []Result) {
	t.Helper()
	if len(got) != len(orderIDs) {
		t.Errorf("FetchStatuses returned %d results for %d orders, expected one result per order", len(got), len(orderIDs))
		return
	}
	for i, id := range orderIDs {
		want := Result{OrderID: id, Status: statusOf(id)}
		if got[i] != want {
			t.Errorf("results[%d] is %+v, expected %+v", i, got[i], want)
		}
	}
}

func TestFetchStatusesPeakIsTheLimit(t *testing.T) {
	for _, limit := range []int{3, 4} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := &fakeProvider{capacity: limit}
				orderIDs := ids(10)
				var got []Result
				_, stacks := runAndLook(func() { got = FetchStatuses(api, orderIDs, limit) }, 250*time.Millisecond)
				if api.peak != limit {
					t.Attr("gilgrade.goroutines", stacks)
				}
				switch {
				case api.peak > limit:
					t.Errorf("the provider saw %d calls in flight at once, expected at most %d (the limit): the calls beyond the limit were refused", api.peak, limit)
				case api.peak < limit:
					t.Errorf("the most calls the provider saw in flight at once was %d, expected exactly %d: every slot of the semaphore should be used", api.peak, limit)
				}
				if api.calls != len(orderIDs) {
					t.Errorf("the provider got %d calls for %d orders, expected one call per order", api.calls, len(orderIDs))
				}
				checkResults(t, orderIDs, got)
			})
		})
	}
}

// With 3 slots, 10 calls of 500ms run in 4 rounds: 2s of fake time.
func TestFetchStatusesOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeProvider{capacity: 3, log: newCallLog()}
		took, stacks := runAndLook(func() { FetchStatuses(api, ids(10), 3) }, 250*time.Millisecond)
		api.log.attach(t)
		if api.peak == 1 {
			t.Attr("gilgrade.code", "sequential")
			t.Attr("gilgrade.goroutines", stacks)
			t.Errorf("10 calls of 500ms took %v of fake time: they ran one after another; with 3 at a time they take 2s", took)
		} else if took != 2*time.Second {
			if api.peak != 3 {
				t.Attr("gilgrade.goroutines", stacks)
			}
			t.Errorf("10 calls of 500ms with 3 at a time took %v of fake time, expected 2s (4 rounds of at most 3 calls)", took)
		}
	})
}

func TestFetchStatusesEveryOrderAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeProvider{capacity: 10}
		var got []Result
		took, stacks := runAndLook(func() { got = FetchStatuses(api, ids(5), 10) }, 250*time.Millisecond)
		if took != 500*time.Millisecond {
			if api.peak != 5 {
				t.Attr("gilgrade.goroutines", stacks)
			}
			t.Errorf("5 calls of 500ms with a limit of 10 took %v of fake time, expected 500ms: with enough slots, no call waits", took)
		}
		checkResults(t, ids(5), got)
		if got := FetchStatuses(api, nil, 3); len(got) != 0 {
			t.Errorf("FetchStatuses with no orders returned %d results, expected none", len(got))
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
