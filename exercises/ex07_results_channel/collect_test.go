package resultschannel

import (
	"encoding/json"
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

	log *callLog // nil records nothing
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
	defer f.log.begin("fetch(" + name + ")")()
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
		files.log = newCallLog()
		start := time.Now()
		Sizes(files.names(), files.fetch)
		took := time.Since(start)
		files.log.attach(t)
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

// callLog records when each call to the fake started and ended, in the bubble's
// fake time, and hands the record to gilgrade as the test attribute
// gilgrade.timeline: `gilgrade check` draws it as bars on a time axis, so calls
// made one after another show as a staircase and overlapping calls side by side.
type callLog struct {
	start time.Time

	mu    sync.Mutex
	calls []loggedCall
}

type loggedCall struct {
	Name    string  `json:"name"`
	StartMS float64 `json:"start_ms"`
	EndMS   float64 `json:"end_ms"`
}

func newCallLog() *callLog { return &callLog{start: time.Now()} }

// begin records the start of a call named name; the function it returns records
// its end. A nil log records nothing.
func (l *callLog) begin(name string) (end func()) {
	if l == nil {
		return func() {}
	}
	from := time.Since(l.start)
	return func() {
		to := time.Since(l.start)
		l.mu.Lock()
		l.calls = append(l.calls, loggedCall{Name: name, StartMS: millis(from), EndMS: millis(to)})
		l.mu.Unlock()
	}
}

// attach hands the calls recorded so far, and the fake time since the log began,
// to gilgrade.
func (l *callLog) attach(t *testing.T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := json.Marshal(struct {
		Calls   []loggedCall `json:"calls"`
		TotalMS float64      `json:"total_ms"`
	}{l.calls, millis(time.Since(l.start))})
	if err == nil && len(l.calls) > 0 {
		t.Attr("gilgrade.timeline", string(b))
	}
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
