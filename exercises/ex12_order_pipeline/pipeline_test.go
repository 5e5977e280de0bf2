package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// fakeProvider answers after 500ms of fake time. It counts calls in flight and
// refuses the calls beyond its capacity, as the real provider does under load.
type fakeProvider struct {
	capacity int
	statuses map[string]string

	mu       sync.Mutex
	inFlight int
	peak     int
	calls    map[string]int

	log *callLog // nil records nothing
}

var errOverloaded = errors.New("503 Service Unavailable: too many requests")

func (p *fakeProvider) Status(ctx context.Context, orderID string) (string, error) {
	defer p.log.begin("Status(" + orderID + ")")()
	p.mu.Lock()
	p.calls[orderID]++
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
	return p.statuses[orderID], nil
}

// fakeStore is the database: it keeps every write, per order.
type fakeStore struct {
	mu     sync.Mutex
	writes map[string][]Result
}

func (s *fakeStore) Save(ctx context.Context, r Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes[r.OrderID] = append(s.writes[r.OrderID], r)
	return nil
}

func (s *fakeStore) written() map[string][]Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]Result, len(s.writes))
	for id, w := range s.writes {
		out[id] = slices.Clone(w)
	}
	return out
}

// The batch: ten orders, two failed payments, one pending, one invalid.
func batch() ([]Order, map[string]string) {
	mug := Item{SKU: "MUG", Qty: 2, PriceCents: 1250}
	kettle := Item{SKU: "KETTLE", Qty: 1, PriceCents: 8900}
	tea := Item{SKU: "TEA", Qty: 3, PriceCents: 499}
	orders := []Order{
		{ID: "ORD-001", Items: []Item{mug}},
		{ID: "ORD-002", Items: []Item{mug, tea}, Coupon: "SAVE10"},
		{ID: "ORD-003", Items: []Item{kettle}},
		{ID: "ORD-004", Items: []Item{kettle, mug}},
		{ID: "ORD-005", Items: []Item{tea}},
		{ID: "ORD-006", Items: []Item{kettle, tea}, Coupon: "SAVE10"},
		{ID: "ORD-007", Items: []Item{mug}},
		{ID: "ORD-008", Items: []Item{{SKU: "MUG", Qty: 0, PriceCents: 1250}}},
		{ID: "ORD-009", Items: []Item{tea, tea}},
		{ID: "ORD-010", Items: []Item{kettle, kettle}},
	}
	statuses := map[string]string{
		"ORD-001": "paid", "ORD-002": "paid", "ORD-003": "failed", "ORD-004": "paid",
		"ORD-005": "pending", "ORD-006": "paid", "ORD-007": "failed", "ORD-008": "paid",
		"ORD-009": "paid", "ORD-010": "paid",
	}
	return orders, statuses
}

func newFakes(capacity int) (*fakeProvider, *fakeStore, []Order) {
	orders, statuses := batch()
	return &fakeProvider{capacity: capacity, statuses: statuses, calls: map[string]int{}},
		&fakeStore{writes: map[string][]Result{}}, orders
}

func TestProcessReportsEveryOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, store, orders := newFakes(10)
		rep := Process(t.Context(), orders, api, store, 10)
		want := Report{
			Saved:          []string{"ORD-001", "ORD-002", "ORD-004", "ORD-006", "ORD-009", "ORD-010"},
			FailedPayments: []string{"ORD-003", "ORD-007"},
			Pending:        []string{"ORD-005"},
			Invalid:        []string{"ORD-008"},
		}
		lists := []struct {
			name      string
			got, want []string
		}{
			{"Saved", rep.Saved, want.Saved},
			{"FailedPayments", rep.FailedPayments, want.FailedPayments},
			{"Pending", rep.Pending, want.Pending},
			{"Invalid", rep.Invalid, want.Invalid},
			{"NotSaved", rep.NotSaved, want.NotSaved},
		}
		for _, l := range lists {
			if !slices.Equal(l.got, l.want) {
				t.Errorf("when Process returned, report.%s was %v, expected %v", l.name, l.got, l.want)
			}
		}
	})
}

func TestProcessWritesEachPaidOrderOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, store, orders := newFakes(10)
		Process(t.Context(), orders, api, store, 10)
		writes := store.written()
		for _, o := range orders {
			n := len(writes[o.ID])
			shouldSave := api.statuses[o.ID] == "paid" && o.ID != "ORD-008"
			switch {
			case shouldSave && n == 0:
				t.Errorf("when Process returned, %s (paid, valid) had not been written to the store, expected one write", o.ID)
			case shouldSave && n > 1:
				t.Errorf("%s was written to the store %d times, expected once", o.ID, n)
			case !shouldSave && n > 0:
				t.Errorf("%s (payment %s) was written to the store, expected no write", o.ID, api.statuses[o.ID])
			case n == 1:
				if want, _ := price(o); writes[o.ID][0] != want {
					t.Errorf("%s was written as %+v, expected %+v", o.ID, writes[o.ID][0], want)
				}
			}
		}
		for id, n := range api.calls {
			if n != 1 {
				t.Errorf("the provider was asked %d times about %s, expected once", n, id)
			}
		}
	})
}

func TestProcessOverlapsTheWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api, store, orders := newFakes(10)
		api.log = newCallLog()
		took, stacks := runAndLook(func() { Process(t.Context(), orders, api, store, 10) }, 250*time.Millisecond)
		api.log.attach(t)
		if api.peak == 1 {
			t.Attr("gilgrade.code", "sequential")
			t.Attr("gilgrade.goroutines", stacks)
			t.Errorf("10 payment calls of 500ms took %v of fake time: they ran one after another; with a limit of 10 they all overlap, in 500ms", took)
		} else if took != 500*time.Millisecond {
			if api.peak != 10 {
				t.Attr("gilgrade.goroutines", stacks)
			}
			t.Errorf("10 payment calls of 500ms with a limit of 10 took %v of fake time, expected 500ms", took)
		}
	})
}

func TestProcessRespectsTheLimit(t *testing.T) {
	for _, limit := range []int{3, 4} {
		t.Run(fmt.Sprintf("limit=%d", limit), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api, store, orders := newFakes(limit)
				var rep Report
				took, stacks := runAndLook(func() { rep = Process(t.Context(), orders, api, store, limit) }, 250*time.Millisecond)
				rounds := (len(orders) + limit - 1) / limit
				if api.peak != limit {
					// The stacks show what let too many through, or held
					// too many back.
					t.Attr("gilgrade.goroutines", stacks)
				}
				switch {
				case api.peak > limit:
					t.Errorf("the provider saw %d calls in flight at once, expected at most %d (the limit); it refused the extra calls, and report.FailedPayments is %v", api.peak, limit, rep.FailedPayments)
				case api.peak == 1:
					t.Attr("gilgrade.code", "sequential")
					t.Errorf("10 payment calls of 500ms took %v of fake time: they ran one after another; %d at a time they take %v", took, limit, time.Duration(rounds)*500*time.Millisecond)
				case api.peak < limit:
					t.Errorf("the most calls the provider saw in flight at once was %d, expected exactly %d: use every slot", api.peak, limit)
				case took != time.Duration(rounds)*500*time.Millisecond:
					t.Errorf("10 payment calls of 500ms, %d at a time, took %v of fake time, expected %v (%d rounds)", limit, took, time.Duration(rounds)*500*time.Millisecond, rounds)
				}
			})
		})
	}
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
