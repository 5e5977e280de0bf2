package squares

import "sync"

// Squares squares each number in a goroutine of its own.
func Squares(nums []int) []int {
	results := make([]int, len(nums))
	var wg sync.WaitGroup
	for i, n := range nums {
		wg.Add(1)
		defer func() {
			defer wg.Done()
			results[i] = n * n
		}()
	}
	wg.Wait()
	return results
}
