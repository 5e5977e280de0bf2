// Package unsyncshared defines an Analyzer that reports a variable shared by
// several goroutines and changed by them with no lock held.
//
// # Analyzer unsyncshared
//
// unsyncshared: shared counter, slice or map changed by goroutines without a lock
//
// When several goroutines change the same variable at the same time, each
// one reads the old value, changes it and writes it back, and the writes
// overwrite each other: a counter ends up too small, an append loses
// elements, and writes to a map can crash the program with "fatal error:
// concurrent map writes". The race detector reports it as a DATA RACE.
//
//	// WRONG
//	var total int
//	var wg sync.WaitGroup
//	for _, n := range nums {
//		wg.Go(func() {
//			total += n // every goroutine writes total at once
//		})
//	}
//	wg.Wait()
//
// Hold a mutex while changing the shared variable (or use sync/atomic for a
// counter, or give each goroutine its own element results[i], or send the
// results over a channel):
//
//	// RIGHT
//	var total int
//	var mu sync.Mutex
//	var wg sync.WaitGroup
//	for _, n := range nums {
//		wg.Go(func() {
//			mu.Lock()
//			total += n
//			mu.Unlock()
//		})
//	}
//	wg.Wait()
package unsyncshared
