package cli

import "golang.org/x/sys/unix"

// hideEnviron keeps other processes of the same user, such as the learner's
// tests, from reading this process's initial environment in /proc/PID/environ,
// which still holds $GILGRADE_KEY after it is unset: a process that is not
// dumpable has its /proc files owned by root. Children are dumpable again after
// their exec, so nothing else changes.
func hideEnviron() {
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0) // best effort: nothing to do if refused
}

// environHidden reports whether hideEnviron took effect.
func environHidden() bool {
	v, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	return err == nil && v == 0
}
