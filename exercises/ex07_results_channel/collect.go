// Exercise 7: collect results over a channel.
//
// In exercise 3 the workers shared one map and took turns with a mutex. There is
// another way, and Go is built around it: do not share the map at all. Each
// goroutine sends its result on a channel, and a single goroutine, the one that
// owns the map, receives the results and stores them. Only one goroutine ever
// touches the map, so it needs no lock. Go's motto for this: do not communicate
// by sharing memory; share memory by communicating.
//
// The collector reads with `for r := range results`, which stops only when the
// channel is closed and drained. So someone must close it, exactly once, and only
// after the last send: a send on a closed channel panics, and so does closing it
// twice. The senders cannot do it, since none of them knows whether it is the
// last. What does know is the WaitGroup: once wg.Wait() returns, every sender has
// sent. So the closing is the job of a small goroutine of its own that first
// waits for the senders, then closes.
//
// Why a goroutine of its own? The channel is unbuffered: a send waits until the
// collector receives it. If the collecting function itself called wg.Wait()
// before its range loop, the senders would wait for it to receive and it would
// wait for them to finish, forever. The closer has to wait while the collector
// collects.
//
// Fill the three blanks.
package resultschannel

import "sync"

// result is what one download sends back to the collector.
type result struct {
	name string
	size int
}

// Sizes downloads every named file at the same time, one goroutine per file,
// and returns each file's size by name. fetch(name) returns the size of name.
func Sizes(names []string, fetch func(name string) int) map[string]int {
	results := make(chan result)
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			___ // download name, then send its result to the collector
		})
	}
	___ // close results once every sender is done, without blocking this function

	sizes := make(map[string]int) // only this goroutine touches sizes
	for ___ {                     // receive until results is closed
		sizes[r.name] = r.size
	}
	return sizes
}
