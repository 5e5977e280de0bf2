// Package callnotpass defines an Analyzer that finds a function called where it
// should have been passed.
//
// # Analyzer callnotpass
//
// callnotpass: a function called where it should have been passed
//
// A goroutine, a WaitGroup.Go or a callback parameter needs a function value to
// run later. Writing a call there runs the function now, in the current
// goroutine, and hands over only its result; writing a function without its
// call after `go` or `defer` leaves nothing to start. The compiler rejects all of
// these with sentences that do not say why; this analyzer reports code
// "call-not-pass" with the reason and the fix, so it runs even when the package
// does not type-check.
//
//	// WRONG
//	wg.Go(download(u))  // download runs now; wg.Go gets its (missing) result
//	go func() { work() } // no call after the closing brace
//	run(fetch(u))        // run wants a func(), gets fetch's string
//
//	// RIGHT
//	wg.Go(func() { download(u) })
//	go func() { work() }()
//	run(func() { fetch(u) })
package callnotpass
