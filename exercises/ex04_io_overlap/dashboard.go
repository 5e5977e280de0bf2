// Exercise 4: overlap the waiting.
//
// A program that calls a remote service spends nearly all of that time doing
// nothing: the request is out, the answer is not back yet. Four calls of 500ms
// each, made one after the other, keep the program idle for 2s. Nothing about the
// calls gets faster when they run in goroutines; what changes is that the four
// waits happen at the same time, so the whole batch takes as long as the slowest
// call, about 500ms. (In Python, threads give this speedup for waiting even
// under the GIL; in Go, goroutines give it, and they can also compute in
// parallel, which exercise 8 uses.)
//
// The account page below needs four unrelated answers. The profile is already
// fetched in a goroutine of its own; do the same for the other three, then wait
// once, after all four have started. Waiting after each start would put them back
// in a row.
//
// Each goroutine writes a different variable (its own field of d, or
// balanceErr), and nobody reads them until wg.Wait() has returned, so no mutex
// is needed here. A goroutine cannot return an error to its starter, so the
// balance call keeps its error in a variable that is checked after the wait.
//
// Fill the four blanks.
package iooverlap

import (
	"fmt"
	"sync"
)

// Dashboard is what the account page shows.
type Dashboard struct {
	Profile string
	Orders  []string
	Balance int // in cents
	Weather string
}

// Services are the back ends the account page needs. Every call is slow.
type Services interface {
	Profile(user string) string
	Orders(user string) []string
	Balance(user string) (int, error)
	Weather(city string) string
}

// LoadDashboard asks the four services at the same time and returns the page
// for user, with the weather in city. If the balance cannot be loaded, it
// returns an error that wraps the service's error.
func LoadDashboard(s Services, user, city string) (Dashboard, error) {
	var (
		d          Dashboard
		balanceErr error
		wg         sync.WaitGroup
	)
	wg.Go(func() { d.Profile = s.Profile(user) })
	___ // d.Orders, from s.Orders, in a goroutine of its own
	___ // d.Balance and balanceErr, from s.Balance, in a goroutine of its own
	___ // d.Weather, from s.Weather, in a goroutine of its own
	___ // now wait for all four
	if balanceErr != nil {
		return Dashboard{}, fmt.Errorf("loading the balance of %s: %w", user, balanceErr)
	}
	return d, nil
}
