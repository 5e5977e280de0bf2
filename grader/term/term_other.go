//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package term

import (
	"errors"
	"os"
)

// Width returns 0: the terminal's width is not known on this system.
func Width(*os.File) int { return 0 }

// Cbreak fails on this system; keys are then read a line at a time.
func Cbreak(*os.File) (func() error, error) {
	return nil, errors.New("single-key input is not supported on this system")
}
