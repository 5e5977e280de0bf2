package timeout

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeProvider answers "ORD-FAST" after 200ms and "ORD-SLOW" after 3s.
type fakeProvider struct {
	mu    sync.Mutex
	calls int
}

func (p *fakeProvider) Status(orderID string) (string, error) {
	p.mu.Lock()
	p.calls++
	p.mu.Unlock()
	switch orderID {
	case "ORD-FAST":
		time.Sleep(200 * time.Millisecond)
		return "paid", nil
	case "ORD-SLOW":
		time.Sleep(3 * time.Second)
		return "paid", nil
	}
	return "", errors.New("unknown order " + orderID)
}

// callerCtx is the caller's context. It counts the contexts derived from it
// that are still attached (not cancelled yet), and the test can cancel it.
type callerCtx struct {
	context.Context // Background: no deadline, no values
	done            chan struct{}

	mu       sync.Mutex
	err      error
	attached int
	derived  int // contexts ever attached, detached or not
	onCancel []func()
}

func newCallerCtx() *callerCtx {
	return &callerCtx{Context: context.Background(), done: make(chan struct{})}
}

func (c *callerCtx) Done() <-chan struct{} { return c.done }

func (c *callerCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// AfterFunc is how the context package attaches a derived context to a parent
// of a type it does not know; the returned stop function detaches it.
func (c *callerCtx) AfterFunc(f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attached++
	c.derived++
	attached := true
	c.onCancel = append(c.onCancel, func() {
		if attached {
			go f()
		}
	})
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if !attached {
			return false
		}
		attached = false
		c.attached--
		return true
	}
}

func (c *callerCtx) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = context.Canceled
	close(c.done)
	for _, f := range c.onCancel {
		f()
	}
}

func (c *callerCtx) everDerived() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.derived
}

func (c *callerCtx) stillAttached() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.attached
}

func TestStatusWithinFastAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := newCallerCtx()
		start := time.Now()
		status, err := StatusWithin(ctx, &fakeProvider{}, "ORD-FAST", time.Second)
		took := time.Since(start)
		if status != "paid" || err != nil {
			t.Errorf("StatusWithin for an order answered in 200ms returned (%q, %v), expected (\"paid\", nil)", status, err)
		}
		if took != 200*time.Millisecond {
			t.Errorf("StatusWithin returned after %v of fake time, expected 200ms: return as soon as the answer arrives", took)
		}
		if n := ctx.stillAttached(); n != 0 {
			t.Errorf("when StatusWithin returned, the timeout context it made was still live (%d still attached to the caller's context, timer still running), expected it released: call its cancel function on the way out", n)
		}
	})
}

func TestStatusWithinGivesUpAtTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &fakeProvider{}
		start := time.Now()
		status, err := StatusWithin(context.Background(), api, "ORD-SLOW", time.Second)
		took := time.Since(start)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("StatusWithin for a call that takes 3s with a 1s deadline returned (%q, %v), expected the error context.DeadlineExceeded", status, err)
		}
		if took != time.Second {
			t.Errorf("StatusWithin with a 1s deadline returned after %v of fake time, expected to give up after exactly 1s", took)
		}
		// Let the abandoned call finish: its goroutine must then be able to end.
		// When this function returns, synctest reports a goroutine still
		// blocked (on a send nobody will ever receive) as a deadlock.
		time.Sleep(3 * time.Second)
	})
}

func TestStatusWithinCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := newCallerCtx()
		go func() {
			time.Sleep(100 * time.Millisecond)
			ctx.cancel()
		}()
		start := time.Now()
		status, err := StatusWithin(ctx, &fakeProvider{}, "ORD-SLOW", time.Second)
		took := time.Since(start)
		if (!errors.Is(err, context.Canceled) || took != 100*time.Millisecond) && ctx.everDerived() == 0 {
			// No context was ever made from the caller's: StatusWithin's
			// timeout started from a fresh one, which the caller cannot cancel.
			t.Attr("gilgrade.line", `context\.(Background|TODO)\(\)`)
			t.Attr("gilgrade.hint", "make the timeout's context from the caller's: `ctx, cancel := context.WithTimeout(ctx, d)`, so that a caller who gives up ends the wait too")
			t.Errorf("the caller cancelled its context after 100ms, but StatusWithin went on and returned (%q, %v) after %v of fake time: its timeout context is not made from the caller's ctx, so the caller's cancel never reaches it; make it with context.WithTimeout(ctx, d)", status, err, took)
			time.Sleep(3 * time.Second) // let the abandoned call finish
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the caller cancelled its context after 100ms; StatusWithin returned (%q, %v), expected the error context.Canceled", status, err)
		}
		if took != 100*time.Millisecond {
			t.Errorf("the caller cancelled its context after 100ms; StatusWithin returned after %v of fake time, expected right then, at 100ms: wait on the context, not on a timer of your own", took)
		}
		time.Sleep(3 * time.Second) // let the abandoned call finish
	})
}
