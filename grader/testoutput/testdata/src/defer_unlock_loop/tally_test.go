package tally

import (
	"testing"
	"testing/synctest"
)

func TestTally(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Tally([]string{"a", "b"}); got["a"] != 2 {
			t.Errorf("got %v", got)
		}
	})
}
