// Exercise 6: pass the function, do not call it.
//
// Many APIs take a function to run later, somewhere else: wg.Go(f) runs f in a
// new goroutine, time.AfterFunc(d, f) runs f once d has passed, and a helper such
// as retry below runs its op again and again until it succeeds. Each of them
// wants the function itself, a value of type func() or func() error. Writing
// f(x) there is a different thing entirely: it calls f right away, here, in the
// current goroutine, and hands over whatever f returned.
//
// In Python, Thread(target=work(x)) makes that mistake silently: work runs at
// once, in the calling thread, and the "thread" has nothing to do. Go checks
// types, so it usually refuses to compile instead: `wg.Go(work(x))` gives
// "work(x) (no value) used as value", or "cannot use work(x) (value of type
// error) as func() value". The message means: a call is where a function should
// be.
//
// A function that needs arguments does not fit func() as it is. Wrap the call in
// a function literal, a closure: `func() { work(x) }` is a func() that, when it
// is finally run, calls work with x. The closure remembers x (and anything else
// it uses from around it), so the arguments travel with it.
//
// One more trap: wg.Go counts the goroutine and marks it done by itself. Do not
// also call wg.Add or wg.Done for it, or the count goes wrong.
//
// Fill the three blanks.
package passfunc

import (
	"sync"
	"time"
)

// PaymentAPI charges orders. Every call takes a while.
type PaymentAPI interface {
	Charge(orderID string) error
}

// pause is how long retry waits between two attempts.
const pause = 100 * time.Millisecond

// retry calls op until it returns nil, at most attempts times, with a pause
// between two attempts. It returns nil on success, or op's last error.
func retry(attempts int, op func() error) error {
	var err error
	for i := range attempts {
		if i > 0 {
			time.Sleep(pause)
		}
		if err = op(); err == nil {
			return nil
		}
	}
	return err
}

// chargeWithRetry charges one order, trying up to 3 times.
func chargeWithRetry(api PaymentAPI, orderID string) error {
	return retry(3, ___) // retry needs a func() error that charges orderID
}

// ChargeAll charges every order at the same time, each with up to 3 attempts,
// and returns one result per order: errs[i] is nil when orderIDs[i] was
// charged, or the error of its last attempt.
func ChargeAll(api PaymentAPI, orderIDs []string) []error {
	errs := make([]error, len(orderIDs))
	var wg sync.WaitGroup
	for i, id := range orderIDs {
		___ // charge id with retries in a goroutine of its own; its result goes to errs[i]
	}
	wg.Wait()
	return errs
}

// RemindLater arranges for remind(orderID) to be called once delay has passed,
// and returns at once. The caller may Stop the returned timer to cancel the
// reminder.
func RemindLater(orderID string, delay time.Duration, remind func(orderID string)) *time.Timer {
	return time.AfterFunc(delay, ___) // AfterFunc needs a func() that reminds about orderID
}
