package a

import (
	"sync"
	"sync/atomic"
)

func work() {}

func worker(id int, wg sync.WaitGroup) { // want "the parameter `wg sync.WaitGroup` receives a copy of a `sync.WaitGroup`: `Done` reaches the copy, so `Wait` on the original waits forever\ntake a pointer, `wg \\*sync.WaitGroup`, and pass the address \\(`&…`\\) at the call"
	defer wg.Done()
	work()
}

func start() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(1, wg) // want "`wg` is passed to `worker` as a copy of a `sync.WaitGroup`: `Done` reaches the copy, so `Wait` on the original waits forever\npass a pointer, `&wg`, and make the parameter a pointer type"
	wg.Wait()
}

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c Counter) Inc() { // want "the value receiver `\\(c Counter\\)` gives each call of `Inc` its own copy of a `Counter`, which holds a `sync.Mutex`: each copy locks on its own, so nothing is protected\nuse a pointer receiver: `\\(c \\*Counter\\)`"
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

type Cache struct {
	mu sync.RWMutex
	m  map[string]int
}

func copies(cs []Cache, c *Cache) {
	local := *c // want "`\\*c` is copied here, and it is a `Cache`, which holds a `sync.RWMutex`: each copy locks on its own, so nothing is protected\nshare one value through a pointer"
	_ = local.m
	for _, x := range cs { // want "the range variable `x` is a copy of a `Cache`, which holds a `sync.RWMutex`"
		_ = x.m
	}
}

// Near misses: all correct.

func pointerWorker(wg *sync.WaitGroup) {
	defer wg.Done()
}

func (c *Counter) Add(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += n
}

func startFine() {
	var wg sync.WaitGroup
	wg.Add(1)
	go pointerWorker(&wg)
	wg.Wait()
	c := &Counter{}
	c.Add(1)
	fresh := Counter{} // a new zero value is not a copy
	fresh.Add(1)
	cs := []*Cache{{}}
	for _, x := range cs {
		_ = x
	}
}

// Copies of other no-copy types are not among the course's mistakes.
func atomics(n atomic.Int64) int64 {
	return n.Load()
}
