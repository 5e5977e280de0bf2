package fetch

import (
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestFetchAllLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		inFlight, peak := 0, 0
		fetch := func(string) {
			mu.Lock()
			inFlight++
			peak = max(peak, inFlight)
			mu.Unlock()
			time.Sleep(500 * time.Millisecond)
			mu.Lock()
			inFlight--
			mu.Unlock()
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			FetchAll(make([]string, 6), 3, fetch)
		}()
		time.Sleep(250 * time.Millisecond)
		stacks := goroutines()
		<-done
		if peak != 3 {
			t.Attr("gilgrade.goroutines", stacks)
			t.Errorf("at most %d calls ran at once, expected 3", peak)
		}
	})
}

// goroutines returns the stacks of the goroutines running this package's
// code, for the test attribute gilgrade.goroutines: gilgrade reads from where
// they wait which line keeps the calls apart. Only this package's frames are
// kept, with file names relative to it, so that the attribute stays short.
func goroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	_, self, _, _ := runtime.Caller(0)
	dir := path.Dir(self) + "/"
	var out strings.Builder
	for _, g := range strings.Split(string(buf), "\n\n") {
		lines := strings.Split(g, "\n")
		var kept strings.Builder
		for i := 1; i+1 < len(lines); i += 2 {
			pos, ok := strings.CutPrefix(strings.TrimSpace(lines[i+1]), dir)
			if !ok {
				continue
			}
			pos, _, _ = strings.Cut(pos, " +0x")
			fn, created := strings.CutPrefix(lines[i], "created by ")
			if j := strings.LastIndexByte(fn, '('); j > 0 && !created && fn[j-1] != '.' {
				fn = fn[:j]
			}
			fn = fn[strings.LastIndexByte(fn, '/')+1:]
			if created {
				fn = "created by " + fn
			}
			kept.WriteString(fn + "\n\t" + pos + "\n")
		}
		if kept.Len() > 0 && out.Len()+kept.Len() < 32<<10 {
			out.WriteString(lines[0] + "\n" + kept.String() + "\n")
		}
	}
	return strconv.Quote(out.String())
}
