// Package wgadd defines an Analyzer that finds WaitGroup.Add called inside the
// goroutine it is meant to count.
//
// # Analyzer wgadd
//
// wgadd: wg.Add called inside the new goroutine
//
// Add must run before the goroutine starts. When it runs inside the goroutine,
// Wait may see a zero counter and return before the goroutine has even begun.
// Unlike vet's waitgroup check, this looks at every statement of the goroutine
// (not only the first), at closures started by WaitGroup.Go, and at the body of
// a function of the same package started with `go worker(&wg)`. It reports code
// "wg-add-in-goroutine".
//
//	// WRONG
//	go func() {
//		defer wg.Done()
//		wg.Add(1) // may run after wg.Wait has returned
//		work()
//	}()
//	wg.Wait()
//
//	// RIGHT
//	wg.Add(1)
//	go func() {
//		defer wg.Done()
//		work()
//	}()
//	wg.Wait()
//
// An Add followed by a `go` statement in the same goroutine (a goroutine that
// starts more goroutines) and an Add on a WaitGroup created inside the goroutine
// are correct and not reported.
package wgadd
