package testoutput

import "github.com/gilgrade/gilgrade/grader/diag"

// Docs documents every code Explain reports, for `gilgrade explain CODE`.
func Docs() []diag.Doc {
	return []diag.Doc{
		{Code: CodeDataRace, Severity: diag.Error, Title: "two goroutines used the same variable at once", Body: `The race detector saw two goroutines touch the same variable at the same
time, at least one of them writing, with nothing ordering the two accesses.
The result depends on timing: counts come out short, appended elements vanish,
maps get corrupted. The message names the variable and both lines.

WRONG
	for range n {
		wg.Go(func() {
			counter++ // every goroutine reads and writes counter
		})
	}

RIGHT (a lock around the update)
	var mu sync.Mutex
	for range n {
		wg.Go(func() {
			mu.Lock()
			counter++
			mu.Unlock()
		})
	}

RIGHT (an atomic counter)
	var counter atomic.Int64
	for range n {
		wg.Go(func() { counter.Add(1) })
	}

For results, send each one on a channel and append in one goroutine. When the
race is between the goroutines and the function that started them, call
wg.Wait() before reading what they wrote.`},

		{Code: CodeDeadlock, Severity: diag.Error, Title: "every goroutine is blocked", Body: `Every goroutine waits for something only another goroutine could do, so
nothing can ever move again. The message names the goroutine that waits for
the most telling thing, and the details list where each one waits.

The usual causes:
  - a worker ranges over a channel that is never closed, so its loop never ends;
  - wg.Wait() waits for a Done that a goroutine never calls;
  - a send on an unbuffered channel with nobody receiving.

WRONG
	for range 3 {
		wg.Go(func() {
			for u := range jobs { // never ends: jobs is never closed
				results <- download(u)
			}
		})
	}
	for _, u := range urls {
		jobs <- u
	}
	wg.Wait()

RIGHT
	for _, u := range urls {
		jobs <- u
	}
	close(jobs) // the workers' range loops end
	wg.Wait()

Tests that run in a testing/synctest bubble see this at once ("all goroutines
in bubble are blocked"); "(durable)" means only another goroutine of the test
could have woken that goroutine.`},

		{Code: CodeTimeout, Severity: diag.Error, Title: "a test ran past its time limit", Body: `The test was still running when its time limit was reached, so it was
stopped and its goroutines listed. Goroutines waiting in sync.Mutex.Lock
usually mean a Lock with no Unlock on some path; others wait on channels
nobody uses any more, or loop forever.

WRONG
	s.mu.Lock()
	if s.items[name] == 0 {
		return false // returns with the mutex still locked
	}
	s.items[name]--
	s.mu.Unlock()

RIGHT
	s.mu.Lock()
	defer s.mu.Unlock() // unlocks on every return
	if s.items[name] == 0 {
		return false
	}
	s.items[name]--`},

		{Code: CodeNegativeWaitGroup, Severity: diag.Error, Title: "wg.Done was called more times than wg.Add", Body: `A WaitGroup counts goroutines still running: Add raises the count, Done
lowers it, and it must never go below zero. wg.Go(f) does both itself, so a
Done inside f is one too many.

WRONG
	wg.Go(func() {
		defer wg.Done()
		fetch(u)
	})

RIGHT
	wg.Go(func() {
		fetch(u)
	})

RIGHT (without wg.Go)
	wg.Add(1)
	go func() {
		defer wg.Done()
		fetch(u)
	}()`},

		{Code: CodeUnlockOfUnlocked, Severity: diag.Error, Title: "a mutex was unlocked while not locked", Body: `Unlock was called on a mutex that was not locked: the Lock is missing, or
Unlock runs twice. The program stops at once (it cannot be recovered).

WRONG
	func (a *Account) Deposit(n int) {
		a.balance += n
		a.mu.Unlock()
	}

RIGHT
	func (a *Account) Deposit(n int) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.balance += n
	}`},

		{Code: CodeSendOnClosed, Severity: diag.Error, Title: "a send on a closed channel", Body: `A goroutine sent on a channel after it was closed. Closing says "no more
values", so only the sender may close, and only after its last send.

WRONG
	go func() {
		close(ch)
		for i := 1; i <= n; i++ {
			ch <- i
		}
	}()

RIGHT
	go func() {
		defer close(ch)
		for i := 1; i <= n; i++ {
			ch <- i
		}
	}()

With several senders, close after all of them finished: wg.Wait(), then close(ch).`},

		{Code: CodeCloseOfClosed, Severity: diag.Error, Title: "a channel was closed twice", Body: `A channel can be closed only once. Let one goroutine own the channel and
close it; when several places might close it, wrap the close in a sync.Once.

WRONG
	wg.Wait()
	close(done)
	close(done)

RIGHT
	wg.Wait()
	close(done)`},

		{Code: CodeConcurrentMapWrites, Severity: diag.Error, Title: "goroutines used a map at the same time", Body: `Go maps are not safe for concurrent use: when the runtime catches two
goroutines writing (or one reading while another writes) it stops the program.

WRONG
	wg.Go(func() { m[k] = v })

RIGHT
	wg.Go(func() {
		mu.Lock()
		m[k] = v
		mu.Unlock()
	})

Or send the pairs on a channel and fill the map in one goroutine.`},

		{Code: CodeNilMapWrite, Severity: diag.Error, Title: "a write to a nil map", Body: `A map variable declared with var is nil until it is made: reading it gives
zero values, but writing panics.

WRONG
	var idx map[byte][]string
	idx[w[0]] = append(idx[w[0]], w)

RIGHT
	idx := make(map[byte][]string)
	idx[w[0]] = append(idx[w[0]], w)`},

		{Code: CodePanic, Severity: diag.Error, Title: "the code panicked", Body: `The program stopped with a panic at this line; the message gives the
panic's value, such as "index out of range [3] with length 3" or "invalid
memory address or nil pointer dereference". A panic in any goroutine stops
the whole program, so the other tests did not run.`},

		{Code: CodeSequential, Severity: diag.Error, Title: "the calls ran one after another", Body: `The result is right, but the work did not overlap: the test measured the
(fake) time the calls took, and it is the sum of all of them. Each call has to
run in its own goroutine, and the waiting happens once, after all have started.

WRONG
	for _, u := range urls {
		wg.Add(1)
		func() { // no go: runs right here, one call after the other
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()

RIGHT
	for _, u := range urls {
		wg.Go(func() { fetch(u) })
	}
	wg.Wait()`},

		{Code: CodeLockHeld, Severity: diag.Error, Title: "a lock held across slow work", Body: `A goroutine locked a mutex and kept it while it made a slow call (a network
request, a payment, a sleep). Every other goroutine that needs the mutex waits
for it, so the slow calls run one at a time: the goroutines buy nothing. Every
path may unlock correctly; the mistake is how long the lock is held. Inside a
synctest bubble the waiting goroutines are not durably blocked, so the test
runs until its time limit. Hold a lock only around the shared data.

WRONG
	mu.Lock()
	status := pay.Status(id) // slow: everyone else waits for mu
	report.add(status)
	mu.Unlock()

RIGHT
	status := pay.Status(id)
	mu.Lock()
	report.add(status)
	mu.Unlock()`},

		{Code: CodeStillRunning, Severity: diag.Error, Title: "a goroutine outlived the wait", Body: `The function returned while a goroutine it started was still working, so what
it returned was not finished. The line shown is what let the wait end early: a
wg.Done() called before the goroutine's work instead of deferred, or a cancel()
called at once instead of deferred, which ends the context before the work.

WRONG
	go func() {
		wg.Done() // Wait may return now
		results[i] = work()
	}()

RIGHT
	go func() {
		defer wg.Done() // runs when the goroutine ends
		results[i] = work()
	}()`},

		{Code: CodeTestFailed, Severity: diag.Error, Title: "a test's check failed", Body: `The code ran without crashing, but a test found a wrong result. The message
is the test's own: it usually says what the code returned ("got") and what
was expected ("want"). Work through that example by hand at the line shown.`},
	}
}
