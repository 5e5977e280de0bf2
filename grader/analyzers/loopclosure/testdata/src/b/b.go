// Package b is written for the current Go: each turn has its own variable,
// and the same code is right.
package b

import "sync"

func fetch(string) {}

func captured(urls []string) {
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
