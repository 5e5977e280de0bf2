package fetch

import "sync"

// FetchAll runs fetch for every url.
func FetchAll(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			defer wg.Done()
			fetch(u)
		})
	}
	wg.Wait()
}
