package sum

import "testing"

func TestSum(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{1, 1}, {10, 55}, {0, 0}} {
		t.Run("", func(t *testing.T) {
			if got := Sum(tc.n); got != tc.want {
				t.Errorf("Sum(%d) = %d, want %d", tc.n, got, tc.want)
			}
		})
	}
}
