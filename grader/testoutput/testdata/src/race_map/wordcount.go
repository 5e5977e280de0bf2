package wordcount

import "sync"

// Lengths maps each word to its length, one goroutine per word.
func Lengths(words []string) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			m[w] = len(w)
		})
	}
	wg.Wait()
	return m
}
