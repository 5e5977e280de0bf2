// Package testinggoroutine defines an Analyzer that finds t.Fatal called from a
// goroutine the test started, re-wording vet's testinggoroutine check.
//
// # Analyzer testinggoroutine
//
// testinggoroutine: t.Fatal called from a goroutine the test started
//
// t.Fatal, t.FailNow and t.Skip stop the goroutine that calls them. Called from a
// goroutine the test started, they stop only that goroutine: the test goes on
// without the result it was waiting for, and may hang or pass by mistake. The
// check is vet's testinggoroutine; this analyzer reports code
// "fatal-in-goroutine".
//
//	// WRONG
//	go func() {
//		if err := work(); err != nil {
//			t.Fatal(err)
//		}
//	}()
//
//	// RIGHT
//	go func() {
//		if err := work(); err != nil {
//			t.Error(err)
//			return
//		}
//	}()
package testinggoroutine
