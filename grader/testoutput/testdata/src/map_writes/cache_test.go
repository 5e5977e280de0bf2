package cache

import "testing"

func TestFill(t *testing.T) {
	if got := len(Fill(8)); got != 512 {
		t.Errorf("len = %d, want 512", got)
	}
}
