// Package lostcancel defines an Analyzer that finds a context's cancel function
// not called on every path, re-wording vet's lostcancel check for learners.
//
// # Analyzer lostcancel
//
// lostcancel: the cancel function of a context is not called
//
// context.WithCancel, WithTimeout and WithDeadline return a cancel function that
// must be called once the work is done, or the context (and its timer) stays
// alive until its parent ends. The check is vet's lostcancel; this analyzer
// reports code "lost-cancel" once, at the line that created the context, naming
// the return that skips the call.
//
//	// WRONG
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	if err := fetch(ctx); err != nil {
//		return err // cancel never called
//	}
//	cancel()
//
//	// RIGHT
//	ctx, cancel := context.WithTimeout(ctx, time.Second)
//	defer cancel()
//	return fetch(ctx)
package lostcancel
