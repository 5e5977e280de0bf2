package fetch

import "sync"

// FetchAll calls fetch for every id, at most limit at once.
func FetchAll(ids []string, limit int, fetch func(string)) {
	sem := make(chan struct{}, len(ids))
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			fetch(id)
		})
	}
	wg.Wait()
}
