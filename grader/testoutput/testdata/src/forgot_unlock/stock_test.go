package stock

import (
	"sync"
	"testing"
)

func TestTake(t *testing.T) {
	s := &Store{items: map[string]int{"apple": 2}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { s.Take("apple") })
	}
	wg.Wait()
	if s.items["apple"] != 0 {
		t.Errorf("apples left = %d, want 0", s.items["apple"])
	}
}
