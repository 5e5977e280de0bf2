package a

import "sync"

// go wg.Wait() waits in another goroutine: the read does not wait.
func goWait(xs []int) int {
	var wg sync.WaitGroup
	total := 0
	var mu sync.Mutex
	for _, x := range xs {
		wg.Go(func() {
			mu.Lock()
			total += x
			mu.Unlock()
		})
	}
	go wg.Wait()
	return total // want "`total` is read here while the goroutines started on line 11 may still be writing it\n`go wg.Wait\\(\\)` on line 17 waits in a new goroutine, and this one goes on at once: call `wg.Wait\\(\\)` without `go`"
}

// Waiting in a goroutine that closes a channel, and receiving from it, is
// the right shape.
func goWaitThenClose(xs []int) int {
	var wg sync.WaitGroup
	total := 0
	var mu sync.Mutex
	for _, x := range xs {
		wg.Go(func() {
			mu.Lock()
			total += x
			mu.Unlock()
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	<-done
	return total
}
