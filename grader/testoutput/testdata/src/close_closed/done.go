package done

import "sync"

// Notify closes done once all workers finish.
func Notify(workers int) <-chan struct{} {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(done)
		close(done)
	}()
	return done
}
