//go:build !linux

package sandbox

// probeReaper: only Linux has child subreapers (and pidfds to tell gilgrade's own
// commands from adopted orphans).
func probeReaper() bool { return false }

func reapOrphans() {}

func adopted(sid int) []int { return nil }
