package collect

import "sync"

// Squares computes the squares of 1..n in parallel.
func Squares(n int) []int {
	var wg sync.WaitGroup
	var results []int
	for i := 1; i <= n; i++ {
		wg.Go(func() {
			results = append(results, i*i)
		})
	}
	wg.Wait()
	return results
}
