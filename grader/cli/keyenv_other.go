//go:build !linux

package cli

// hideEnviron has nothing to do where other processes cannot read this one's
// environment through /proc.
func hideEnviron() {}

func environHidden() bool { return true }
