package a

import "sync"

// Correct mixes: Add, go and Done for one goroutine, Go for the others.

func mixedStyles(urls []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fetch(urls[0])
	}()
	for _, u := range urls[1:] {
		wg.Go(func() { fetch(u) })
	}
	wg.Wait()
}

func mixedAddMinusOne(urls []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Add(-1)
		fetch(urls[0])
	}()
	wg.Go(func() { fetch(urls[1]) })
	wg.Wait()
}

func mixedWorker(urls []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(urls[0], &wg)
	wg.Go(func() { fetch(urls[1]) })
	wg.Wait()
}

// A goroutine started inside a function that Go runs, with its own Add and
// Done.
func nestedGo(urls []string) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, u := range urls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fetch(u)
			}()
		}
	})
	wg.Wait()
}

// The same shapes, unbalanced.

func minusOneInGo(urls []string) {
	var wg sync.WaitGroup
	wg.Go(func() {
		defer wg.Add(-1) // want "`defer wg.Add\\(-1\\)` is mixed with `wg.Go`, which already marks the work done"
		fetch(urls[0])
	})
	wg.Wait()
}

func addWithoutGo(urls []string) {
	var wg sync.WaitGroup
	wg.Add(1) // want "`wg.Add\\(1\\)` is mixed with `wg.Go`, which already adds 1"
	go fetch(urls[0])
	wg.Go(func() { fetch(urls[1]) })
	wg.Wait()
}
