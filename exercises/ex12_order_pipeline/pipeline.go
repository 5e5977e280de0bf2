// Exercise 12: the order pipeline, end to end.
//
// This is the pipeline from the lessons. For each order it asks the payment
// provider for the payment status (about 500ms of waiting), validates the order
// and works out its discount (CPU work), and writes the result to the database.
// Done one order at a time, ten orders spend five seconds just waiting.
//
// Put together what the earlier exercises built:
//
//   - one goroutine per order, so the waits overlap and ten 500ms calls take
//     about 500ms instead of 5s; validation runs in those goroutines too, and in
//     Go it really runs on several cores at once;
//   - a semaphore (a buffered channel), because the provider refuses calls
//     beyond its limit: with limit slots, ten calls take ceil(10/limit) rounds;
//   - a mutex around the shared report, which every goroutine adds its order
//     to; without it, appends from two goroutines at once lose orders;
//   - a WaitGroup, so Process returns only when every order has been handled:
//     written once, or reported as failed, pending or invalid. No order is lost
//     and none is written twice.
//
// Fill the blanks in Process. The rest (pricing, the report's bookkeeping) is
// done for you.
package pipeline

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// Item is one line of an order.
type Item struct {
	SKU        string
	Qty        int
	PriceCents int
}

// Order is an order waiting to be processed.
type Order struct {
	ID     string
	Items  []Item
	Coupon string
}

// Result is what gets written to the database for a paid, valid order.
type Result struct {
	OrderID       string
	SubtotalCents int
	DiscountCents int
	TotalCents    int
}

// Payments is the payment provider: Status returns "paid", "pending" or
// "failed" after about 500ms, or an error (for instance when it is overloaded).
type Payments interface {
	Status(ctx context.Context, orderID string) (string, error)
}

// Store is the database.
type Store interface {
	Save(ctx context.Context, r Result) error
}

// Report says what happened to every order. Each list is sorted.
type Report struct {
	Saved          []string // paid, valid, written to the store
	FailedPayments []string // payment failed, or the provider gave an error
	Pending        []string // payment not settled yet: try again later
	Invalid        []string // paid, but the order itself is wrong
	NotSaved       []string // the store refused the write
}

// Process handles every order, with at most limit payment calls in flight.
func Process(ctx context.Context, orders []Order, pay Payments, store Store, limit int) Report {
	var (
		wg     sync.WaitGroup
		shared struct {
			sync.Mutex // guards the Report
			Report
		}
	)
	sem := ___ // at most limit payment calls at once
	for _, o := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()

			___ // wait for a free slot
			status, err := pay.Status(ctx, o.ID)
			___ // free the slot: the provider is done with this order

			list := outcome(ctx, o, status, err, store)
			___ // add o.ID to that list of the report (other goroutines add to it too)
		}()
	}
	___ // every order must be handled before the report is complete
	shared.sort()
	return shared.Report
}

// which is a list of the report.
type which int

const (
	saved which = iota
	failedPayment
	pending
	invalid
	notSaved
)

// outcome validates and prices a paid order, saves it, and says which list of
// the report the order belongs to.
func outcome(ctx context.Context, o Order, status string, err error, store Store) which {
	switch {
	case err != nil || status == "failed":
		return failedPayment
	case status != "paid":
		return pending
	}
	r, err := price(o)
	if err != nil {
		return invalid
	}
	if err := store.Save(ctx, r); err != nil {
		return notSaved
	}
	return saved
}

// add puts an order on one list of the report.
func (r *Report) add(list which, orderID string) {
	switch list {
	case saved:
		r.Saved = append(r.Saved, orderID)
	case failedPayment:
		r.FailedPayments = append(r.FailedPayments, orderID)
	case pending:
		r.Pending = append(r.Pending, orderID)
	case invalid:
		r.Invalid = append(r.Invalid, orderID)
	case notSaved:
		r.NotSaved = append(r.NotSaved, orderID)
	}
}

func (r *Report) sort() {
	for _, l := range []*[]string{&r.Saved, &r.FailedPayments, &r.Pending, &r.Invalid, &r.NotSaved} {
		slices.Sort(*l)
	}
}

// price validates an order and applies the best discount: 10% with the coupon
// SAVE10, or 5% on a subtotal of $100 or more.
func price(o Order) (Result, error) {
	if len(o.Items) == 0 {
		return Result{}, errors.New("no items")
	}
	subtotal := 0
	for _, it := range o.Items {
		if it.Qty <= 0 || it.PriceCents < 0 {
			return Result{}, errors.New("bad item " + it.SKU)
		}
		subtotal += it.Qty * it.PriceCents
	}
	discount := 0
	if o.Coupon == "SAVE10" {
		discount = subtotal / 10
	}
	if subtotal >= 10000 {
		discount = max(discount, subtotal/20)
	}
	return Result{OrderID: o.ID, SubtotalCents: subtotal, DiscountCents: discount, TotalCents: subtotal - discount}, nil
}
