package a

import "sync"

func fetch(string) {}

func goWithDone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			defer wg.Done() // want "`defer wg.Done\\(\\)` is mixed with `wg.Go`"
			fetch(u)
		})
	}
	wg.Wait()
}

func goWithAdd(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1) // want "`wg.Add\\(1\\)` is mixed with `wg.Go`, which already adds 1"
		wg.Go(func() {
			fetch(u)
		})
	}
	wg.Wait()
}

func worker(u string, wg *sync.WaitGroup) {
	defer wg.Done()
	fetch(u)
}

func goWithWorkerDone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			worker(u, &wg) // want "`worker\\(u, &wg\\)` calls `wg.Done\\(\\)`"
		})
	}
	wg.Wait()
}

type pool struct{ wg sync.WaitGroup }

func (p *pool) fieldMixed() {
	p.wg.Go(func() {
		p.wg.Done() // want "`p.wg.Done\\(\\)` is mixed with `p.wg.Go`"
	})
	p.wg.Wait()
}

// Near misses: each WaitGroup is used one way only.

func goAlone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() {
			fetch(u)
		})
	}
	wg.Wait()
}

func addDoneAlone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func workerAlone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go worker(u, &wg)
	}
	wg.Wait()
}

func twoGroups(urls []string) {
	var outer, inner sync.WaitGroup
	outer.Add(1)
	go func() {
		defer outer.Done()
		for _, u := range urls {
			inner.Go(func() { fetch(u) })
		}
		inner.Wait()
	}()
	outer.Wait()
}
