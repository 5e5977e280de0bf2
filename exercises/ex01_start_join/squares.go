// Exercise 1: start goroutines, then wait for them.
//
// A goroutine is a function running on its own, alongside the code that started
// it. The statement `go f()` starts one and returns at once: it does not wait for f
// to finish. So the starter needs a way to wait before it reads what the goroutines
// produced. The standard tool is sync.WaitGroup, a counter of unfinished work:
//
//	wg.Add(1)       // before starting: one more goroutine to wait for
//	go func() {
//		defer wg.Done() // when it ends, however it ends: one fewer
//		...
//	}()
//	wg.Wait()       // block until the counter is back to zero
//
// Squares below computes each square in its own goroutine. slowSquare pretends
// to be slow (a network call, say): one after another, four of them take 2s;
// started together, they take about 500ms. Fill the four blanks.
package startjoin

import (
	"sync"
	"time"
)

// Squares returns the square of each number, in the same order, computing every
// square in its own goroutine.
func Squares(nums []int) []int {
	results := make([]int, len(nums))
	var wg sync.WaitGroup
	for i, n := range nums {
		___ // count one more goroutine to wait for
		___ func() {
			___ // say this goroutine is done, however it ends
			results[i] = slowSquare(n)
		}()
	}
	___ // wait for every goroutine before reading results
	return results
}

// slowSquare takes half a second, like a call over the network.
func slowSquare(n int) int {
	time.Sleep(500 * time.Millisecond)
	return n * n
}
