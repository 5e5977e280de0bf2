package a

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func square(n int) int { return n * n }

func printBeforeWait(nums []int) {
	var wg sync.WaitGroup
	results := make([]int, len(nums))
	for i, n := range nums {
		wg.Go(func() {
			results[i] = square(n)
		})
	}
	fmt.Println(results) // want "`results` is read here while the goroutines started on line 16 may still be writing it\ncall `wg.Wait\\(\\)` before reading it"
	wg.Wait()
}

func returnWithoutWait(nums []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			total += n
		}()
	}
	return total // want "`total` is read here while the goroutines started on line 30 may still be writing it\ncall `wg.Wait\\(\\)` before reading it"
}

func lenBeforeWait(words []string) int {
	var wg sync.WaitGroup
	seen := map[string]bool{}
	var mu sync.Mutex
	for _, w := range words {
		wg.Go(func() {
			mu.Lock()
			seen[w] = true
			mu.Unlock()
		})
	}
	n := len(seen) // want "`seen` is read here while the goroutines started on line 45"
	wg.Wait()
	return n
}

func noWaitGroup() string {
	var msg string
	go func() {
		msg = "hello"
	}()
	return msg // want "`msg` is read here while the goroutine started on line 58 may still be writing it\nwait for the goroutine to finish before reading it"
}

type result struct {
	sum   int
	count int
}

func fieldRange(nums []int) []int {
	var r result
	var out []int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.sum = len(nums)
		out = append(out, nums...)
	}()
	fmt.Println(r.sum)      // want "`r.sum` is read here"
	for _, v := range out { // want "`out` is read here"
		fmt.Println(v)
	}
	wg.Wait()
	return out
}

func sum(nums []int, total *int, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, n := range nums {
		*total += n
	}
}

func namedWorker(nums []int) int {
	var wg sync.WaitGroup
	total := 0
	wg.Add(1)
	go sum(nums, &total, &wg)
	return total // want "`total` is read here while the goroutine started on line 98 may still be writing it\ncall `wg.Wait\\(\\)` before reading it"
}

func errgroupBeforeWait(nums []int) (int, error) {
	var g errgroup.Group
	var total int
	g.Go(func() error {
		total = len(nums)
		return nil
	})
	if total > 0 { // want "call `g.Wait\\(\\)` before reading it"
		return total, nil
	}
	return 0, g.Wait()
}

// Near misses that must stay silent.

func waitThenRead(nums []int) []int {
	var wg sync.WaitGroup
	results := make([]int, len(nums))
	for i, n := range nums {
		wg.Go(func() {
			results[i] = square(n)
		})
	}
	wg.Wait()
	fmt.Println(len(results))
	return results
}

func doneChannel() string {
	var msg string
	done := make(chan struct{})
	go func() {
		msg = "hello"
		close(done)
	}()
	<-done
	return msg
}

func readInGoroutine(nums []int) {
	var wg sync.WaitGroup
	total := 0
	wg.Go(func() {
		total = len(nums)
		fmt.Println(total)
	})
	wg.Wait()
}

func namedWorkerWaited(nums []int) int {
	var wg sync.WaitGroup
	total := 0
	wg.Add(1)
	go sum(nums, &total, &wg)
	wg.Wait()
	return total
}

func errgroupWaited(nums []int) (int, error) {
	var g errgroup.Group
	var total int
	g.Go(func() error {
		total = len(nums)
		return nil
	})
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return total, nil
}

func readBeforeStart(nums []int) int {
	var wg sync.WaitGroup
	total := len(nums)
	fmt.Println(total)
	wg.Go(func() {
		total = 0
	})
	wg.Wait()
	return total
}

func overChannel(nums []int) []int {
	ch := make(chan int)
	var out []int
	for _, n := range nums {
		go func() { ch <- square(n) }()
	}
	for range nums {
		out = append(out, <-ch)
	}
	return out
}

func otherField(nums []int) result {
	var r result
	r.count = len(nums)
	var wg sync.WaitGroup
	wg.Go(func() {
		r.sum = len(nums)
	})
	fmt.Println(r.count)
	wg.Wait()
	return r
}

func inClosure(run func(func())) {
	run(func() {
		var msg string
		go func() {
			msg = "hello"
		}()
		fmt.Println(msg) // want "`msg` is read here while the goroutine started on line 211"
	})
}

func deferredClosure(nums []int) (total int) {
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
		fmt.Println(total)
	}()
	wg.Go(func() {
		total = len(nums)
	})
	return 0
}

func accept() (int, error)  { return 0, nil }
func connect() (int, error) { return 0, nil }

// The function assigns err itself after the start and before the read: the
// read sees connect's error, not the goroutine's. From a test of nats.go.
func ownWriteBeforeRead() error {
	var conn int
	var err error
	go func() {
		conn, err = accept()
		if err != nil {
			return
		}
		fmt.Println(conn)
	}()
	nc, err := connect()
	if err != nil {
		return err
	}
	fmt.Println(nc)
	if _, err = connect(); err != nil {
		return err
	}
	return nil
}

// An assignment on one branch only leaves the other reading the goroutine's.
func ownWriteOnOneBranch(retry bool) error {
	var err error
	go func() {
		_, err = accept()
	}()
	if retry {
		_, err = connect()
	}
	return err // want "`err` is read here while the goroutine started on line"
}

// The same, assigned in the if statement's init.
func ownWriteInIfInit() error {
	var err error
	go func() {
		_, err = accept()
	}()
	if _, err = connect(); err != nil {
		return err
	}
	return nil
}
