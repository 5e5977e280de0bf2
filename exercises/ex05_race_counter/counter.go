// Exercise 5: a counter that many goroutines increase at once.
//
// `n++` looks like one step, but the machine does three: it reads n, adds one to
// what it read, and writes the sum back. Two goroutines can interleave them:
//
//	goroutine A reads 41
//	goroutine B reads 41
//	goroutine A writes 42
//	goroutine B writes 42   // two increments, but n grew by one
//
// The lost update is silent: no error, just a count that comes out too small,
// and only sometimes. The race detector sees the two unsynchronised accesses and
// reports a DATA RACE even on runs where the count happens to be right.
//
// Part 1, a mutex. A Counter keeps its mutex next to the number it guards, and
// Inc holds the mutex for the whole read-add-write, so the three steps of one
// increment can no longer interleave with another's. `defer c.mu.Unlock()`
// unlocks when Inc returns, whichever way it returns. A mutex must never be
// copied: a copy is a second, unrelated lock (and a copied Counter is a second,
// unrelated count). So methods that lock take a pointer receiver, *Counter.
//
// Part 2, sync/atomic. For a single number there is a shortcut: the types of
// sync/atomic, such as atomic.Int64, do read-add-write as one indivisible
// operation with their Add method, and Load reads the value safely while other
// goroutines may be adding. No mutex needed, but only for one value at a time:
// to keep two values consistent with each other, use a mutex.
//
// Fill the five blanks.
package racecounter

import (
	"sync"
	"sync/atomic"
)

// Counter is a count that many goroutines may increase at the same time.
// Its zero value is a counter at 0, ready to use.
type Counter struct {
	mu sync.Mutex // guards n
	n  int
}

// Inc adds one to the counter.
func (c ___) Inc() { // the receiver: which Counter does Inc change?
	___ // from here on, no other goroutine may touch c.n
	___ // ...until Inc returns, however it returns
	c.n++
}

// Value returns the current count.
func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// CountWithMutex starts `workers` goroutines that each call Inc `times` times on
// one shared Counter, and returns the final count.
func CountWithMutex(workers, times int) int {
	var c Counter
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range times {
				c.Inc()
			}
		})
	}
	wg.Wait()
	return c.Value()
}

// CountWithAtomic does the same with an atomic.Int64 and no mutex.
func CountWithAtomic(workers, times int) int64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range times {
				___ // one increment, as a single indivisible step
			}
		})
	}
	wg.Wait()
	return ___ // read the final count
}
