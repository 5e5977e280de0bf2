package pool

import "sync"

// Total adds up n with a pool of workers.
func Total(nums []int, workers int) int {
	var (
		mu    sync.Mutex
		total int
		wg    sync.WaitGroup
	)
	jobs := make(chan int)
	for range workers {
		wg.Go(func() {
			for n := range jobs {
				mu.Lock()
				total += n
				mu.Unlock()
			}
		})
	}
	for _, n := range nums {
		jobs <- n
	}
	wg.Wait()
	close(jobs)
	return total
}
