// Package caller locks a mutex of package reentry and calls a function
// there that locks it again: the fact crosses the package boundary.
package caller

import "reentry"

func registerAll(r *reentry.Registry, names []string) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	for _, n := range names {
		r.Register(n) // want "`r.Register\\(n\\)` locks `r.Mu` again while this function still holds it"
	}
}

func bumpLocked() {
	reentry.Global.Lock()
	reentry.Bump() // want "`reentry.Bump\\(\\)` locks `reentry.Global` again"
	reentry.Global.Unlock()
}

// Near misses: the lock is let go first, or it is another registry's.
func registerAfter(r, other *reentry.Registry) {
	r.Mu.Lock()
	other.Register("x")
	r.Mu.Unlock()
	r.Register("y")
	reentry.Bump()
}
