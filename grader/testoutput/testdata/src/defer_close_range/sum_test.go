package sum

import (
	"testing"
	"testing/synctest"
)

func TestSum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Sum([]int{1, 2, 3}); got != 6 {
			t.Errorf("got %d", got)
		}
	})
}
