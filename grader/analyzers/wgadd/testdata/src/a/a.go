package a

import (
	"sync"
	"time"
)

func work() {}

func firstStatement() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1) // want "`wg.Add\\(1\\)` runs inside the new goroutine, so `wg.Wait\\(\\)` can return before it counts\ncall `wg.Add\\(1\\)` before `go`, in the goroutine that calls `Wait`"
		defer wg.Done()
		work()
	}()
	wg.Wait()
}

func laterStatement() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		go func() {
			defer wg.Done()
			work()
			if i > 0 {
				wg.Add(1) // want "`wg.Add\\(1\\)` runs inside the new goroutine"
			}
		}()
	}
	wg.Wait()
}

func worker(wg *sync.WaitGroup, id int) {
	wg.Add(1) // want "`wg.Add\\(1\\)` runs inside `worker`, which `go worker\\(&wg, i\\)` starts as a new goroutine, so `Wait` can return before it counts\ncall `Add\\(1\\)` before `go worker\\(&wg, i\\)`, and keep only `defer wg.Done\\(\\)` in `worker`"
	defer wg.Done()
	work()
}

func namedWorker() {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		go worker(&wg, i)
	}
	wg.Wait()
}

type pool struct{ wg sync.WaitGroup }

func (p *pool) loop() {
	work()
	p.wg.Add(1) // want "`p.wg.Add\\(1\\)` runs inside `loop`"
	defer p.wg.Done()
}

func (p *pool) start() {
	go p.loop()
	p.wg.Wait()
}

func insideWgGo() {
	var wg, other sync.WaitGroup
	wg.Go(func() {
		wg.Add(1)    // want "`wg.Add\\(1\\)` runs inside a goroutine that `wg.Go` already counted.*\nremove `wg.Add\\(1\\)`: `wg.Go` calls `Add` and `Done` for you"
		other.Add(1) // want "`other.Add\\(1\\)` runs inside the new goroutine, so `other.Wait\\(\\)` can return before it counts\ncall `other.Add\\(1\\)` before `wg.Go`"
		work()
	})
	wg.Wait()
	other.Wait()
}

func argumentWaitGroup() {
	var wg sync.WaitGroup
	go func(wg *sync.WaitGroup) {
		wg.Add(1) // want "runs inside the new goroutine"
		defer wg.Done()
	}(&wg)
	wg.Wait()
}

// Near misses: all correct.

func addBeforeGo() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	wg.Wait()
}

func ownWaitGroup() {
	var outer sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		var inner sync.WaitGroup
		inner.Add(1)
		go func() {
			defer inner.Done()
		}()
		inner.Wait()
	}()
	outer.Wait()
}

func ownWaitGroupNoGo() {
	var outer sync.WaitGroup
	outer.Go(func() {
		var inner sync.WaitGroup
		inner.Add(2)
		inner.Done()
		inner.Done()
		inner.Wait()
	})
	outer.Wait()
}

// A goroutine that starts goroutines counts each one before starting it, while
// its own count keeps Wait from returning.
func crawl(depth int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < depth; i++ {
		wg.Add(1)
		go crawl(depth-1, wg)
	}
}

func startCrawl() {
	var wg sync.WaitGroup
	wg.Add(1)
	go crawl(3, &wg)
	wg.Wait()
}

func workerNoAdd(wg *sync.WaitGroup) {
	defer wg.Done()
	work()
}

func namedFine() {
	var wg sync.WaitGroup
	wg.Add(1)
	go workerNoAdd(&wg)
	wg.Wait()
}

// worker is not started with go here, so its Add is not inside a goroutine.
func notStarted(wg *sync.WaitGroup) {
	wg.Add(1)
	defer wg.Done()
}

func callsNotStarted() {
	var wg sync.WaitGroup
	notStarted(&wg)
	wg.Wait()
}

// wg.Add(-1) in the goroutine is its Done, written another way.
func addMinusOne() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Add(-1)
		work()
	}()
	wg.Wait()
}

// A positive Add of the same shape still counts too late.
func deferredAdd() {
	var wg sync.WaitGroup
	go func() {
		defer wg.Add(1) // want "`wg.Add\\(1\\)` runs inside the new goroutine"
		work()
	}()
	wg.Wait()
}

// The goroutine's Adds are done before it sends on done, and the function
// receives from done before it waits: every Add happens before Wait. From a
// test of nats.go.
func addsHandedOff(n int) {
	var wg sync.WaitGroup
	done := make(chan struct{}, 1)
	results := make(chan int, n)
	go func() {
		for i := 0; i < n; i++ {
			results <- i
			wg.Add(1)
		}
		close(results)
		done <- struct{}{}
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		return
	}
	for r := range results {
		go func(r int) {
			work()
			wg.Done()
		}(r)
	}
	wg.Wait()
}

// The receive comes after Wait: Wait can still return before the Add.
func receiveAfterWait(n int) {
	var wg sync.WaitGroup
	done := make(chan struct{}, 1)
	go func() {
		wg.Add(1) // want "`wg.Add\\(1\\)` runs inside the new goroutine"
		done <- struct{}{}
		wg.Done()
	}()
	wg.Wait()
	<-done
}

// The goroutine signals before it adds: the receive says nothing of the Add.
func signalBeforeAdd() {
	var wg sync.WaitGroup
	ready := make(chan bool)
	go func() {
		ready <- true
		wg.Add(1) // want "`wg.Add\\(1\\)` runs inside the new goroutine"
		defer wg.Done()
		work()
	}()
	<-ready
	wg.Wait()
}
