package status

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func TestWithin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		if s, err := Within(context.Background(), time.Second); s != "paid" {
			t.Errorf("got %q, %v", s, err)
		}
	})
}
