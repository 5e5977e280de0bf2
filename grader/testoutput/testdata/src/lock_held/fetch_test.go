package fetch

import (
	"testing"
	"testing/synctest"
)

func TestFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := Fetch([]int{1, 2, 3}); len(got) != 3 {
			t.Errorf("got %v", got)
		}
	})
}
