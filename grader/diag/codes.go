package diag

// The codes of the diagnoses gilgrade's own stages make: the blank scanner and
// the integrity checks (check), the build, and the explainers of a test run
// (testoutput). Each is declared here once and documented below; the analyzers'
// codes are registered by the lint package from each analyzer's doc.go.
const (
	// Made before anything is built.
	Unfilled         Code = "unfilled"
	TooLarge         Code = "file-too-large"
	Modified         Code = "test-file-modified"
	EditOutsideBlank Code = "edit-outside-blank"
	ExtraFile        Code = "extra-file"

	// Made from the build and the test program's result.
	CompileError Code = "compile-error"
	NoTests      Code = "no-tests"
	NotRun       Code = "tests-not-run"
	// ProgramFailed: the test program exited with a failure that no test
	// explains. Only the go command's package result, which comes from the
	// program's exit status, can pass an exercise.
	ProgramFailed Code = "test-program-failed"
	// FakeResult: the run's output holds test results that did not come from
	// the testing package: a test reported twice, or a test the course lacks.
	FakeResult  Code = "fake-test-result"
	OutputLimit Code = "output-limit"
	// MemoryLimit: the exercise's test program was stopped for using more
	// memory than gilgrade allows one exercise.
	MemoryLimit Code = "memory-limit"
	GraderError Code = "grader-error"

	// Made from what a test run printed (testoutput).
	DataRace            Code = "data-race"
	Deadlock            Code = "deadlock"
	Timeout             Code = "timeout"
	NegativeWaitGroup   Code = "negative-waitgroup"
	UnlockOfUnlocked    Code = "unlock-of-unlocked"
	SendOnClosed        Code = "send-on-closed"
	CloseOfClosed       Code = "close-of-closed"
	ConcurrentMapWrites Code = "concurrent-map-writes"
	NilMapWrite         Code = "nil-map-write"
	Panic               Code = "panic"
	// Sequential is set by an exercise's test (t.Attr("gilgrade.code",
	// "sequential")) when the calls did not overlap.
	Sequential Code = "sequential"
	TestFailed Code = "test-failed"
	// LockHeld: goroutines wait to lock a mutex that another goroutine holds
	// while it does slow work, so the calls run one at a time.
	LockHeld Code = "lock-held-across-call"
	// StillRunning: the code under test returned while a goroutine it started
	// was still working, because something let the wait end early.
	StillRunning Code = "still-running"
)

func init() { Register(builtin...) }

