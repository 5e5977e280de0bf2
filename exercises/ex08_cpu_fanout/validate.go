// Exercise 8: spread CPU work over every core.
//
// Waiting on a network is not the only reason to use goroutines. Checking an
// order (do the line totals add up? is the card number well formed?) keeps a core
// busy the whole time. In Python, threads cannot speed that up: the interpreter
// lock lets only one thread run Python code at any moment. Go has no such lock.
// Goroutines are spread over as many OS threads as runtime.GOMAXPROCS(0) says
// (by default, the number of cores), and those threads really run at the same
// instant. So CPU-bound work gets faster when you split it over that many workers.
//
// More goroutines than that does not help CPU work: the cores are already full.
// The usual shape is one worker per core, each given its own contiguous slice of
// the input:
//
//	worker 0: orders[0:3]   worker 1: orders[3:5]   worker 2: orders[5:8] ...
//
// Each worker writes verdicts[i] only for the indices i in its own range. No two
// goroutines ever touch the same element, so no lock is needed, and because each
// verdict lands at its order's index, the result comes out in input order. The
// ranges must cover every index exactly once: none forgotten, none shared.
//
// Fill the blanks in ValidateAll.
package cpufanout

import (
	"runtime"
	"strings"
	"sync"
)

// Item is one line of an order.
type Item struct {
	SKU        string
	Qty        int
	PriceCents int
}

// Order is what the shop received. TotalCents is the total the customer saw.
type Order struct {
	ID         string
	Card       string
	Items      []Item
	TotalCents int
}

// Verdict says whether an order passed validation, and why not.
type Verdict struct {
	OrderID string
	OK      bool
	Reason  string
}

// workerStarted is called by each worker as it starts, with the worker's number.
// The tests use it to count workers; leave the call in place.
var workerStarted = func(worker int) {}

// ValidateAll validates every order, using one worker goroutine per core.
// verdicts[i] is the verdict for orders[i].
func ValidateAll(orders []Order) []Verdict {
	verdicts := make([]Verdict, len(orders))
	workers := ___ // how many goroutines can run Go code at the same instant
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		___ func() {
			defer wg.Done()
			workerStarted(w)
			lo, hi := ___ // this worker's share of the indices: orders[lo:hi]
			for i := lo; i < hi; i++ {
				___ // store the verdict for order i
			}
		}()
	}
	wg.Wait()
	return verdicts
}

// validate is pure CPU work: it recomputes the total and checks the card number.
func validate(o Order) Verdict {
	if len(o.Items) == 0 {
		return Verdict{OrderID: o.ID, Reason: "no items"}
	}
	total := 0
	for _, it := range o.Items {
		if it.Qty <= 0 {
			return Verdict{OrderID: o.ID, Reason: "item " + it.SKU + " has no quantity"}
		}
		total += it.Qty * it.PriceCents
	}
	if total != o.TotalCents {
		return Verdict{OrderID: o.ID, Reason: "total does not match the items"}
	}
	if !luhn(o.Card) {
		return Verdict{OrderID: o.ID, Reason: "card number is not valid"}
	}
	return Verdict{OrderID: o.ID, OK: true}
}

// luhn reports whether a card number passes the Luhn checksum.
func luhn(card string) bool {
	digits := strings.ReplaceAll(card, " ", "")
	if len(digits) < 12 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
