package a

import (
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
