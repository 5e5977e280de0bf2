package fetch

import "sync"

// FetchAll calls fetch for every id at once.
func FetchAll(ids []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			fetch(id)
		})
		wg.Wait()
	}
}
