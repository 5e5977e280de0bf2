package racecounter

import "testing"

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

func TestCountWithAtomic(t *testing.T) {
	const workers, times = 8, 2000
	if got := CountWithAtomic(workers, times); got != workers*times {
		t.Errorf("%d goroutines each added 1 %d times: expected a count of %d, got %d (%d increments were lost)", workers, times, workers*times, got, workers*times-got)
	}
}

func TestCountWithAtomicNothing(t *testing.T) {
	if got := CountWithAtomic(4, 0); got != 0 {
		t.Errorf("4 goroutines that add nothing: expected a count of 0, got %d", got)
	}
}
