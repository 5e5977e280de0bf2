package wordcount

import "testing"

func TestLengths(t *testing.T) {
	m := Lengths([]string{"go", "chan", "select", "mutex", "atomic", "sync"})
	if len(m) != 6 {
		t.Errorf("len = %d, want 6", len(m))
	}
}