// builtin documents the codes above, for `gilgrade explain CODE` and every
// report that explains a code.
var builtin = []Doc{
	{Code: string(Unfilled), Severity: Error, Title: "a blank is still ___",
		Body: `Every ___ in an exercise file marks a place where your code goes. gilgrade
looks for blanks before it compiles anything, because Go cannot build a file
that still has them. Replace each ___ with Go code; the comment at the top of the
file explains the idea, and ` + "`gilgrade hint EXERCISE`" + ` gives a nudge.`},
	{Code: string(CompileError), Severity: Error, Title: "the exercise does not compile",
		Body: `Go checks the whole package before any test runs, so one line that does not
compile stops everything. gilgrade shows the compiler's words at your line. Fix
the first error first: later ones are often caused by it.`},
	{Code: string(Modified), Severity: Error, Title: "a course file was changed",
		Body: `The tests and the exercises' go.mod belong to the course: they decide what
counts as a correct answer, so gilgrade grades only your blank fills. If one of
them differs from the copy gilgrade ships, the grade would mean nothing. Under
strict grading the shipped copy is graded instead and the exercise scores zero.
` + "`gilgrade reset EXERCISE`" + ` restores the course's files and keeps yours as backups
(name.bak).`},
	{Code: string(NoTests), Severity: Error, Title: "no test ran",
		Body: `The exercise built but none of its tests ran, so there is nothing to grade.
The course is incomplete or a test file was removed: ` + "`gilgrade reset EXERCISE`" + `
restores it.`},
	{Code: string(NotRun), Severity: Error, Title: "some tests never ran",
		Body: `The test program stopped before every test had reported, and nothing it
printed says why: code that calls os.Exit or log.Fatal, or that crashes in an
init function, ends the whole program, tests and all. An exercise passes only
when every one of its tests ran and passed.`},
	{Code: string(ProgramFailed), Severity: Error, Title: "the test program failed after its tests passed",
		Body: `Every test reported a pass, but the test program itself ended with a
failure. Its exit status is the one signal nothing printed can fake, so it
decides: the exercise fails. Usually something went wrong after the last test: a
goroutine your code left running raced or panicked. Run go test -race in the
exercise folder to see the whole output.`},
	{Code: string(FakeResult), Severity: Error, Title: "the output imitates test results",
		Body: `The run's output holds test results that the tests did not produce: the same
test reported twice, or a test the exercise does not have. Text your code prints
that looks like "--- PASS: TestX" counts for nothing: gilgrade grades by the
test program's exit status and the course's own list of tests. Remove the print.`},
	{Code: string(TooLarge), Severity: Error, Title: "the exercise file is too large",
		Body: `An exercise file with its blanks filled is a few kilobytes. gilgrade refuses a
file over 1 MiB before reading it, so a runaway edit or generated code cannot
make grading slow or exhaust memory. ` + "`gilgrade reset EXERCISE`" + ` restores the shipped file
and keeps yours as a backup.`},
	{Code: string(GraderError), Severity: Error, Title: "gilgrade could not grade this exercise",
		Body: `Something outside your code went wrong: a file could not be read, or go test
reported nothing about the package. The message says what; running go test in the
exercise folder shows the whole story.`},
	{Code: string(EditOutsideBlank), Severity: Error, Title: "the exercise file was changed outside its blanks",
		Body: `Under strict grading (` + "`--strict`" + `, the default in every CI format) only the ___
blanks of an exercise file are yours to fill: everything around them must stay as
shipped, or the tests would not be grading your answer. Whitespace, line breaks
and comments do not matter; code does, and so do directives such as a
` + "`//go:build ignore`" + ` line, which hides the file from the build. The report names
the first line that differs. Such an exercise scores zero.

  WRONG  func init() { os.Exit(0) }        // added below the exercise's code
  RIGHT  leave it out; write code only where a ___ was

` + "`gilgrade reset EXERCISE`" + ` restores the file and keeps yours as a backup (name.bak).`},
	{Code: string(ExtraFile), Severity: Error, Title: "a file that is not part of the exercise",
		Body: `Under strict grading an exercise is built only from the files the course ships
and your exercise file. Any other Go file in the exercise folder (another
_test.go with a TestMain, a file with an init function or a build tag) is left out
of the build and reported, and the exercise scores zero. Delete the file or move it
out of the exercise folder. Files whose names start with . or _ are ignored, as go
itself ignores them.`},
	{Code: string(OutputLimit), Severity: Error, Title: "the tests printed too much",
		Body: `gilgrade keeps a bounded amount of what tests print and stops a run that
prints without end. Look for a print inside a loop that never ends.`},
	{Code: string(MemoryLimit), Severity: Error, Title: "the tests used too much memory",
		Body: `Each exercise's test program runs on its own with a cap on its memory, so that
one exercise cannot starve the others. A program that passes the cap is stopped
and the exercise fails; the other exercises are graded as if it were absent.
Look for goroutines started in a loop that never ends, or for a slice or map
that grows without end.`},

	{Code: string(DataRace), Severity: Error, Title: "two goroutines used the same variable at once", Body: `The race detector saw two goroutines touch the same variable at the same
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

	{Code: string(Deadlock), Severity: Error, Title: "every goroutine is blocked", Body: `Every goroutine waits for something only another goroutine could do, so
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

	{Code: string(Timeout), Severity: Error, Title: "a test ran past its time limit", Body: `The test was still running when its time limit was reached, so it was
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

	{Code: string(NegativeWaitGroup), Severity: Error, Title: "wg.Done was called more times than wg.Add", Body: `A WaitGroup counts goroutines still running: Add raises the count, Done
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

	{Code: string(UnlockOfUnlocked), Severity: Error, Title: "a mutex was unlocked while not locked", Body: `Unlock was called on a mutex that was not locked: the Lock is missing, or
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

	{Code: string(SendOnClosed), Severity: Error, Title: "a send on a closed channel", Body: `A goroutine sent on a channel after it was closed. Closing says "no more
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

	{Code: string(CloseOfClosed), Severity: Error, Title: "a channel was closed twice", Body: `A channel can be closed only once. Let one goroutine own the channel and
close it; when several places might close it, wrap the close in a sync.Once.

WRONG
	wg.Wait()
	close(done)
	close(done)

RIGHT
	wg.Wait()
	close(done)`},

	{Code: string(ConcurrentMapWrites), Severity: Error, Title: "goroutines used a map at the same time", Body: `Go maps are not safe for concurrent use: when the runtime catches two
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

	{Code: string(NilMapWrite), Severity: Error, Title: "a write to a nil map", Body: `A map variable declared with var is nil until it is made: reading it gives
zero values, but writing panics.

WRONG
	var idx map[byte][]string
	idx[w[0]] = append(idx[w[0]], w)

RIGHT
	idx := make(map[byte][]string)
	idx[w[0]] = append(idx[w[0]], w)`},

	{Code: string(Panic), Severity: Error, Title: "the code panicked", Body: `The program stopped with a panic at this line; the message gives the
panic's value, such as "index out of range [3] with length 3" or "invalid
memory address or nil pointer dereference". A panic in any goroutine stops
the whole program, so the other tests did not run.`},

	{Code: string(Sequential), Severity: Error, Title: "the calls ran one after another",
		Hint: "start each call in its own goroutine (`go f()` or `wg.Go(func() { f() })`) and wait for all of them once at the end; calling them directly, or waiting inside the loop, runs them one after another",
		Body: `The result is right, but the work did not overlap: the test measured the
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

	{Code: string(LockHeld), Severity: Error, Title: "a lock held across slow work", Body: `A goroutine locked a mutex and kept it while it made a slow call (a network
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

	{Code: string(StillRunning), Severity: Error, Title: "a goroutine outlived the wait", Body: `The function returned while a goroutine it started was still working, so what
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

	{Code: string(TestFailed), Severity: Error, Title: "a test's check failed",
		Hint: "the code ran without crashing but gave a wrong result: compare what the test wanted with what your code returned",
		Body: `The code ran without crashing, but a test found a wrong result. The message
is the test's own: it usually says what the code returned ("got") and what
was expected ("want"). Work through that example by hand at the line shown.`},
}
