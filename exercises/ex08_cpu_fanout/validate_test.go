package cpufanout

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// makeOrders builds n orders; every fifth has a wrong total and every seventh a
// bad card, so the verdicts differ from order to order.
func makeOrders(n int) []Order {
	orders := make([]Order, n)
	for i := range orders {
		qty := i%4 + 1
		o := Order{
			ID:         fmt.Sprintf("ORD-%03d", i+1),
			Card:       "4539 1488 0343 6467",
			Items:      []Item{{SKU: "MUG", Qty: qty, PriceCents: 1250}, {SKU: "TEA", Qty: 1, PriceCents: 499}},
			TotalCents: qty*1250 + 499,
		}
		if i%5 == 4 {
			o.TotalCents++
		}
		if i%7 == 6 {
			o.Card = "4539 1488 0343 6468"
		}
		orders[i] = o
	}
	return orders
}

// withProcs runs the test with GOMAXPROCS set to procs, so that the expected
// number of workers is the same on every machine.
func withProcs(t *testing.T, procs int) {
	old := runtime.GOMAXPROCS(procs)
	t.Cleanup(func() { runtime.GOMAXPROCS(old) })
}

// countWorkers replaces the workerStarted hook: each worker is held for 10ms of
// fake time, so workers running at the same time are seen together.
type workerCounter struct {
	mu      sync.Mutex
	started []int
	running int
	peak    int
}

func countWorkers(t *testing.T) *workerCounter {
	c := &workerCounter{}
	old := workerStarted
	workerStarted = func(w int) {
		c.mu.Lock()
		c.started = append(c.started, w)
		c.running++
		c.peak = max(c.peak, c.running)
		c.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		c.mu.Lock()
		c.running--
		c.mu.Unlock()
	}
	t.Cleanup(func() { workerStarted = old })
	return c
}

func checkVerdicts(t *testing.T, orders []Order, got []Verdict) {
	t.Helper()
	if len(got) != len(orders) {
		t.Errorf("ValidateAll returned %d verdicts for %d orders, expected one verdict per order", len(got), len(orders))
		return
	}
	missing := 0
	for i, o := range orders {
		want := validate(o)
		switch {
		case got[i] == want:
		case got[i].OrderID == "":
			missing++
			if missing <= 3 {
				t.Errorf("verdicts[%d] is empty, expected the verdict for %s: no worker's range covered index %d", i, o.ID, i)
			}
		default:
			t.Errorf("verdicts[%d] is %+v, expected %+v: each verdict must sit at its order's index", i, got[i], want)
		}
	}
	if missing > 3 {
		t.Errorf("%d of %d orders got no verdict in all", missing, len(orders))
	}
}

func TestValidateAllCompleteAndInOrder(t *testing.T) {
	withProcs(t, 4)
	synctest.Test(t, func(t *testing.T) {
		countWorkers(t)
		orders := makeOrders(103)
		checkVerdicts(t, orders, ValidateAll(orders))
	})
}

func TestValidateAllFewerOrdersThanWorkers(t *testing.T) {
	withProcs(t, 4)
	synctest.Test(t, func(t *testing.T) {
		countWorkers(t)
		orders := makeOrders(3)
		checkVerdicts(t, orders, ValidateAll(orders))
		if got := ValidateAll(nil); len(got) != 0 {
			t.Errorf("ValidateAll(nil) returned %d verdicts, expected none", len(got))
		}
	})
}

func TestValidateAllOneWorkerPerCore(t *testing.T) {
	for _, procs := range []int{2, 5} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			withProcs(t, procs)
			synctest.Test(t, func(t *testing.T) {
				c := countWorkers(t)
				start := time.Now()
				ValidateAll(makeOrders(40))
				took := time.Since(start)
				ids := slices.Sorted(slices.Values(c.started))
				want := make([]int, procs)
				for i := range want {
					want[i] = i
				}
				if !slices.Equal(ids, want) {
					t.Errorf("with GOMAXPROCS=%d, workers %v started, expected one worker per core, numbered %v", procs, ids, want)
					return
				}
				if c.peak == 1 && procs > 1 {
					t.Attr("gilgrade.code", "sequential")
					t.Errorf("the %d workers ran one after another (each held for 10ms, they took %v of fake time); started as goroutines they all run at once, in 10ms", procs, took)
				} else if c.peak != procs {
					t.Errorf("at most %d workers ran at the same time, expected all %d at once", c.peak, procs)
				}
			})
		})
	}
}

func TestValidateAllDeterministic(t *testing.T) {
	withProcs(t, 3)
	synctest.Test(t, func(t *testing.T) {
		countWorkers(t)
		orders := makeOrders(50)
		first := ValidateAll(orders)
		for run := 2; run <= 5; run++ {
			if again := ValidateAll(orders); !slices.Equal(first, again) {
				t.Errorf("run %d of ValidateAll on the same orders gave different verdicts than run 1: the result must not depend on which worker finishes first", run)
				return
			}
		}
	})
}
