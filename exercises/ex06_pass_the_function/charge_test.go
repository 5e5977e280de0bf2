package passfunc

import (
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

var (
	errTimeout  = errors.New("payment service timed out")
	errDeclined = errors.New("card declined")
)

// fakePayments takes 500ms of fake time per charge. ORD-2 fails once and then
// succeeds; ORD-3 is always declined; every other order succeeds at once.
type fakePayments struct {
	mu       sync.Mutex
	calls    map[string]int
	inFlight int
	peak     int
}

func newFakePayments() *fakePayments {
	return &fakePayments{calls: make(map[string]int)}
}

func (f *fakePayments) Charge(orderID string) error {
	f.mu.Lock()
	f.calls[orderID]++
	n := f.calls[orderID]
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()

	time.Sleep(500 * time.Millisecond)

	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	switch {
	case orderID == "ORD-2" && n == 1:
		return errTimeout
	case orderID == "ORD-3":
		return errDeclined
	}
	return nil
}

func TestChargeWithRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakePayments()
		if err := chargeWithRetry(api, "ORD-1"); err != nil || api.calls["ORD-1"] != 1 {
			t.Errorf("ORD-1 succeeds at once: expected no error after 1 attempt, got %v after %d attempts", err, api.calls["ORD-1"])
		}
		if err := chargeWithRetry(api, "ORD-2"); err != nil || api.calls["ORD-2"] != 2 {
			t.Errorf("ORD-2 fails once, then succeeds: expected no error after 2 attempts, got %v after %d attempts", err, api.calls["ORD-2"])
		}
		if err := chargeWithRetry(api, "ORD-3"); !errors.Is(err, errDeclined) || api.calls["ORD-3"] != 3 {
			t.Errorf("ORD-3 is always declined: expected %q after 3 attempts, got %v after %d attempts", errDeclined, err, api.calls["ORD-3"])
		}
	})
}

func TestChargeAllOneOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakePayments()
		errs := ChargeAll(api, []string{"ORD-1"})
		if len(errs) != 1 || errs[0] != nil {
			t.Errorf("one order that succeeds: expected the results [<nil>], got %v", errs)
		}
		if api.calls["ORD-1"] != 1 {
			t.Errorf("expected ORD-1 to be charged once, it was charged %d times", api.calls["ORD-1"])
		}
	})
}

// All four orders are charged at once, so the slowest one decides: ORD-3 takes
// 3 attempts of 500ms with two pauses of 100ms, 1.7s of fake time. One order
// after another, the four would take 0.5 + 1.1 + 1.7 + 0.5 = 3.8s.
func TestChargeAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakePayments()
		ids := []string{"ORD-1", "ORD-2", "ORD-3", "ORD-4"}
		start := time.Now()
		errs := ChargeAll(api, ids)
		took := time.Since(start)
		if len(errs) != len(ids) {
			t.Fatalf("expected %d results, one per order, got %d", len(ids), len(errs))
		}
		for i, id := range ids {
			want := error(nil)
			if id == "ORD-3" {
				want = errDeclined
			}
			if !errors.Is(errs[i], want) || (want == nil && errs[i] != nil) {
				t.Errorf("expected the result for %s to be %v, got %v", id, want, errs[i])
			}
		}
		for id, want := range map[string]int{"ORD-1": 1, "ORD-2": 2, "ORD-3": 3, "ORD-4": 1} {
			if got := api.calls[id]; got != want {
				t.Errorf("expected %s to be charged in %d attempts, it was charged %d times", id, want, got)
			}
		}
		if api.peak == 1 {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("4 orders took %v of fake time with only 1 charge at a time: they ran one after another; charged at once they take 1.7s", took)
		} else if took != 1700*time.Millisecond {
			t.Errorf("4 orders charged at once should take 1.7s of fake time (the slowest order), took %v", took)
		}
	})
}

func TestChargeAllNoOrders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if errs := ChargeAll(newFakePayments(), nil); len(errs) != 0 {
			t.Errorf("no orders: expected no results, got %v", errs)
		}
	})
}

func TestRemindLater(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reminded := make(chan string, 10)
		start := time.Now()
		RemindLater("ORD-7", time.Hour, func(id string) { reminded <- id })
		if took := time.Since(start); took != 0 {
			t.Fatalf("RemindLater took %v of fake time, expected it to return at once and remind later", took)
		}
		if len(reminded) != 0 {
			t.Fatalf("the reminder ran at once, expected it to wait an hour (was remind called instead of passed?)")
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		select {
		case id := <-reminded:
			if id != "ORD-7" {
				t.Errorf("an hour later, expected a reminder for ORD-7, got one for %s", id)
			}
		default:
			t.Errorf("an hour later, expected one reminder for ORD-7, got none")
		}
		if len(reminded) != 0 {
			t.Errorf("expected exactly one reminder, got %d more", len(reminded))
		}
	})
}

func TestRemindLaterStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reminded := make(chan string, 10)
		timer := RemindLater("ORD-8", time.Minute, func(id string) { reminded <- id })
		if !timer.Stop() {
			t.Fatalf("expected the timer to be still pending right after RemindLater")
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if len(reminded) != 0 {
			t.Errorf("the reminder was stopped, expected it never to run, but it ran %d times", len(reminded))
		}
	})
}
