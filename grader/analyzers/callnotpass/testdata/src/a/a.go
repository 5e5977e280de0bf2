package a

import (
	"sync"
	"testing"
)

func download(u string)               {}
func fetch(u string) string           { return u }
func work()                           {}
func run(f func())                    { f() }
func each(xs []int, f func(int))      {}
func makeWorker(i int) func()         { return func() {} }
func runAll(fs ...func())             {}
func check(t *testing.T, name string) {}

func mistakes(t *testing.T) {
	var wg sync.WaitGroup
	u := "x"
	wg.Go(download(u))            // want "`download\\(u\\)` runs right now, in this goroutine, and gives `wg.Go` its result \\(it has none\\) instead of a function to run later\npass a function that makes the call: `wg.Go\\(func\\(\\) { download\\(u\\) }\\)`"
	wg.Go(fetch(u))               // want "`fetch\\(u\\)` runs right now, in this goroutine, and gives `wg.Go` its `string` result instead"
	run(work())                   // want "pass the function without calling it: `run\\(work\\)`"
	each(nil, fetch(u))           // want "pass a function of type `func\\(int\\)` that makes the call `fetch\\(u\\)`, not the call's result"
	runAll(work, work())          // want "`work\\(\\)` runs right now"
	t.Run("sub", check(t, "sub")) // want "pass a function of type `func\\(t \\*testing.T\\)` that makes the call"
	wg.Wait()
}

// Near misses: all of these type-check.
func fine(t *testing.T) {
	var wg sync.WaitGroup
	u := "x"
	wg.Go(func() { download(u) })
	wg.Go(makeWorker(1))
	run(work)
	run(func() { fetch(u) })
	runAll(work, makeWorker(2))
	go download(u)
	go func() { work() }()
	defer work()
	t.Run("sub", func(t *testing.T) { check(t, "sub") })
	wg.Wait()
}

// A typo is a different mistake: the callee is unknown, so stay silent.
func typo() {
	var wg sync.WaitGroup
	wg.Go(downlaod("x"))
}
