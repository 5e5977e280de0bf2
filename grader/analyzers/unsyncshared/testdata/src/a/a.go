package a

import (
	"sync"
	"sync/atomic"
)

func square(n int) int { return n * n }

func counterRace(nums []int) int {
	var total int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			total += n // want "`total \\+= n` updates `total` from several goroutines at once with no lock held"
		})
	}
	wg.Wait()
	return total
}

func incRace(nums []int) int {
	count := 0
	var wg sync.WaitGroup
	for range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++ // want "`count\\+\\+` updates `count`"
		}()
	}
	wg.Wait()
	return count
}

func appendRace(nums []int) []int {
	var out []int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			out = append(out, square(n)) // want "`out = append\\(out, square\\(n\\)\\)` appends to `out`"
		})
	}
	wg.Wait()
	return out
}

func mapRace(words []string) map[string]int {
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			seen[w] = len(w) // want "`seen\\[w\\] = len\\(w\\)` writes the map `seen`"
		})
	}
	wg.Wait()
	return seen
}

func deleteRace(m map[string]int, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			delete(m, k) // want "`delete\\(m, k\\)` writes the map `m`"
		})
	}
	wg.Wait()
}

func lockedElsewhere(nums []int) int {
	var mu sync.Mutex
	var total int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			mu.Lock()
			mu.Unlock()
			total += n // want "call `mu.Lock\\(\\)` before it and `mu.Unlock\\(\\)` after it"
		})
	}
	wg.Wait()
	return total
}

func sameElement(nums []int) []int {
	results := make([]int, 1)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			results[0] = n // want "writes the same element of `results`"
		})
	}
	wg.Wait()
	return results
}

func twoStarts() int {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }() // want "`n\\+\\+` updates `n`"
	go func() { n++; done <- true }() // want "`n\\+\\+` updates `n`"
	<-done
	<-done
	return n
}

// Near misses that must stay silent.

func lockedAppend(nums []int) []int {
	var mu sync.Mutex
	var out []int
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			mu.Lock()
			out = append(out, square(n))
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

func deferUnlock(words []string) map[string]int {
	var mu sync.RWMutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			if len(w) > 0 {
				seen[w]++
			}
		})
	}
	wg.Wait()
	return seen
}

func perIndex(nums []int) []int {
	results := make([]int, len(nums))
	var wg sync.WaitGroup
	for i, n := range nums {
		wg.Go(func() {
			results[i] = square(n)
			results[i]++
		})
	}
	wg.Wait()
	return results
}

func perIndexParam(nums []int) []int {
	results := make([]int, len(nums))
	var wg sync.WaitGroup
	for i := range nums {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = square(nums[i])
		}(i)
	}
	wg.Wait()
	return results
}

func atomicCounter(nums []int) int64 {
	var total atomic.Int64
	var old int64
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			total.Add(int64(n))
			atomic.AddInt64(&old, 1)
		})
	}
	wg.Wait()
	return total.Load() + old
}

func localInside(nums []int) {
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Go(func() {
			var out []int
			count := 0
			for range n {
				out = append(out, n)
				count++
			}
			_ = count
		})
	}
	wg.Wait()
}

func overChannel(nums []int) []int {
	ch := make(chan int)
	for _, n := range nums {
		go func() { ch <- square(n) }()
	}
	var out []int
	for range nums {
		out = append(out, <-ch)
	}
	return out
}

func oneGoroutine() int {
	n := 0
	done := make(chan bool)
	go func() {
		n++
		close(done)
	}()
	<-done
	return n
}

type row struct{ hits int }

func perIterationVar(rows []row) {
	var wg sync.WaitGroup
	for _, r := range rows {
		wg.Go(func() {
			r.hits++
		})
	}
	wg.Wait()
}
