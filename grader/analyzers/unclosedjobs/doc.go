// Package unclosedjobs defines an Analyzer that reports a channel that
// workers range over but that is never closed.
//
// # Analyzer unclosedjobs
//
// unclosedjobs: workers range over a jobs channel that is never closed
//
// A for-range loop over a channel receives values until the channel is
// closed, and only then ends. When the workers of a pool range over a jobs
// channel and nobody closes it, each worker waits forever for one more job
// after the last one is done, so wg.Wait never returns and the program hangs
// (in a test: a deadlock, or a timeout).
//
//	// WRONG
//	jobs := make(chan int)
//	var wg sync.WaitGroup
//	for range 3 {
//		wg.Go(func() {
//			for j := range jobs {
//				process(j)
//			}
//		})
//	}
//	for _, j := range work {
//		jobs <- j
//	}
//	wg.Wait() // waits forever
//
// The sender closes the channel after the last send, which ends the
// workers' loops once they have taken every job:
//
//	// RIGHT
//	jobs := make(chan int)
//	var wg sync.WaitGroup
//	for range 3 {
//		wg.Go(func() {
//			for j := range jobs {
//				process(j)
//			}
//		})
//	}
//	for _, j := range work {
//		jobs <- j
//	}
//	close(jobs)
//	wg.Wait()
package unclosedjobs
