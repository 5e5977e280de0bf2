// Package reentry calls, while it holds a mutex, functions that lock it again.
package reentry

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) int { // want Get:"locks r.mu"
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

// Len locks through a helper: the lock is two calls away.
func (c *Cache) Len() int { // want Len:"locks r.mu"
	return c.count()
}

func (c *Cache) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) GetOrSet(k string, v int) int { // want GetOrSet:"locks r.mu"
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Get(k) != 0 { // want "`c.Get\\(k\\)` locks `c.mu` again while this function still holds it from `c.mu.Lock\\(\\)` on line 29: a mutex is not reentrant, so it waits for itself forever\ncall `c.Get` after `c.mu.Unlock\\(\\)`, or give it a variant that expects the lock held \\(`GetLocked`\\)"
		return c.m[k]
	}
	c.m[k] = v
	return v
}

func (c *Cache) Reset() { // want Reset:"locks r.mu"
	c.mu.Lock()
	if c.Len() > 100 { // want "`c.Len\\(\\)` locks `c.mu` again"
		c.m = map[string]int{}
	}
	c.mu.Unlock()
}

var mu sync.Mutex
var total int

func add(n int) {
	mu.Lock()
	total += n
	mu.Unlock()
}

func addTwice(n int) {
	mu.Lock()
	defer mu.Unlock()
	add(n) // want "`add\\(n\\)` locks `mu` again"
	add(n) // want "`add\\(n\\)` locks `mu` again"
}

func lockBoth(a, b *Cache) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func sameTwice(c *Cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	lockBoth(c, c) // want "`lockBoth\\(c, c\\)` locks `c.mu` again"
}

// Near misses.

// The call comes after the Unlock.
func (c *Cache) afterUnlock(k string) int {
	c.mu.Lock()
	n := len(c.m)
	c.mu.Unlock()
	return n + c.Get(k)
}

// A helper called with the lock held that lets go and takes it back is
// meant to be called locked.
func (c *Cache) waitLocked() {
	c.mu.Unlock()
	c.mu.Lock()
}

func (c *Cache) waits() {
	c.mu.Lock()
	c.waitLocked()
	c.mu.Unlock()
}

// Another Cache's mutex is another mutex.
func (c *Cache) other(d *Cache) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return d.Get("k")
}

// A goroutine started with the lock held locks it when it runs.
func (c *Cache) later() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go c.Get("k")
	go func() { c.Get("k") }()
}

type RW struct {
	mu sync.RWMutex
	n  int
}

func (r *RW) Read() int { // want Read:"locks r.mu!r"
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.n
}

// Two read locks do not wait for each other.
func (r *RW) readTwice() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.Read()
}

func (r *RW) Write() { // want Write:"locks r.mu"
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n = r.Read() + 1 // want "`r.Read\\(\\)` read-locks `r.mu` again"
}

// Registry shares its mutex with its callers.
type Registry struct {
	Mu    sync.Mutex
	names []string
}

func (r *Registry) Register(name string) { // want Register:"locks r.Mu"
	r.Mu.Lock()
	defer r.Mu.Unlock()
	r.names = append(r.names, name)
}

var Global sync.Mutex

func Bump() { // want Bump:"locks v:reentry.Global"
	Global.Lock()
	total++
	Global.Unlock()
}

// A helper that starts a goroutine which locks: the helper itself does not
// (database/sql's startCleanerLocked).
func (c *Cache) startCleanerLocked() {
	go c.clean()
}

func (c *Cache) clean() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

func (c *Cache) Put(k string, v int) { // want Put:"locks r.mu"
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = v
	c.startCleanerLocked()
}

// Lifecycle locks control only while a collection runs, which its test
// rules out by holding control itself. From OpenTelemetry's metric SDK.
type Lifecycle struct {
	control sync.Mutex
	state   int
}

func (l *Lifecycle) Acquire() bool {
	for {
		switch l.state {
		case 0:
			return true
		case 1:
			l.control.Lock()
			l.control.Unlock()
		default:
			return false
		}
	}
}

func holdsControl(l *Lifecycle) {
	l.control.Lock()
	defer l.control.Unlock()
	l.Acquire()
}

// A guard clause before the lock leaves it on every way that goes on.
func (c *Cache) Put(k string, v int) { // want Put:"locks r.mu"
	if k == "" {
		return
	}
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func putLocked(c *Cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Put("k", 1) // want "`c.Put\\(\"k\", 1\\)` locks `c.mu` again"
}

// A lock in the condition of an if runs whenever the if does.
func (c *Cache) Has(k string) bool { // want Has:"locks r.mu"
	if c.Get(k) != 0 {
		return true
	}
	return false
}

func hasLocked(c *Cache) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Has("k") // want "`c.Has\\(\"k\"\\)` locks `c.mu` again"
}
