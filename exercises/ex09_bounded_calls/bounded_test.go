package bounded

import (
	"errors"
	"fmt"
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
}

var errOverloaded = errors.New("503 Service Unavailable: too many requests")

func (p *fakeProvider) Status(orderID string) (string, error) {
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
				got := FetchStatuses(api, orderIDs, limit)
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
		api := &fakeProvider{capacity: 3}
		start := time.Now()
		FetchStatuses(api, ids(10), 3)
		took := time.Since(start)
		if api.peak == 1 {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("10 calls of 500ms took %v of fake time: they ran one after another; with 3 at a time they take 2s", took)
		} else if took != 2*time.Second {
			t.Errorf("10 calls of 500ms with 3 at a time took %v of fake time, expected 2s (4 rounds of at most 3 calls)", took)
		}
	})
}

func TestFetchStatusesEveryOrderAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeProvider{capacity: 10}
		start := time.Now()
		got := FetchStatuses(api, ids(5), 10)
		if took := time.Since(start); took != 500*time.Millisecond {
			t.Errorf("5 calls of 500ms with a limit of 10 took %v of fake time, expected 500ms: with enough slots, no call waits", took)
		}
		checkResults(t, ids(5), got)
		if got := FetchStatuses(api, nil, 3); len(got) != 0 {
			t.Errorf("FetchStatuses with no orders returned %d results, expected none", len(got))
		}
	})
}
