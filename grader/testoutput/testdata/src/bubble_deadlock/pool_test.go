package pool

import (
	"testing"
	"testing/synctest"
)

func TestDownloadAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sizes := DownloadAll([]string{"a", "bb", "ccc", "dddd"})
		if len(sizes) != 4 {
			t.Errorf("got %d sizes, want 4", len(sizes))
		}
	})
}
