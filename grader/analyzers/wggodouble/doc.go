// Package wggodouble defines an Analyzer that reports a sync.WaitGroup used
// both with Go and with Add or Done.
//
// # Analyzer wggodouble
//
// wggodouble: wg.Go mixed with wg.Add or wg.Done
//
// Since Go 1.25, wg.Go(f) does three things: it adds 1 to the WaitGroup,
// starts f in a new goroutine, and marks it done when f returns. Calling
// wg.Done inside f marks it done a second time, so the counter goes below
// zero and the program panics with "sync: negative WaitGroup counter".
// Calling wg.Add(1) before wg.Go counts the work twice, so wg.Wait waits
// for a Done that never comes.
//
//	// WRONG
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Add(1)
//		wg.Go(func() {
//			defer wg.Done()
//			fetch(u)
//		})
//	}
//	wg.Wait()
//
// Use either wg.Go alone, or wg.Add with go and wg.Done, never both:
//
//	// RIGHT
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Go(func() {
//			fetch(u)
//		})
//	}
//	wg.Wait()
package wggodouble
