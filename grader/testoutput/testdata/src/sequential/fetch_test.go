package fetch

import (
	"testing"
	"testing/synctest"
	"time"
)

func TestFetchAllConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		urls := make([]string, 10)
		start := time.Now()
		FetchAll(urls)
		took := time.Since(start)
		if took >= 1000*time.Millisecond {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("%d calls of 500ms took %v of fake time: they ran one after another; concurrent calls take about 500ms", len(urls), took)
		}
	})
}
