package a

import (
	"context"
	"fmt"
	"sync"
)

func process(j int) { fmt.Println(j) }

func poolNoClose(work []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for j := range jobs {
				process(j)
			}
		})
	}
	for _, j := range work {
		jobs <- j // want "`jobs` is never closed, so the workers' `for j := range jobs` never ends: they wait forever for another value and `wg.Wait\\(\\)` never returns\ncall `close\\(jobs\\)` after the last send"
	}
	wg.Wait()
}

func worker(id int, jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		process(id * j)
	}
}

func namedWorkers(work []int) {
	jobs := make(chan int, len(work))
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go worker(w, jobs, &wg)
	}
	for _, j := range work {
		jobs <- j // want "`jobs` is never closed, so the workers' `for j := range jobs` never ends"
	}
	wg.Wait()
}

func consume(tasks chan string) {
	for t := range tasks {
		fmt.Println(t)
	}
}

func calledInGoroutine() {
	tasks := make(chan string)
	go func() {
		consume(tasks)
	}()
	tasks <- "a"
	tasks <- "b" // want "`tasks` is never closed, so the workers' `for t := range tasks` never ends: they wait forever for another value\ncall `close\\(tasks\\)`"
}

// Near misses that must stay silent.

func closeAfterLoop(work []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for j := range jobs {
				process(j)
			}
		})
	}
	for _, j := range work {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
}

func deferClose(work []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(jobs)
	for range 3 {
		wg.Go(func() {
			for j := range jobs {
				process(j)
			}
		})
	}
	for _, j := range work {
		jobs <- j
	}
}

func producerCloses(work []int) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, j := range work {
			jobs <- j
		}
	}()
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go worker(0, jobs, &wg)
	}
	wg.Wait()
}

func closer(ch chan int) { close(ch) }

func closedByHelper(work []int) {
	jobs := make(chan int)
	done := make(chan bool)
	go func() {
		for j := range jobs {
			process(j)
		}
		done <- true
	}()
	for _, j := range work {
		jobs <- j
	}
	closer(jobs)
	<-done
}

func resultsOverChannel(work []int) []int {
	results := make(chan int, len(work))
	for _, j := range work {
		go func() { results <- j * j }()
	}
	var out []int
	for range work {
		out = append(out, <-results)
	}
	return out
}

type pool struct{ jobs chan int }

func escapes(work []int) *pool {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	jobs <- work[0]
	return &pool{jobs: jobs}
}

// subscribe calls f for every message until its caller stops it.
func subscribe(f func(int)) {}

// The sends come from a callback that other code calls any number of times:
// there is no last send to close after (a close could panic a later call),
// and the worker stops on the context. From a test of nats.go.
func callbackSends(ctx context.Context, cancel func(), n int) {
	recvd := make(chan int, 64)
	delivered := make(chan int, n)
	go func() {
		for m := range recvd {
			select {
			case <-ctx.Done():
				return
			default:
			}
			delivered <- m
			if len(delivered) == n {
				cancel()
				return
			}
		}
	}()
	subscribe(func(m int) {
		recvd <- m
	})
	<-ctx.Done()
}

// The worker returns when the context is done: it does not wait for a close.
func workerWithExit(ctx context.Context, work []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			select {
			case <-ctx.Done():
				return
			default:
			}
			process(j)
		}
	}()
	for _, j := range work {
		jobs <- j
	}
}

// A return on a condition of the job is no way out when no job meets it.
func workerReturnsOnJob(work []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			if j < 0 {
				return
			}
			process(j)
		}
	}()
	for _, j := range work {
		jobs <- j // want `jobs. is never closed`
	}
	wg.Wait()
}

// A send from a function literal called right here is still this function's.
func sendFromLiteralCalledHere(work []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Go(func() {
		for j := range jobs {
			process(j)
		}
	})
	func() {
		for _, j := range work {
			jobs <- j // want `jobs. is never closed`
		}
	}()
	wg.Wait()
}

// Sends from a callback alone: no last send in this function.
func callbackOnly(done chan bool) {
	msgs := make(chan int)
	go func() {
		for m := range msgs {
			process(m)
		}
	}()
	subscribe(func(m int) { msgs <- m })
	<-done
}
