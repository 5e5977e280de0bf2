// Exercise 3: a fixed pool of workers.
//
// One goroutine per task is fine for five tasks. For five thousand it may not be:
// the server on the other end may allow only a few connections, or each task may
// hold a file open. A worker pool starts a fixed number of goroutines, the workers,
// and hands them tasks through a channel. Each worker takes a task, does it, and
// comes back for the next, so never more than `workers` tasks run at once.
// (Python's ThreadPoolExecutor with max_workers does the same job.)
//
// The pattern has three parts, and each one matters:
//
//   - A worker loops with `for name := range jobs`. Receiving from a channel waits
//     for the next value; the loop ends only when the channel is closed and empty.
//   - The goroutine that sends the jobs closes the channel when it has sent the
//     last one. Closing says "no more values are coming"; without it the workers
//     wait for a next job forever, and so does whoever waits for the workers.
//   - After closing, the sender waits for the workers (wg.Wait) before it reads
//     anything they produced.
//
// The workers all write into one map, so the writes need the mutex: a Go map
// written by two goroutines at once is a data race, and can even crash with
// "fatal error: concurrent map writes".
//
// The workers are started with wg.Go, as in exercise 2, so that wg.Wait can tell
// when the last one has finished.
//
// Fill the four blanks.
package workerpool

import "sync"

// DownloadAll downloads every named file with a pool of `workers` goroutines,
// calling fetch(name) once per file; fetch returns the file's size in bytes.
// It returns each file's size by name, and the total size of all files.
func DownloadAll(names []string, workers int, fetch func(name string) int) (map[string]int, int) {
	var result struct {
		mu    sync.Mutex // guards sizes
		sizes map[string]int
	}
	result.sizes = make(map[string]int)
	jobs := make(chan string)

	var wg sync.WaitGroup
	for range workers {
		___(func() { // start one worker: it downloads files until jobs is closed and empty
			for name := range jobs {
				size := fetch(name)
				___ // store size under name in result.sizes, holding the mutex
			}
		})
	}
	for _, name := range names {
		jobs <- name
	}
	___ // tell the workers that no more jobs are coming
	___ // wait until every worker has finished

	total := 0
	for _, size := range result.sizes {
		total += size
	}
	return result.sizes, total
}
