package a

import (
	"errors"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) earlyReturn(x int) error {
	c.mu.Lock() // want "`c.mu.Lock\\(\\)` is not undone on every path: the `return` on line 16 leaves `c.mu` locked, so the next `Lock` waits forever\nwrite `defer c.mu.Unlock\\(\\)` right after `c.mu.Lock\\(\\)`, or call `c.mu.Unlock\\(\\)` before every return"
	if x < 0 {
		return errors.New("negative")
	}
	c.n += x
	c.mu.Unlock()
	return nil
}

func (c *Counter) Inc() { // want Inc:"locks r.mu"
	c.mu.Lock() // want "`c.mu.Lock\\(\\)` is never undone: the function ends on line 26 with `c.mu` still locked"
	c.n++
}

var cache = map[string]int{}
var rw sync.RWMutex

func get(k string) (int, bool) {
	rw.RLock() // want "`rw.RLock\\(\\)` is never undone: it returns on line 34 with `rw` still locked.*\nwrite `defer rw.RUnlock\\(\\)`"
	v, ok := cache[k]
	return v, ok
}

func (c *Counter) deferLock() {
	c.mu.Lock()
	defer c.mu.Lock() // want "`defer c.mu.Lock\\(\\)` locks `c.mu` again when the function returns instead of unlocking it, so the next `c.mu.Lock\\(\\)` waits forever\nwrite `defer c.mu.Unlock\\(\\)`"
	c.n++
}

func (c *Counter) empty() {
	c.mu.Lock() // want "`c.mu.Lock\\(\\)` is followed at once by `c.mu.Unlock\\(\\)`, so nothing runs while `c.mu` is held and the lock protects nothing\nmove the code that reads or writes the shared data between `c.mu.Lock\\(\\)` and `c.mu.Unlock\\(\\)`"
	c.mu.Unlock()
	c.n++
}

func inClosure(c *Counter) {
	go func() {
		c.mu.Lock() // want "`c.mu.Lock\\(\\)` is not undone on every path"
		if c.n > 3 {
			return
		}
		c.mu.Unlock()
	}()
}

// Near misses: all correct.

func (c *Counter) deferred() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n > 10 {
		return 10
	}
	return c.n
}

func (c *Counter) bothBranches(x int) int {
	c.mu.Lock()
	if x > 0 {
		c.n += x
		c.mu.Unlock()
		return x
	} else {
		c.mu.Unlock()
	}
	return 0
}

func (c *Counter) deferredLiteral() {
	c.mu.Lock()
	defer func() {
		c.n++
		c.mu.Unlock()
	}()
	c.n++
}

func (c *Counter) panics() {
	c.mu.Lock()
	if c.n < 0 {
		panic("negative")
	}
	c.mu.Unlock()
}

func (c *Counter) loop(xs []int) {
	c.mu.Lock()
	for _, x := range xs {
		c.mu.Unlock()
		work(x)
		c.mu.Lock()
	}
	c.mu.Unlock()
}

func (c *Counter) switchBranches(x int) {
	c.mu.Lock()
	switch x {
	case 1:
		c.mu.Unlock()
		return
	default:
		c.n = x
	}
	c.mu.Unlock()
}

func work(int) {}

func tryLock(c *Counter) {
	if !c.mu.TryLock() {
		return
	}
	c.mu.Unlock()
}

func separate(a, b *Counter) {
	a.mu.Lock()
	b.mu.Lock()
	b.n = a.n
	b.mu.Unlock()
	a.mu.Unlock()
}

func (c *Counter) Value() int { // want Value:"locks r.mu"
	c.mu.Lock() // want "`c.mu.Lock\\(\\)` is never undone"
	return c.n
}

var count int

func emptyThenCount(mu *sync.Mutex) {
	mu.Lock() // want "`mu.Lock\\(\\)` is followed at once by `mu.Unlock\\(\\)`"
	mu.Unlock()
	count++
}

// A barrier: wait for the holder to let go. Nothing follows to protect.
func barrier(mu *sync.Mutex, done chan bool) {
	<-done
	mu.Lock()
	mu.Unlock()
}

func barrierCommented(mu *sync.Mutex) int {
	mu.Lock()
	mu.Unlock()
	// The writer has finished; local work only from here.
	n := 1
	n++
	return n
}

// Locked in one goroutine, unlocked by another.
func handOff() {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		done <- true
	}()
	<-done
	mu.Unlock()
}

// A local mutex locked for good at the end harms no one.
func lockForGood() int {
	var mu sync.Mutex
	n := 0
	go func() {
		mu.Lock()
		n++
		mu.Unlock()
	}()
	mu.Lock()
	return n
}

func forgotInGoroutine() {
	var mu sync.Mutex
	for i := 0; i < 3; i++ {
		go func() {
			mu.Lock() // want "`mu.Lock\\(\\)` is never undone"
			count++
		}()
	}
}

// Source leaves its lock held on Shutdown so that any later call blocks, and
// says so. From client-go's FakeControllerSource.
type Source struct {
	lock sync.Mutex
	done bool
}

func (s *Source) Shutdown() { // want Shutdown:"locks r.lock"
	s.lock.Lock() // Purposely no unlock.
	s.done = true
}

// A comment that does not speak of unlocking says nothing of the intent.
func (s *Source) Stop() { // want Stop:"locks r.lock"
	// Stop the source.
	s.lock.Lock() // want "`s.lock.Lock\\(\\)` is never undone"
	s.done = true
}
