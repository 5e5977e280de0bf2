// Package copylock defines an Analyzer that finds a WaitGroup or a Mutex copied,
// re-wording vet's copylocks check for learners.
//
// # Analyzer copylock
//
// copylock: a sync.WaitGroup or sync.Mutex copied instead of shared
//
// A WaitGroup or Mutex works only as one value shared by every goroutine. A
// parameter or receiver of value type, an assignment, a range variable or a call
// argument makes a copy: Done on a copied WaitGroup never reaches the one Wait
// watches (code "wg-by-value"), and each copy of a Mutex locks on its own, so
// nothing is protected (code "mutex-by-value"). The check itself is vet's
// copylocks; this analyzer says what goes wrong and what to write.
//
//	// WRONG
//	func worker(wg sync.WaitGroup) { defer wg.Done() } // Done on a copy
//	func (c Counter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }
//
//	// RIGHT
//	func worker(wg *sync.WaitGroup) { defer wg.Done() } // called as worker(&wg)
//	func (c *Counter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }
package copylock
