//go:build go1.21

// Package a is written for Go 1.21 (its build line): a loop has one
// variable for all its turns.
package a

import "sync"

func fetch(string) {}

func captured(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u) // want "`u` is the loop's variable, which every turn of the loop shares before Go 1.22 \\(this file is go1.21\\): the goroutine runs later and may see a later value\ncopy it in the loop with `u := u`, pass it as an argument \\(`func\\(u string\\) { … }\\(u\\)`\\), or move go.mod to go 1.22 or later"
		}()
	}
	wg.Wait()
}

func deferred(names []string) {
	for i := 0; i < len(names); i++ {
		defer func() {
			fetch(names[i]) // want "`i` is the loop's variable.*: the deferred function runs after the loop"
		}()
	}
}

// Near misses: each goroutine gets its own copy.

func copied(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		u := u
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func argument(urls []string) {
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
