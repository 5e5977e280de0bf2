//go:build !unix

package progress

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// lock takes a lock by creating the named file exclusively, waiting for it; a lock
// older than a minute is taken to be left by a crashed process.
func lock(name string) (func(), error) {
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Minute || time.Since(start) > 2*time.Minute {
			os.Remove(name)
		}
	}
}
