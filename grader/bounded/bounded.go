// Package bounded reads files gilgrade did not write (a learner's exercise file,
// an answers file, a submission's files) without trusting their size: only
// regular files, and never more than a limit, so a link to /dev/zero or a
// runaway file cannot exhaust memory.
package bounded

import (
	"errors"
	"fmt"
	"io"
	"os"
)

var (
	// ErrTooLarge means the file holds more than the limit.
	ErrTooLarge = errors.New("too large")
	// ErrNotRegular means the name is a folder, a device, a pipe or a socket.
	ErrNotRegular = errors.New("not a regular file")
)

// ReadFile reads the regular file name, of at most limit bytes. It reads no
// more than limit+1 bytes whatever the file's size, so a file that grows while
// it is read is still refused.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", name, ErrNotRegular)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", name, ErrTooLarge, limit)
	}
	return b, nil
}
