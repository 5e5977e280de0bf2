package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func start(t *testing.T, o Options) (*Watcher, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "squares.go"), []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o.Dirs = []string{dir}
	if o.Interval == 0 {
		o.Interval = 50 * time.Millisecond
	}
	if o.Quiet == 0 {
		o.Quiet = 100 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	w, err := Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); <-w.Done() })
	// Let the first scan happen before the test changes anything.
	time.Sleep(2 * o.Interval)
	return w, dir
}

// next returns the next batch of changes, or fails after a while.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.C:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported in 5s")
		return nil
	}
}

// none checks that no batch comes for a while.
func none(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.C:
		t.Errorf("unexpected batch %v", b)
	case <-time.After(d):
	}
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	w, dir := start(t, Options{})
	name := filepath.Join(dir, "squares.go")
	for i := range 5 {
		write(t, name, "package p\n"+strings.Repeat("//\n", i))
		time.Sleep(20 * time.Millisecond)
	}
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("batch = %v, want [%s]", b, name)
	}
	none(t, w, 400*time.Millisecond)
	if w.Polling() {
		t.Error("polling, though file events work here")
	}
}

// Editors save by writing a temporary file and renaming it over the old one; vim
// also leaves swap files, and gilgrade reset leaves .bak files. Only the Go file
// counts.
func TestRenameSaveAndTempFiles(t *testing.T) {
	w, dir := start(t, Options{})
	name := filepath.Join(dir, "squares.go")
	write(t, filepath.Join(dir, ".squares.go.swp"), "swap")
	write(t, filepath.Join(dir, "squares.go~"), "backup")
	write(t, filepath.Join(dir, "squares.go.bak"), "gilgrade's backup")
	none(t, w, 400*time.Millisecond)
	tmp := filepath.Join(dir, "squares.go___jb_tmp___")
	write(t, tmp, "package p // saved\n")
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("batch = %v, want [%s]", b, name)
	}
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("after remove: batch = %v, want [%s]", b, name)
	}
}

func TestPollForced(t *testing.T) {
	w, dir := start(t, Options{Poll: true})
	if !w.Polling() {
		t.Fatal("not polling with Poll set")
	}
	name := filepath.Join(dir, "squares.go")
	// Same size, same second: only the content tells this save apart.
	write(t, name, "package q\n")
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("batch = %v, want [%s]", b, name)
	}
	added := filepath.Join(dir, "extra.go")
	write(t, added, "package p\n")
	if b := next(t, w); !slices.Equal(b, []string{added}) {
		t.Errorf("batch = %v, want [%s]", b, added)
	}
}

// Where file events never arrive (network shares, WSL-mounted folders), the
// watcher notices from polling, says so, and does not lose the save.
func TestFallsBackToPolling(t *testing.T) {
	w, dir := start(t, Options{dropEvents: true, Grace: 200 * time.Millisecond})
	if w.Polling() {
		t.Skip("file events are not available here")
	}
	name := filepath.Join(dir, "squares.go")
	write(t, name, "package p // first save\n")
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("batch = %v, want [%s]", b, name)
	}
	if !w.Polling() {
		t.Error("not polling after a save that came without an event")
	}
	select {
	case n := <-w.Notes:
		if !strings.Contains(n, "no file event") || !strings.Contains(n, "every 50ms") {
			t.Errorf("note = %q", n)
		}
	default:
		t.Error("switched to polling without a note")
	}
	write(t, name, "package p // second save\n")
	if b := next(t, w); !slices.Equal(b, []string{name}) {
		t.Errorf("after the switch: batch = %v, want [%s]", b, name)
	}
}

func TestGoSource(t *testing.T) {
	for name, want := range map[string]bool{
		"squares.go": true, "squares_test.go": true, ".squares.go.swp": false, "squares.go~": false,
		"#squares.go#": false, ".#squares.go": false, "squares.go.bak": false, "squares.go.bak2": false,
		"exercise.toml": false, "4913": false, "squares.go___jb_old___": false,
	} {
		if got := GoSource(name); got != want {
			t.Errorf("GoSource(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestStartFailsOnMissingFolder(t *testing.T) {
	_, err := Start(context.Background(), Options{Dirs: []string{filepath.Join(t.TempDir(), "nope")}})
	if err == nil {
		t.Error("Start on a missing folder succeeded")
	}
}
