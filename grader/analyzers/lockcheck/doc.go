// Package lockcheck defines an Analyzer that finds a Mutex locked and not
// unlocked, locked by defer, or locked around nothing.
//
// # Analyzer lockcheck
//
// lockcheck: a sync.Mutex locked without a matching unlock
//
// It reports three codes:
//
// "missing-unlock": a path from mu.Lock() (or RLock) to a return or to the end
// of the function that never unlocks; the next Lock then waits forever. A
// `defer mu.Unlock()` counts on every path after it, and an Unlock in every
// branch counts. Functions meant to return with the lock held (a name ending in
// "lock", or one that unlocks before it locks) are left alone.
//
//	// WRONG
//	mu.Lock()
//	if done {
//		return // mu stays locked
//	}
//	mu.Unlock()
//
//	// RIGHT
//	mu.Lock()
//	defer mu.Unlock()
//	if done {
//		return
//	}
//
// "defer-lock": `defer mu.Lock()` where `defer mu.Unlock()` was meant.
//
//	// WRONG
//	mu.Lock()
//	defer mu.Lock()
//
//	// RIGHT
//	mu.Lock()
//	defer mu.Unlock()
//
// "empty-critical-section": mu.Lock() followed at once by mu.Unlock(), so the
// lock protects nothing.
//
//	// WRONG
//	mu.Lock()
//	mu.Unlock()
//	count++
//
//	// RIGHT
//	mu.Lock()
//	count++
//	mu.Unlock()
package lockcheck
