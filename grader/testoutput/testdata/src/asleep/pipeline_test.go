package pipeline

import "testing"

func TestDouble(t *testing.T) {
	if got := Double([]int{1, 2, 3}); len(got) != 3 {
		t.Errorf("got %v", got)
	}
}
