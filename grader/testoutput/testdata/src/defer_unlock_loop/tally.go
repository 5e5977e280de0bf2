package tally

import "sync"

// Tally counts the words, two goroutines at a time.
func Tally(words []string) map[string]int {
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for _, w := range words {
				mu.Lock()
				defer mu.Unlock()
				counts[w]++
			}
		})
	}
	wg.Wait()
	return counts
}
