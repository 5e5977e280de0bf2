package squares

import (
	"slices"
	"testing"
	"testing/synctest"
)

func TestSquares(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Squares([]int{1, 2, 3}); !slices.Equal(got, []int{1, 4, 9}) {
			t.Errorf("got %v", got)
		}
	})
}
