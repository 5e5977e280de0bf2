// Exercise 2: five goroutines, one slice, one mutex.
//
// In exercise 1 every goroutine wrote its own element, results[i], so no two of
// them ever touched the same memory. Here they all append to the same slice, and
// that changes everything. An append reads the slice header (pointer, length,
// capacity), writes the new element, and stores a new header back. Two goroutines
// doing this at the same moment can both read the old header, and the second store
// wipes out the first: an element goes missing, or the program crashes. This is a
// data race, and Go's race detector (go test -race) reports it when it sees one.
//
// A sync.Mutex lets one goroutine at a time into a stretch of code. The first to
// call mu.Lock() gets in; any other goroutine that calls mu.Lock() waits there
// until the holder calls mu.Unlock(). Keep the locked stretch short, and make sure
// every Lock is paired with an Unlock: a mutex that is never unlocked leaves every
// other goroutine waiting for it forever.
//
// Since Go 1.25, wg.Go(f) does in one call what exercise 1 wrote in three: it
// counts one more goroutine, starts f in it, and marks it done when f returns.
// wg.Wait() still blocks until every started goroutine has finished.
//
// Fill the four blanks: start each goroutine, lock around the append, unlock
// after it, and wait before returning.
package mutexappend

import (
	"sync"
	"time"
)

// SquaresList returns the square of every number in nums, computed in one
// goroutine per number. The squares are appended in the order the goroutines
// finish, which is not necessarily the order of nums.
func SquaresList(nums []int) []int {
	var wg sync.WaitGroup
	var squares struct {
		mu   sync.Mutex // guards list; keep a mutex next to what it guards
		list []int
	}
	for _, n := range nums {
		___(func() { // start a counted goroutine
			sq := slowSquare(n)
			___ // only one goroutine at a time past this line
			squares.list = append(squares.list, sq)
			___ // let the next goroutine in
		})
	}
	___ // wait for every goroutine before reading the list
	return squares.list
}

// slowSquare takes half a second, like a call to a slow service.
func slowSquare(n int) int {
	time.Sleep(500 * time.Millisecond)
	return n * n
}
