// Package loopclosure defines an Analyzer that reports a loop variable
// captured by a goroutine in code written for Go before 1.22.
//
// # Analyzer loopclosure
//
// loopclosure: a loop variable shared by the goroutines of a loop (before Go 1.22)
//
// Before Go 1.22 a for loop has one variable for all its turns: a goroutine
// (or a deferred function, or a parallel subtest) that uses it reads it
// later, when the loop has already changed it, so most goroutines see the
// last value. From Go 1.22 on each turn has its own variable; the go line of
// go.mod (or a //go:build line of the file) decides which rule applies.
//
//	// WRONG (go 1.21 in go.mod)
//	for _, u := range urls {
//		go func() {
//			fetch(u) // every goroutine may fetch the last url
//		}()
//	}
//
// Give each goroutine its own copy, or move the module to Go 1.22:
//
//	// RIGHT
//	for _, u := range urls {
//		go func(u string) {
//			fetch(u)
//		}(u)
//	}
package loopclosure
