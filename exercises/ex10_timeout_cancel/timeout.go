// Exercise 10: give up after a deadline, and leave nothing behind.
//
// Some payment calls hang for seconds. An order pipeline that waits for every
// one of them is only as fast as its slowest call, so each call gets a deadline:
// if no answer has come by then, report a timeout and move on.
//
// The context package carries deadlines. context.WithTimeout(ctx, d) returns a
// new context that is done when d has passed (or earlier, when ctx itself is
// done: a caller that gives up takes everything it started with it), and a
// cancel function. Calling cancel says "I no longer need this": it releases the
// timer and detaches the new context from its parent. Call it on every path,
// which is what `defer cancel()` right after WithTimeout does. `go vet` reports
// a cancel function that is thrown away.
//
// The payment client below is an old one: it takes no context and returns only
// when the provider answers. So the call runs in its own goroutine, which sends
// its answer on a channel, and the caller waits in a select for whichever comes
// first, the answer or ctx.Done():
//
//	select {
//	case a := <-answers: // the provider answered in time
//	case <-ctx.Done():   // deadline passed, or the caller cancelled
//	}
//
// Careful: after a timeout nobody reads the channel any more, yet the goroutine
// still sends on it when the late answer finally arrives. On an unbuffered
// channel that send waits for a reader forever, and the goroutine is stuck for
// the life of the program: a goroutine leak. Give the channel room for the one
// answer, so the send always completes and the goroutine ends.
//
// Fill the blanks in StatusWithin.
package timeout

import (
	"context"
	"time"
)

// Payments is the old payment client: no context, and a call returns only when
// the provider answers, which may take seconds.
type Payments interface {
	Status(orderID string) (string, error)
}

// StatusWithin asks for an order's payment status, but gives up when d has
// passed or when ctx is done, whichever comes first; it then returns ctx's
// error (context.DeadlineExceeded or context.Canceled).
func StatusWithin(ctx context.Context, api Payments, orderID string, d time.Duration) (string, error) {
	___ // a context that is done after d
	___ // release it whichever way this function returns

	type answer struct {
		status string
		err    error
	}
	answers := ___ // a channel the goroutine can always send its one answer on
	go func() {
		status, err := api.Status(orderID)
		answers <- answer{status, err}
	}()

	select {
	case a := <-answers:
		return a.status, a.err
	case <-___: // the deadline passed or the caller gave up
		return "", ctx.Err()
	}
}
