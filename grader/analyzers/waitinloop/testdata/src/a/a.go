package a

import "sync"

func fetch(string) {}

func waitEachGo(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
		wg.Wait() // want "`wg.Wait\\(\\)` inside the loop waits for the goroutine started on line 10 before the next one starts, so they run one after another\nmove `wg.Wait\\(\\)` after the loop: start them all, then wait once"
	}
}

func waitEachAddGo(urls []string) {
	var wg sync.WaitGroup
	for i := 0; i < len(urls); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(urls[i])
		}()
		wg.Wait() // want "`wg.Wait\\(\\)` inside the loop waits for the goroutine started on line 19"
	}
}

func worker(u string, wg *sync.WaitGroup) {
	defer wg.Done()
	fetch(u)
}

type crawler struct{ wg sync.WaitGroup }

func (c *crawler) waitEachWorker(urls []string) {
	for _, u := range urls {
		c.wg.Add(1)
		go worker(u, &c.wg)
		c.wg.Wait() // want "`c.wg.Wait\\(\\)` inside the loop"
	}
}

// Near misses.

func waitAfter(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
	}
	wg.Wait()
}

// Batches: a Wait every few turns, or after an inner loop.
func batches(urls []string) {
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() { fetch(u) })
		if i%10 == 9 {
			wg.Wait()
		}
	}
	wg.Wait()
}

func batchLoops(batches [][]string) {
	for _, batch := range batches {
		var wg sync.WaitGroup
		for _, u := range batch {
			wg.Go(func() { fetch(u) })
		}
		wg.Wait()
	}
}

// A supervisor restarts its worker each time it ends.
func supervise(done func() bool) {
	var wg sync.WaitGroup
	for !done() {
		wg.Go(func() { fetch("job") })
		wg.Wait()
	}
}

// The Wait is for other goroutines than the one started in the loop.
func otherGroup(urls []string) {
	var wg, slow sync.WaitGroup
	slow.Go(func() { fetch("slow") })
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
		slow.Wait()
	}
	wg.Wait()
}

// Work between the start and the Wait overlaps with the goroutine.
func overlap(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
		fetch("other " + u)
		wg.Wait()
	}
}

// Two goroutines a turn run together (sync's TestWaitGroupRace).
func pairs(n int) {
	for i := 0; i < n; i++ {
		wg := &sync.WaitGroup{}
		wg.Add(1)
		go func() {
			fetch("a")
			wg.Done()
		}()
		wg.Add(1)
		go func() {
			fetch("b")
			wg.Done()
		}()
		wg.Wait()
	}
}

// One goroutine a turn with a WaitGroup of the turn's own is the mistake too.
func ownGroup(urls []string) {
	for _, u := range urls {
		var wg sync.WaitGroup
		wg.Go(func() { fetch(u) })
		wg.Wait() // want "`wg.Wait\\(\\)` inside the loop waits for the goroutine started on line 126"
	}
}

// The same goroutine each turn, kept apart to catch its Goexit (sync's
// TestOnceFuncGoexit): the turns are repetitions, not work to share.
func repeat(f func()) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { recover() }()
			f()
		}()
		wg.Wait()
	}
}
