package cache

import "sync"

// Fill stores n keys from n goroutines.
func Fill(n int) map[int]int {
	m := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			for j := range 10000 {
				m[j%64+i*64] = j
			}
		})
	}
	wg.Wait()
	return m
}
