//go:build go1.24

package a

import "sync"

// Before Go 1.25 there is no wg.Go, so the long form is the right one.
func beforeGo125(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}
