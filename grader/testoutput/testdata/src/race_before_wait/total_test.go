package total

import "testing"

func TestTotal(t *testing.T) {
	if got := Total([]int{1, 2, 3, 4}); got != 10 {
		t.Errorf("Total = %d, want 10", got)
	}
}
