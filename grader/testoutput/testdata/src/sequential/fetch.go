package fetch

import "sync"

// FetchAll calls fetch for every url concurrently and waits for all of them.
func FetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}
