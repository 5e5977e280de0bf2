// Exercise 11: stop at the first error.
//
// Charging a batch of orders is all or nothing: if one card is declined, the
// batch is rejected and there is no point finishing the other charges. Run the
// charges at the same time, and when the first one fails, keep its error, tell
// the others to stop, wait for them, and return that error.
//
// Three tools from the standard library do it:
//
//   - context.WithCancel(ctx) gives a context and a cancel function. Every
//     charge gets that context; cancel() makes ctx.Done() close, and a charge
//     that sees it stops early with ctx.Err().
//   - sync.Once runs a function exactly once, however many goroutines call
//     once.Do at the same time. The first failing goroutine records its error
//     and cancels; the later ones (including those failing only because they
//     were cancelled) change nothing. Writing the shared error without it is a
//     data race, and a later "context canceled" would overwrite the real cause.
//   - sync.WaitGroup: return only after every charge has stopped. A goroutine
//     still running after ChargeAll returned could still be writing the error,
//     and the caller would believe the batch is over while charges go on.
//
// (The golang.org/x/sync/errgroup package wraps this pattern; here you build it.)
//
// Fill the blanks in ChargeAll.
package firsterror

import (
	"context"
	"sync"
)

// Order is one order to charge.
type Order struct {
	ID          string
	AmountCents int
}

// Charger takes payments. Charge blocks until the payment is done; if ctx is
// done first, it stops and returns ctx.Err().
type Charger interface {
	Charge(ctx context.Context, o Order) error
}

// ChargeAll charges every order at the same time. It returns nil if all charges
// succeed; otherwise it stops the others and returns the first error.
func ChargeAll(ctx context.Context, pay Charger, orders []Order) error {
	ctx, cancel := ___ // a context the charges share, which you can cancel
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for _, o := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := pay.Charge(ctx, o); err != nil {
				___ // only the first failure: remember its error and stop the other charges
			}
		}()
	}
	___ // every charge must have stopped before you look at firstErr
	return firstErr
}
