//go:build go1.21

// Package old is written for Go 1.21 (its build line): a loop's variables are shared by all
// its iterations.
package old

import "sync"

type stat struct{ count int }

// Before Go 1.22 every goroutine reads the same j, so they may all update
// one element.
func sharedIndex(n int) []stat {
	stats := make([]stat, n)
	var wg sync.WaitGroup
	for j := 0; j < n; j++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[j].count++ // want "`stats\\[j\\].count\\+\\+` updates `stats\\[j\\].count`"
		}()
	}
	wg.Wait()
	return stats
}

// A copy made in the body is the goroutine's own.
func copiedIndex(n int) []stat {
	stats := make([]stat, n)
	var wg sync.WaitGroup
	for j := 0; j < n; j++ {
		j := j
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[j].count++
		}()
	}
	wg.Wait()
	return stats
}
