// Package waitinloop defines an Analyzer that reports a Wait inside the loop
// that starts the goroutines it waits for.
//
// # Analyzer waitinloop
//
// waitinloop: wg.Wait() inside the loop that starts the goroutines
//
// A loop that starts a goroutine and then calls wg.Wait() in the same turn
// waits for that goroutine before it starts the next one: the goroutines run
// one after another, and the program is as slow as without them. The result
// is right, so only a test that measures the overlap sees the mistake.
//
//	// WRONG
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Go(func() { fetch(u) })
//		wg.Wait()
//	}
//
// Start them all in the loop, and wait once after it:
//
//	// RIGHT
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Go(func() { fetch(u) })
//	}
//	wg.Wait()
//
// A Wait under a condition (every tenth turn, to work in batches) and a Wait
// in a loop without a range or a count (a supervisor that restarts a worker)
// are left alone: both are deliberate.
package waitinloop
