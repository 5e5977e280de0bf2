package startjoin

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestSquaresValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nums := []int{1, 2, 3, 4, 5, 6}
		want := []int{1, 4, 9, 16, 25, 36}
		if got := Squares(nums); !slices.Equal(got, want) {
			t.Errorf("Squares(%v) returned %v, expected %v: every goroutine must have stored its square before Squares returns", nums, got, want)
		}
	})
}

func TestSquaresEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Squares(nil); len(got) != 0 {
			t.Errorf("Squares(nil) returned %v, expected an empty result", got)
		}
	})
}

// In a synctest bubble time is fake: it moves only when every goroutine waits, so
// four sleeps of 500ms that overlap take exactly 500ms, and in a row exactly 2s.
func TestSquaresOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		Squares([]int{1, 2, 3, 4})
		took := time.Since(start)
		if took >= 2*time.Second {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("4 squares of 500ms each took %v of fake time: they ran one after another; started as goroutines they take 500ms", took)
		} else if took != 500*time.Millisecond {
			t.Errorf("4 squares of 500ms each took %v of fake time, expected 500ms: all four should run at the same time", took)
		}
	})
}
