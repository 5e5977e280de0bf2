package ticker

import (
	"testing"
	"testing/synctest"
)

func TestFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if v := <-First([]int{7, 8, 9}); v == 0 {
			t.Errorf("got 0")
		}
	})
}
