package status

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestWithinCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		if err := Within(ctx, time.Second); !errors.Is(err, context.Canceled) {
			t.Attr("gilgrade.line", `context\.(Background|TODO)\(\)`)
			t.Errorf("the caller cancelled after 100ms, Within returned %v, expected context.Canceled", err)
		}
	})
}
