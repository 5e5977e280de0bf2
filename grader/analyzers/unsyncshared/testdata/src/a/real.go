package a

import (
	"sync"
	"testing"
)

// Patterns from real, correct code, each beside the mistake of the same shape.

type stat struct {
	count int
	sum   float64
}

// Each goroutine updates the element of its own index (time's tickers
// benchmark).
func ownElementField(n int) []stat {
	stats := make([]stat, n)
	var wg sync.WaitGroup
	for j := 0; j < n; j++ {
		wg.Go(func() {
			stats[j].count++
			stats[j].sum += 1.5
		})
	}
	wg.Wait()
	return stats
}

// The same field of one element from every goroutine races.
func sameElementField(n int) []stat {
	stats := make([]stat, n)
	var wg sync.WaitGroup
	for j := 0; j < n; j++ {
		wg.Go(func() {
			stats[0].count++ // want "`stats\\[0\\].count\\+\\+` updates `stats\\[0\\].count`"
		})
	}
	wg.Wait()
	return stats
}

// A write in a callback runs when its callee decides (testing's Cleanup runs
// them one at a time).
func inCallback(t *testing.T) {
	cleanups := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Go(func() {
			t.Cleanup(func() {
				cleanups |= 1 << i
			})
		})
	}
	wg.Wait()
}

// The same write made by the goroutine itself, or in its deferred function,
// races.
func inDeferred() int {
	done := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Go(func() {
			defer func() {
				done |= 1 << i // want "`done \\|= 1 << i` updates `done`"
			}()
		})
	}
	wg.Wait()
	return done
}

// One goroutine at a time: each is waited for before the next starts.
func handOffBetween() int {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	<-done
	go func() { n++; done <- true }()
	<-done
	return n
}

func waitInLoop(xs []int) int {
	total := 0
	for _, x := range xs {
		var wg sync.WaitGroup
		wg.Go(func() { total += x })
		wg.Wait()
	}
	return total
}

// A guard of the package's own type with Lock and Unlock methods.
type spinLock struct{ held bool }

func (l *spinLock) Lock()   { l.held = true }
func (l *spinLock) Unlock() { l.held = false }

func customLock(xs []int) int {
	var l spinLock
	total := 0
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() {
			l.Lock()
			total += x
			l.Unlock()
		})
	}
	wg.Wait()
	return total
}
