package racecounter

import (
	"runtime"
	"testing"
)

func TestCounterIncChangesTheCounter(t *testing.T) {
	var c Counter
	c.Inc()
	c.Inc()
	c.Inc()
	if got := c.Value(); got != 3 {
		t.Fatalf("called Inc 3 times on one Counter: expected Value() to be 3, got %d (Inc must change the Counter it is called on, not a copy of it)", got)
	}
}

func TestCountWithMutex(t *testing.T) {
	const workers, times = 8, 2000
	if got := CountWithMutex(workers, times); got != workers*times {
		t.Errorf("%d goroutines each called Inc %d times: expected a count of %d, got %d (%d increments were lost)", workers, times, workers*times, got, workers*times-got)
	}
}

func TestCountWithMutexNothing(t *testing.T) {
	if got := CountWithMutex(0, 100); got != 0 {
		t.Errorf("no goroutines: expected a count of 0, got %d", got)
	}
}

// An increment written as a separate read and write of the atomic
// (n.Store(n.Load()+1)) is not a data race, so only a lost update shows it, and
// only when a goroutine is stopped between its read and its write. More threads
// than cores and many rounds make that all but certain: the scheduler and the
// operating system preempt the workers thousands of times.
func TestCountWithAtomic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(8, runtime.NumCPU())))
	const workers, times, rounds = 8, 20000, 10
	for range rounds {
		if got := CountWithAtomic(workers, times); got != workers*times {
			t.Fatalf("%d goroutines each added 1 %d times: expected a count of %d, got %d (%d increments were lost): the increment must be one atomic step, such as n.Add(1)", workers, times, workers*times, got, workers*times-got)
		}
	}
}

func TestCountWithAtomicNothing(t *testing.T) {
	if got := CountWithAtomic(4, 0); got != 0 {
		t.Errorf("4 goroutines that add nothing: expected a count of 0, got %d", got)
	}
}
