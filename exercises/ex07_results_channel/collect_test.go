package resultschannel

import (
	"maps"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeFiles is a fake file server: every fetch takes one second of fake time.
type fakeFiles struct {
	sizes map[string]int

	mu       sync.Mutex
	calls    map[string]int
	inFlight int
	peak     int
}

func newFakeFiles() *fakeFiles {
	return &fakeFiles{
		sizes: map[string]int{
			"report.pdf": 1200,
			"photo.jpg":  3400,
			"data.csv":   560,
			"notes.txt":  78,
			"song.mp3":   4100,
		},
		calls: make(map[string]int),
	}
}

func (f *fakeFiles) names() []string {
	return []string{"report.pdf", "photo.jpg", "data.csv", "notes.txt", "song.mp3"}
}

func (f *fakeFiles) fetch(name string) int {
	f.mu.Lock()
	f.calls[name]++
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()

	time.Sleep(time.Second)

	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	return f.sizes[name]
}

// Sizes must leave nothing running behind it: after it returns, no goroutine may
// still send, close or wait. The test gives stragglers a minute of fake time to
// show themselves before it checks.
func TestSizesLeavesNothingBehind(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		sizes := Sizes(files.names(), files.fetch)
		time.Sleep(time.Minute)
		synctest.Wait()
		if len(sizes) != 5 {
			t.Errorf("expected 5 files in the result, got %d: %v (the collector must receive until every sender has sent)", len(sizes), sizes)
		}
	})
}

func TestSizesValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		sizes := Sizes(files.names(), files.fetch)
		if !maps.Equal(sizes, files.sizes) {
			t.Errorf("expected the sizes %v, got %v", files.sizes, sizes)
		}
		for _, name := range files.names() {
			if n := files.calls[name]; n != 1 {
				t.Errorf("expected %s to be downloaded once, it was downloaded %d times", name, n)
			}
		}
	})
}

// Five downloads of 1s, each in its own goroutine, take 1s of fake time together.
func TestSizesOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		start := time.Now()
		Sizes(files.names(), files.fetch)
		took := time.Since(start)
		if files.peak == 1 {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("5 downloads of 1s took %v of fake time, one at a time: they ran one after another; in their own goroutines they take 1s", took)
		} else if took != time.Second || files.peak != 5 {
			t.Errorf("5 downloads of 1s took %v of fake time with at most %d at once, expected 1s with all 5 at once", took, files.peak)
		}
	})
}

func TestSizesNoFiles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		if sizes := Sizes(nil, files.fetch); len(sizes) != 0 {
			t.Errorf("no files: expected an empty result, got %v", sizes)
		}
	})
}
