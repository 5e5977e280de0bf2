// Package wggo defines an Analyzer that suggests wg.Go in place of the
// wg.Add(1), go func, defer wg.Done() pattern.
//
// # Analyzer wggo
//
// wggo: wg.Add(1) with go and defer wg.Done() can be wg.Go
//
// Since Go 1.25, a sync.WaitGroup has a Go method that adds 1, starts the
// function in a new goroutine and marks it done when the function returns.
// It replaces three lines that must agree with one call, so Add cannot be
// forgotten, misplaced inside the goroutine or given the wrong count. This is
// advice: the longer form is correct, and the exercise still passes.
//
//	// WRONG (works, but longer than needed)
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// The same loop with wg.Go:
//
//	// RIGHT
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Go(func() {
//			fetch(u)
//		})
//	}
//	wg.Wait()
//
// The advice is given only when the module's go line (or the file's build
// constraint) says go1.25 or later, because older versions have no wg.Go.
package wggo
