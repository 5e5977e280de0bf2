//go:build !linux

package gotest

// watchBuilt cannot watch a folder here: every test binary runs once the
// whole build is over.
func watchBuilt(dir string) (names <-chan string, stop func()) {
	return nil, func() {}
}
