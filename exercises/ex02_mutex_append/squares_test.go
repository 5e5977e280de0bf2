package mutexappend

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestSquaresListValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nums := []int{1, 2, 3, 4, 5}
		got := SquaresList(nums)
		if len(got) != len(nums) {
			t.Fatalf("expected %d squares in the list, got %d (%v): every goroutine must append its square, and SquaresList must wait for all of them", len(nums), len(got), got)
		}
		sorted := slices.Sorted(slices.Values(got))
		if want := []int{1, 4, 9, 16, 25}; !slices.Equal(sorted, want) {
			t.Errorf("expected the squares %v in any order, got %v", want, got)
		}
	})
}

func TestSquaresListMany(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var nums, want []int
		for n := range 50 {
			nums = append(nums, n)
			want = append(want, n*n)
		}
		got := SquaresList(nums)
		if len(got) != len(nums) {
			t.Fatalf("expected %d squares from 50 goroutines, got %d: appends were lost or SquaresList returned too early", len(nums), len(got))
		}
		if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(sorted, want) {
			t.Errorf("expected the squares of 0..49 in any order, got %v", got)
		}
	})
}

func TestSquaresListEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := SquaresList(nil); len(got) != 0 {
			t.Errorf("SquaresList(nil) returned %v, expected an empty list", got)
		}
	})
}

// Time inside a synctest bubble is fake: it moves only when every goroutine is
// waiting, so five overlapping 500ms sleeps take exactly 500ms, and in a row 2.5s.
func TestSquaresListOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		SquaresList([]int{1, 2, 3, 4, 5})
		took := time.Since(start)
		if took >= 1000*time.Millisecond {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("5 squares of 500ms each took %v of fake time: they ran one after another; in their own goroutines they take 500ms together", took)
		} else if took != 500*time.Millisecond {
			t.Errorf("5 squares of 500ms each took %v of fake time, expected 500ms: all five should run at the same time, and SquaresList must wait for them", took)
		}
	})
}
