package produce

import (
	"testing"
	"time"
)

func TestProduce(t *testing.T) {
	sum := 0
	for v := range Produce(5) {
		sum += v
	}
	time.Sleep(100 * time.Millisecond)
	if sum != 15 {
		t.Errorf("sum = %d, want 15", sum)
	}
}
