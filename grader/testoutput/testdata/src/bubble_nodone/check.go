package check

import "sync"

// CountValid counts the non-empty names, checking them concurrently.
func CountValid(names []string) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for _, name := range names {
		wg.Add(1)
		go func() {
			if name == "" {
				return
			}
			defer wg.Done()
			mu.Lock()
			n++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return n
}
