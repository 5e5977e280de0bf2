package firsterror

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// DeclinedError is what the fake bank returns for a refused card.
type DeclinedError struct{ OrderID string }

func (e *DeclinedError) Error() string { return "card declined for " + e.OrderID }

// plan says how long a charge takes and whether the card is declined.
type plan struct {
	took     time.Duration
	declined bool
}

// fakeBank charges orders following its plans, honours ctx, and keeps a log.
type fakeBank struct {
	plans map[string]plan

	mu        sync.Mutex
	running   int
	charged   []string
	cancelled []string
}

func (b *fakeBank) Charge(ctx context.Context, o Order) error {
	p := b.plans[o.ID]
	b.mu.Lock()
	b.running++
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.running--
		b.mu.Unlock()
	}()

	timer := time.NewTimer(p.took)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		b.mu.Lock()
		b.cancelled = append(b.cancelled, o.ID)
		b.mu.Unlock()
		return ctx.Err()
	}
	if p.declined {
		return &DeclinedError{OrderID: o.ID}
	}
	b.mu.Lock()
	b.charged = append(b.charged, o.ID)
	b.mu.Unlock()
	return nil
}

func (b *fakeBank) chargedOrders() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.charged...)
}

func (b *fakeBank) stillRunning() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.running
}

func orders(n int) []Order {
	out := make([]Order, n)
	for i := range out {
		out[i] = Order{ID: fmt.Sprintf("ORD-%03d", i+1), AmountCents: 1000 * (i + 1)}
	}
	return out
}

func TestChargeAllEveryChargeSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bank := &fakeBank{plans: map[string]plan{}}
		os := orders(5)
		for _, o := range os {
			bank.plans[o.ID] = plan{took: 500 * time.Millisecond}
		}
		start := time.Now()
		err := ChargeAll(context.Background(), bank, os)
		took := time.Since(start)
		if err != nil {
			t.Errorf("ChargeAll returned the error %q, expected nil: every card is good", err)
		}
		if charged := bank.chargedOrders(); len(charged) != len(os) {
			t.Errorf("when ChargeAll returned, the bank had charged %d of %d orders, expected all of them: wait for every charge before returning", len(charged), len(os))
		} else if took >= 2500*time.Millisecond {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("5 charges of 500ms took %v of fake time: they ran one after another; at the same time they take 500ms", took)
		} else if took != 500*time.Millisecond {
			t.Errorf("5 charges of 500ms took %v of fake time, expected 500ms", took)
		}
	})
}

// ORD-002 is declined after 100ms, ORD-005 after 1s; the rest take 2s.
func mixedBank() *fakeBank {
	return &fakeBank{plans: map[string]plan{
		"ORD-001": {took: 2 * time.Second},
		"ORD-002": {took: 100 * time.Millisecond, declined: true},
		"ORD-003": {took: 2 * time.Second},
		"ORD-004": {took: 2 * time.Second},
		"ORD-005": {took: time.Second, declined: true},
		"ORD-006": {took: 2 * time.Second},
	}}
}

func TestChargeAllReturnsTheFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bank := mixedBank()
		err := ChargeAll(context.Background(), bank, orders(6))
		if n := bank.stillRunning(); n != 0 {
			t.Errorf("ChargeAll returned while %d charges were still running, expected it to wait until every charge had stopped", n)
		}
		var declined *DeclinedError
		switch {
		case err == nil:
			t.Errorf("ChargeAll returned nil, expected the first error: ORD-002's card was declined after 100ms")
		case !errors.As(err, &declined):
			t.Errorf("ChargeAll returned %q, expected the first error, %q: a later error must not replace it", err, (&DeclinedError{"ORD-002"}).Error())
		case declined.OrderID != "ORD-002":
			t.Errorf("ChargeAll returned %q, expected the first error, %q (after 100ms)", err, (&DeclinedError{"ORD-002"}).Error())
		}
		time.Sleep(2 * time.Second) // let any charge left behind finish
	})
}

func TestChargeAllStopsTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bank := mixedBank()
		start := time.Now()
		ChargeAll(context.Background(), bank, orders(6))
		took := time.Since(start)
		if n := bank.stillRunning(); n != 0 {
			t.Errorf("ChargeAll returned while %d charges were still running, expected it to wait until every charge had stopped", n)
		} else if took < 100*time.Millisecond {
			t.Errorf("ChargeAll returned after %v of fake time, before any charge had finished, expected it to return at 100ms with ORD-002's error: wait for the charges", took)
		} else if took != 100*time.Millisecond {
			t.Errorf("ChargeAll returned after %v of fake time, expected 100ms: when ORD-002 is declined at 100ms, cancel the other charges instead of letting them run to the end", took)
		}
		if charged := bank.chargedOrders(); len(charged) != 0 {
			t.Errorf("the bank went on to charge %v after ORD-002 was declined, expected no order charged once the batch failed", charged)
		}
		time.Sleep(2 * time.Second) // let any charge left behind finish
	})
}

// Two cards are declined at the same instant, before anyone has cancelled: both
// goroutines record an error at once, so only a sync.Once (or a lock) keeps the
// first error from being written twice. The race detector sees a plain
// check-then-set of firstErr whatever order the two run in.
func TestChargeAllTwoDeclinedAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bank := &fakeBank{plans: map[string]plan{
			"ORD-001": {took: 2 * time.Second},
			"ORD-002": {took: 100 * time.Millisecond, declined: true},
			"ORD-003": {took: 100 * time.Millisecond, declined: true},
			"ORD-004": {took: 100 * time.Millisecond, declined: true},
			"ORD-005": {took: 2 * time.Second},
		}}
		err := ChargeAll(context.Background(), bank, orders(5))
		var declined *DeclinedError
		if !errors.As(err, &declined) {
			t.Errorf("ChargeAll returned %v, expected the error of one of the cards declined at 100ms", err)
		}
		time.Sleep(2 * time.Second) // let any charge left behind finish
	})
}

// The caller gives up after 300ms: ChargeAll must stop the charges then, so its
// context must come from the caller's, not from context.Background().
func TestChargeAllCallerCancels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bank := &fakeBank{plans: map[string]plan{}}
		os := orders(4)
		for _, o := range os {
			bank.plans[o.ID] = plan{took: 2 * time.Second}
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(300*time.Millisecond, cancel)
		start := time.Now()
		err := ChargeAll(ctx, bank, os)
		took := time.Since(start)
		if took != 300*time.Millisecond || !errors.Is(err, context.Canceled) {
			t.Errorf("the caller cancelled its context at 300ms; ChargeAll returned %v after %v of fake time, expected context.Canceled at 300ms: derive the charges' context from the caller's ctx", err, took)
		}
		if charged := bank.chargedOrders(); len(charged) != 0 {
			t.Errorf("the bank charged %v after the caller had given up, expected nothing charged", charged)
		}
		time.Sleep(2 * time.Second) // let any charge left behind finish
	})
}
