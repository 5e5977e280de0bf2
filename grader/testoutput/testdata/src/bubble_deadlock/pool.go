package pool

import "sync"

// DownloadAll downloads every url with 3 workers and returns the sizes.
func DownloadAll(urls []string) []int {
	jobs := make(chan string)
	results := make(chan int, len(urls))
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for u := range jobs {
				results <- download(u)
			}
		})
	}
	for _, u := range urls {
		jobs <- u
	}
	wg.Wait()
	close(results)
	var sizes []int
	for s := range results {
		sizes = append(sizes, s)
	}
	return sizes
}
