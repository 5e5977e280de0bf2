package counter

import "sync"

// Count starts n goroutines that each add one to a shared counter.
func Count(n int) int {
	var wg sync.WaitGroup
	counter := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counter++
		}()
	}
	wg.Wait()
	return counter
}
