// Package watch tells when the files in a few folders change, once per burst of
// saves, for `gilgrade watch` (whose terminal handling is package term).
//
// It listens to file events (fsnotify) and also polls the files' size, time and
// content every half second. Polling is the witness: when it sees a save that no
// event announced, events do not arrive in this folder (network shares,
// WSL-mounted Windows folders), and the watcher goes on by polling alone and says
// so. It polls from the start when events cannot be had at all, or when asked.
package watch

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options say what to watch and how.
type Options struct {
	Dirs []string // folders whose files to watch (not their subfolders)
	Poll bool     // poll only, without file events
	// Interval is the time between polls; 500ms when zero.
	Interval time.Duration
	// Quiet is how long no change must follow a change for a burst to end; 200ms
	// when zero.
	Quiet time.Duration
	// Grace is how long an event may lag a change polling saw before events are
	// taken to be lost; 2s when zero.
	Grace time.Duration
	// Relevant says which file names (base names) count; GoSource when nil.
	Relevant func(name string) bool

	dropEvents bool // tests: file events start but never arrive, as on a network share
}

// GoSource reports whether a file name is a Go source file a person edits: not an
// editor's swap, backup or lock file (".squares.go.swp", "squares.go~",
// "#squares.go#", ".#squares.go", "squares.go___jb_tmp___"), nor a backup that
// gilgrade reset keeps ("squares.go.bak").
func GoSource(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "#")
}

// Watcher watches folders until its context ends.
type Watcher struct {
	// C receives the files that changed (absolute, sorted), once per burst.
	C <-chan []string
	// Notes receives remarks for the person watching, such as the switch to
	// polling. Remarks are dropped when nobody reads them.
	Notes <-chan string

	out     chan []string
	notes   chan string
	o       Options
	fsw     *fsnotify.Watcher
	polling atomic.Bool
	done    chan struct{}
}

// Start starts watching. It fails only when a folder cannot be read at all; when
// file events cannot start it polls and says so on Notes.
func Start(ctx context.Context, o Options) (*Watcher, error) {
	if o.Interval <= 0 {
		o.Interval = 500 * time.Millisecond
	}
	if o.Quiet <= 0 {
		o.Quiet = 200 * time.Millisecond
	}
	if o.Grace <= 0 {
		o.Grace = 2 * time.Second
	}
	if o.Relevant == nil {
		o.Relevant = GoSource
	}
	for i, d := range o.Dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, err
		}
		if _, err := os.ReadDir(abs); err != nil {
			return nil, fmt.Errorf("cannot watch %s: %w", d, err)
		}
		o.Dirs[i] = abs
	}
	w := &Watcher{out: make(chan []string), notes: make(chan string, 8), o: o, done: make(chan struct{})}
	w.C, w.Notes = w.out, w.notes
	if o.Poll {
		w.polling.Store(true)
	} else if err := w.startEvents(); err != nil {
		w.polling.Store(true)
		w.note(fmt.Sprintf("file events are not available here (%v): checking for changes every %v instead", err, o.Interval))
	}
	go w.run(ctx)
	return w, nil
}

// Polling reports whether the watcher is polling rather than using file events.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Done is closed when the watcher has stopped.
func (w *Watcher) Done() <-chan struct{} { return w.done }

func (w *Watcher) startEvents() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	for _, d := range w.o.Dirs {
		if err := fsw.Add(d); err != nil {
			fsw.Close()
			return err
		}
	}
	w.fsw = fsw
	return nil
}

func (w *Watcher) note(msg string) {
	select {
	case w.notes <- msg:
	default:
	}
}

// stamp is what polling knows of a file.
type stamp struct {
	mod  time.Time
	size int64
	sum  uint64 // content hash of small files: coarse clocks miss quick saves
}

func (w *Watcher) scan() map[string]stamp {
	files := map[string]stamp{}
	for _, d := range w.o.Dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, en := range entries {
			if !w.o.Relevant(en.Name()) {
				continue
			}
			name := filepath.Join(d, en.Name())
			fi, err := os.Stat(name)
			if err != nil || fi.IsDir() {
				continue
			}
			st := stamp{mod: fi.ModTime(), size: fi.Size()}
			if fi.Size() <= 1<<20 {
				if b, err := os.ReadFile(name); err == nil {
					h := fnv.New64a()
					h.Write(b)
					st.sum = h.Sum64()
				}
			}
			files[name] = st
		}
	}
	return files
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	var events <-chan fsnotify.Event
	var errs <-chan error
	stopEvents := func() {
		if w.fsw != nil {
			w.fsw.Close()
			w.fsw = nil
		}
		events, errs = nil, nil
	}
	defer stopEvents()
	if w.fsw != nil {
		events, errs = w.fsw.Events, w.fsw.Errors
		if w.o.dropEvents {
			events = nil
		}
	}
	toPolling := func(why string) {
		stopEvents()
		w.polling.Store(true)
		w.note(fmt.Sprintf("%s: checking for changes every %v instead", why, w.o.Interval))
	}

	tick := time.NewTicker(w.o.Interval)
	defer tick.Stop()
	snap := w.scan()
	lastTick := time.Now()
	heard := map[string]time.Time{}   // the last event of each file
	unheard := map[string]time.Time{} // changes polling saw that no event has announced yet

	burst := map[string]bool{} // changes of the burst going on
	var ready []string         // a finished burst not yet taken
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	changed := func(name string) {
		burst[name] = true
		quiet.Reset(w.o.Quiet)
	}

	for {
		var out chan []string
		if ready != nil {
			out = w.out
		}
		select {
		case <-ctx.Done():
			return
		case out <- ready:
			ready = nil
		case <-quiet.C:
			for name := range burst {
				if !slices.Contains(ready, name) {
					ready = append(ready, name)
				}
			}
			slices.Sort(ready)
			clear(burst)
		case ev, ok := <-events:
			if !ok {
				toPolling("file events stopped")
				continue
			}
			if ev.Op == fsnotify.Chmod || !w.o.Relevant(filepath.Base(ev.Name)) {
				continue
			}
			name := filepath.Clean(ev.Name)
			heard[name] = time.Now()
			delete(unheard, name)
			changed(name)
		case err, ok := <-errs:
			if !ok {
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: polling's next look tells what changed.
				continue
			}
			toPolling(fmt.Sprintf("file events failed (%v)", err))
		case now := <-tick.C:
			cur := w.scan()
			polling := w.polling.Load()
			for _, name := range diff(snap, cur) {
				switch {
				case polling:
					changed(name)
				case heard[name].After(lastTick.Add(-w.o.Interval)):
					// An event announced it.
				default:
					unheard[name] = lastTick
				}
			}
			snap, lastTick = cur, now
			if polling {
				continue
			}
			lost := ""
			for name, since := range unheard {
				switch {
				case heard[name].After(since.Add(-w.o.Interval)):
					delete(unheard, name)
				case now.Sub(since) >= w.o.Grace:
					lost = name
				}
			}
			if lost != "" {
				toPolling(fmt.Sprintf("a save of %s came with no file event (a network or WSL-mounted folder?)", filepath.Base(lost)))
				// The saves that went unannounced are not lost.
				for name := range unheard {
					changed(name)
				}
				clear(unheard)
			}
		}
	}
}

// diff returns the files added, removed or changed between two scans.
func diff(old, cur map[string]stamp) []string {
	var names []string
	for name, st := range cur {
		if o, ok := old[name]; !ok || !o.mod.Equal(st.mod) || o.size != st.size || o.sum != st.sum {
			names = append(names, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
