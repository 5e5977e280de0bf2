package squares

import (
	"testing"
	"testing/synctest"
)

func TestSquares(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Squares([]int{1, 2, 3}); len(got) != 3 {
			t.Errorf("got %v", got)
		}
	})
}
