package progress

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestUpdateAndLoad(t *testing.T) {
	root := t.TempDir()
	if err := Update(root, func(p *Progress) { p.Exercise("ex01").HintsSeen = 2 }); err != nil {
		t.Fatal(err)
	}
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Exercise("ex01").HintsSeen; got != 2 {
		t.Errorf("hints seen = %d, want 2", got)
	}
}

// Concurrent updates from many goroutines (standing in for processes: the lock is
// a file lock, so it serialises processes the same way) must all land.
func TestConcurrentUpdates(t *testing.T) {
	root := t.TempDir()
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if err := Update(root, func(p *Progress) { p.Exercise("ex01").HintsSeen++ }); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Exercise("ex01").HintsSeen; got != 20 {
		t.Errorf("after 20 concurrent increments hints seen = %d", got)
	}
}

func TestCorruptFileIsRebuilt(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".gilgrade"), 0o755)
	os.WriteFile(filepath.Join(root, File), []byte("{not json"), 0o644)
	if _, err := Load(root); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Load of a damaged file: err = %v, want ErrCorrupt", err)
	}
	err := Update(root, func(p *Progress) { p.Quiz("gil").Best = 7 })
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Update over a damaged file: err = %v, want ErrCorrupt reported", err)
	}
	p, err := Load(root)
	if err != nil || p.Quiz("gil").Best != 7 {
		t.Errorf("after the rebuild: %v, best = %v", err, p.Quiz("gil").Best)
	}
}
