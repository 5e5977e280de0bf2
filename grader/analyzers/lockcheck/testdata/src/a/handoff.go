package a

import "sync"

// Patterns of real, correct code that hands a lock from one function to
// another, each beside the mistake of the same shape.

// A registry locked by a wrapper whose name does not say so, released by
// another (runtime/pprof's lockProfiles and unlockProfiles).
type registry struct {
	mu sync.Mutex
	m  map[string]int
}

var profiles registry

func lockProfiles() {
	profiles.mu.Lock()
	if profiles.m == nil {
		profiles.m = map[string]int{}
	}
}

func unlockProfiles() {
	profiles.mu.Unlock()
}

// The same shape with no function that releases the lock is the mistake.
type tableT struct {
	mu sync.Mutex
	m  map[string]int
}

var table tableT

func fillTable() {
	table.mu.Lock() // want "`table.mu.Lock\\(\\)` is never undone"
	if table.m == nil {
		table.m = map[string]int{}
	}
}

// Held on purpose past the return until Close releases it (database/sql's
// Rows.Scan with closemuScanHold).
type rows struct {
	closemu sync.RWMutex
	hold    bool
	raw     []byte
}

func (r *rows) Scan(keep bool) error { // want Scan:"locks r.closemu!r"
	r.closemu.RLock()
	r.raw = r.raw[:0]
	if keep {
		r.hold = true
	} else {
		r.closemu.RUnlock()
	}
	return nil
}

func (r *rows) Close() {
	if r.hold {
		r.hold = false
		r.closemu.RUnlock()
	}
}

// The unlock handed to a callback that runs later.
type conn struct {
	mu   sync.Mutex
	busy bool
}

func after(f func()) { go f() }

func (c *conn) start() {
	c.mu.Lock()
	c.busy = true
	after(func() {
		c.busy = false
		c.mu.Unlock()
	})
}

// The callback of the same shape that forgets to unlock leaves the lock held.
type pool struct {
	mu   sync.Mutex
	busy bool
}

func (p *pool) start() {
	p.mu.Lock() // want "`p.mu.Lock\\(\\)` is never undone"
	p.busy = true
	after(func() {
		p.busy = false
	})
}

// Lock and Unlock under the same condition: the path that skips the Unlock
// never took the Lock.
func conditional(b int) int {
	var n int
	if b == 10 {
		rw.Lock()
	}
	n = b * 2
	if b == 10 {
		rw.Unlock()
	}
	return n
}

// The condition changes between the two tests: the lock can stay held.
func conditionChanged(b int) int {
	if b == 10 {
		rw.Lock() // want "`rw.Lock\\(\\)` is not undone on every path"
	}
	b++
	if b == 10 {
		rw.Unlock()
	}
	return b
}

// A continue that skips the Unlock comes back to the Lock with it held.
func skipsUnlock(c *Counter, xs []int) {
	for _, x := range xs {
		c.mu.Lock() // want "`c.mu.Lock\\(\\)` is not undone on every path: the `continue` on line 131 goes round the loop with `c.mu` still locked, so this `c.mu.Lock\\(\\)` waits forever\ncall `c.mu.Unlock\\(\\)` before the `continue`, or move the locked part into a function that does `defer c.mu.Unlock\\(\\)`"
		if x < 0 {
			continue
		}
		c.n += x
		c.mu.Unlock()
	}
}

// A break that skips it leaves the function with the lock held.
func breaksLocked(c *Counter, xs []int) {
	for _, x := range xs {
		c.mu.Lock() // want "`c.mu.Lock\\(\\)` is not undone on every path: the path to the end of the function on line 148 leaves `c.mu` locked"
		if x < 0 {
			break
		}
		c.n += x
		c.mu.Unlock()
	}
}

// The near miss unlocks before it continues.
func unlocksFirst(c *Counter, xs []int) {
	for _, x := range xs {
		c.mu.Lock()
		if x < 0 {
			c.mu.Unlock()
			continue
		}
		c.n += x
		c.mu.Unlock()
	}
}
