// Exercise 9: no more than N calls at once.
//
// One goroutine per order made the pipeline fast, but the payment provider only
// accepts a few requests at a time: send it ten at once and it starts refusing
// them. That is the "works on my machine, falls over under load" failure. The fix
// is not to go back to one call at a time; it is to cap how many calls are in
// flight.
//
// A buffered channel makes a counting semaphore. Its capacity is the number of
// free slots. Sending a value takes a slot; the send blocks while every slot is
// taken. Receiving a value gives a slot back and lets one blocked sender go on:
//
//	sem := make(chan struct{}, 3) // 3 slots
//	sem <- struct{}{}             // take a slot (waits if all 3 are in use)
//	defer func() { <-sem }()      // give it back when this call is over
//
// Every order still gets its own goroutine, but only three of them talk to the
// provider at any moment; the others wait for a slot. Ten calls of 500ms with
// three slots take four rounds: 2s, instead of 5s one by one and instead of
// crashing the provider.
//
// Fill the blanks in FetchStatuses.
package bounded

import "sync"

// Payments is the payment provider's client.
type Payments interface {
	// Status returns the payment status of an order: "paid", "pending" or
	// "failed". It takes about 500ms.
	Status(orderID string) (string, error)
}

// Result is the answer for one order.
type Result struct {
	OrderID string
	Status  string
	Err     error
}

// FetchStatuses asks the provider for every order's status, with at most limit
// calls in flight at any moment. results[i] is the answer for orderIDs[i].
func FetchStatuses(api Payments, orderIDs []string, limit int) []Result {
	results := make([]Result, len(orderIDs))
	sem := ___ // a semaphore with limit slots
	var wg sync.WaitGroup
	for i, id := range orderIDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			___ // take a slot before calling the provider
			___ // give the slot back once this call is over
			status, err := api.Status(id)
			results[i] = Result{OrderID: id, Status: status, Err: err}
		}()
	}
	wg.Wait()
	return results
}
