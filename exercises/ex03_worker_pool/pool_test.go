package workerpool

import (
	"maps"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeFiles is a fake file server. Every fetch takes one second of fake time.
// It records how many fetches run at once and how often each file was asked for.
type fakeFiles struct {
	sizes map[string]int

	mu       sync.Mutex
	inFlight int
	peak     int
	calls    map[string]int
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
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.calls[name]++
	f.mu.Unlock()

	time.Sleep(time.Second)

	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	return f.sizes[name]
}

func TestDownloadAllResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		sizes, total := DownloadAll(files.names(), 3, files.fetch)
		if len(sizes) != len(files.sizes) {
			t.Fatalf("expected %d files in the result, got %d: %v", len(files.sizes), len(sizes), sizes)
		}
		if !maps.Equal(sizes, files.sizes) {
			t.Errorf("expected the sizes %v, got %v", files.sizes, sizes)
		}
		if want := 1200 + 3400 + 560 + 78 + 4100; total != want {
			t.Errorf("expected a total of %d bytes, got %d: the total must be added up after every worker has finished", want, total)
		}
		for _, name := range files.names() {
			if n := files.calls[name]; n != 1 {
				t.Errorf("expected %s to be downloaded once, it was downloaded %d times", name, n)
			}
		}
	})
}

// With 2 workers, 5 downloads of 1s each go 2 + 2 + 1: 3s of fake time, and never
// more than 2 at once.
func TestDownloadAllBoundedPool(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		start := time.Now()
		sizes, _ := DownloadAll(files.names(), 2, files.fetch)
		took := time.Since(start)
		if len(sizes) != 5 {
			t.Fatalf("expected 5 files in the result, got %d", len(sizes))
		}
		switch {
		case files.peak == 1:
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("with a pool of 2 workers, only 1 download ran at a time and 5 downloads of 1s took %v of fake time: start all the workers before sending jobs; 2 workers take 3s", took)
		case files.peak > 2:
			t.Errorf("with a pool of 2 workers, %d downloads ran at once: expected at most 2, one per worker; start exactly `workers` goroutines", files.peak)
		case took != 3*time.Second:
			t.Errorf("5 downloads of 1s with 2 workers took %v of fake time, expected 3s", took)
		}
	})
}

// With a worker per file, all 5 downloads overlap: 1s of fake time, not 5s.
func TestDownloadAllOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		start := time.Now()
		DownloadAll(files.names(), 5, files.fetch)
		took := time.Since(start)
		if took >= 5*time.Second {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("5 downloads of 1s with 5 workers took %v of fake time: they ran one after another; with 5 workers they take 1s", took)
		} else if took != time.Second || files.peak != 5 {
			t.Errorf("5 downloads of 1s with 5 workers took %v of fake time with at most %d at once, expected 1s with all 5 at once", took, files.peak)
		}
	})
}

func TestDownloadAllMoreWorkersThanFiles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		sizes, total := DownloadAll(files.names()[:2], 8, files.fetch)
		if len(sizes) != 2 || total != 1200+3400 {
			t.Errorf("8 workers for 2 files: expected 2 files totalling 4600 bytes, got %d files totalling %d bytes", len(sizes), total)
		}
	})
}

func TestDownloadAllNoFiles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		files := newFakeFiles()
		sizes, total := DownloadAll(nil, 3, files.fetch)
		if len(sizes) != 0 || total != 0 {
			t.Errorf("no files: expected an empty result and a total of 0, got %v and %d", sizes, total)
		}
	})
}
