package total

import "sync"

// Total adds up xs, one goroutine per number.
func Total(xs []int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sum := 0
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += x
			mu.Unlock()
		}()
	}
	result := sum
	wg.Wait()
	return result
}
