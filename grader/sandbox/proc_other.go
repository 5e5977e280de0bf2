//go:build !linux

package sandbox

// TreeRSS cannot read memory use on this system.
func TreeRSS(pid int) (int64, bool) { return 0, false }

// MemoryWatched reports whether TreeRSS works on this machine.
func MemoryWatched() bool { return false }

// sweep has no process table to read on this system: the process group kill is
// all there is.
func sweep(marker string) {}

// children cannot be listed on this system.
func children(pid int) []int { return nil }
