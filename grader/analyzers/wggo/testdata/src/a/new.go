//go:build go1.25

package a

import "sync"

func fetch(string) {}

func addGoDone(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1) // want "`wg.Add\\(1\\)` followed by `go func\\(\\) { defer wg.Done\\(\\); … }\\(\\)` can be written `wg.Go\\(func\\(\\) { … }\\)`"
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

type crawler struct{ wg sync.WaitGroup }

func (c *crawler) start(u string) {
	c.wg.Add(1) // want "`c.wg.Add\\(1\\)` followed by"
	go func() {
		defer c.wg.Done()
		fetch(u)
	}()
}

// Near misses: already wg.Go, or not a one-to-one rewrite.

func alreadyGo(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
	}
	wg.Wait()
}

func addMany(urls []string) {
	var wg sync.WaitGroup
	wg.Add(len(urls))
	for _, u := range urls {
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func withArgument(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			fetch(u)
		}(u)
	}
	wg.Wait()
}

func otherGroup(urls []string) {
	var wg, other sync.WaitGroup
	for _, u := range urls {
		other.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func namedWorker(u string, wg *sync.WaitGroup) {
	defer wg.Done()
	fetch(u)
}

func startsNamed(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go namedWorker(u, &wg)
	}
	wg.Wait()
}
