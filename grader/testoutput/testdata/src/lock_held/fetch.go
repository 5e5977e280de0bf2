package fetch

import (
	"sync"
	"time"
)

// Fetch fetches every id at once and lists them.
func Fetch(ids []int) []int {
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		out []int
	)
	for _, id := range ids {
		wg.Go(func() {
			mu.Lock()
			time.Sleep(time.Second) // the slow call, made while holding mu
			out = append(out, id)
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}
