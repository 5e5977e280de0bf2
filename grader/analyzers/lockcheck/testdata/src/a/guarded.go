package a

import "sync"

// Guarded hands its lock from one method to another: lock wrappers, a
// release helper, unlock funcs given back to the caller. A package that does
// so may leave a path locked on purpose.
type Guarded struct {
	mu sync.Mutex
	n  int
}

// lock and rlock say they return with the lock held.
func (c *Guarded) lock() {
	c.mu.Lock()
}

func (c *Guarded) lockAndGet() *Guarded {
	c.mu.Lock()
	return c
}

// Called with c.mu held: it lets go while working and gives the lock back.
func (c *Guarded) waitLocked() {
	c.mu.Unlock()
	defer c.mu.Lock()
	work(c.n)
}

func (c *Guarded) relockLocked() {
	c.mu.Unlock()
	work(1)
	c.mu.Lock()
}

// The caller unlocks with the function it gets back.
func (c *Guarded) acquire() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

func (c *Guarded) unlockHelper() {
	c.mu.Lock()
	c.n++
	c.unlock()
}

func (c *Guarded) unlock() { c.mu.Unlock() }

func (c *Guarded) acquireFunc() func() {
	c.mu.Lock()
	return func() { c.mu.Unlock() }
}
