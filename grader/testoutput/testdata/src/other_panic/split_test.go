package split

import "testing"

func TestHalves(t *testing.T) {
	Halves([]int{1, 2, 3, 4})
	Halves(nil)
}
