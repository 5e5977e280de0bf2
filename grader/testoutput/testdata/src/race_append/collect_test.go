package collect

import "testing"

func TestSquares(t *testing.T) {
	if got := Squares(20); len(got) != 20 {
		t.Errorf("len(Squares(20)) = %d, want 20", len(got))
	}
}
