package fetch

import (
	"path"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestFetchAllOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fetch := func(string) { time.Sleep(500 * time.Millisecond) }
		start := time.Now()
		var took time.Duration
		done := make(chan struct{})
		go func() {
			defer close(done)
			FetchAll(make([]string, 4), fetch)
			took = time.Since(start)
		}()
		time.Sleep(250 * time.Millisecond)
		stacks := goroutines()
		<-done
		if took != 500*time.Millisecond {
			t.Attr("gilgrade.code", "sequential")
			t.Attr("gilgrade.goroutines", stacks)
			t.Errorf("4 calls of 500ms took %v of fake time, expected 500ms", took)
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
