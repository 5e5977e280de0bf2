package pool

import (
	"testing"
	"testing/synctest"
)

func TestTotal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Total([]int{1, 2, 3, 4}, 2); got != 10 {
			t.Errorf("got %d, want 10", got)
		}
	})
}
