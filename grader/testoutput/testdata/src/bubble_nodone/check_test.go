package check

import (
	"testing"
	"testing/synctest"
)

func TestCountValid(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if got := CountValid([]string{"ann", "", "bob"}); got != 2 {
			t.Errorf("CountValid = %d, want 2", got)
		}
	})
}
