// Package readbeforewait defines an Analyzer that reports a variable read
// while the goroutines that write it may still be running.
//
// # Analyzer readbeforewait
//
// readbeforewait: result read before the goroutines writing it are waited for
//
// Starting a goroutine does not wait for it: the go statement (or wg.Go)
// returns at once, and the function goes on while the goroutine runs. A
// variable that the goroutines write holds its final value only after
// wg.Wait() returns (or after a receive from a channel they send to when
// done). Reading it before that reads a half-done result, and the race
// detector reports a DATA RACE. Returning it, printing it, taking its len or
// ranging over it all read it.
//
//	// WRONG
//	var wg sync.WaitGroup
//	results := make([]int, len(nums))
//	for i, n := range nums {
//		wg.Go(func() {
//			results[i] = n * n
//		})
//	}
//	fmt.Println(results) // the goroutines may still be writing
//	wg.Wait()
//
// Wait for the goroutines first, then read:
//
//	// RIGHT
//	var wg sync.WaitGroup
//	results := make([]int, len(nums))
//	for i, n := range nums {
//		wg.Go(func() {
//			results[i] = n * n
//		})
//	}
//	wg.Wait()
//	fmt.Println(results)
package readbeforewait
