package a

import (
	"errors"
	"sync"
	"testing"
)

func work() error { return errors.New("x") }

func TestFatalInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := work(); err != nil {
			t.Fatal(err) // want "`t.Fatal\\(err\\)` runs in a goroutine the test started, where `Fatal` stops only that goroutine, not the test: the test goes on without its result\ncall `t.Error` \\(or `t.Errorf`\\) and `return` from the goroutine, or send the error back and call `t.Fatal` in the test itself"
		}
	}()
	wg.Wait()
}

func helper(t *testing.T, wg *sync.WaitGroup) {
	defer wg.Done()
	t.FailNow()
}

func TestHelperInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go helper(t, &wg) // want "`go helper\\(t, &wg\\)` starts a goroutine that calls `FailNow`"
	wg.Wait()
}

// Near misses: all correct.

func TestErrorInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := work(); err != nil {
			t.Error(err)
			return
		}
	}()
	wg.Wait()
	if err := work(); err != nil {
		t.Fatal(err)
	}
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		t.Fatal("stops the subtest, which is right")
	})
}
