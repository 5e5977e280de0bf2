package fetch

import "sync"

// FetchAll calls fetch for every id, at most limit at once.
func FetchAll(ids []string, limit int, fetch func(string)) {
	sem := make(chan struct{}, limit-1)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			fetch(id)
			<-sem
		})
	}
	wg.Wait()
}
