package lint

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/gilgrade/gilgrade/grader/analyzers/loopclosure"
	"github.com/gilgrade/gilgrade/grader/analyzers/readbeforewait"
	"github.com/gilgrade/gilgrade/grader/analyzers/unclosedjobs"
	"github.com/gilgrade/gilgrade/grader/analyzers/unsyncshared"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggo"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggodouble"
	"github.com/gilgrade/gilgrade/grader/diag"
)

// Docs documents every code the analyzers report, for `gilgrade explain`.
func Docs() []diag.Doc {
	return slices.Clone(docs)
}

// The analyzers' codes are registered with the rest, so explain, every report
// and the registry's tests know them wherever lint is linked in.
func init() { diag.Register(docs...) }

var docs = []diag.Doc{
	{
		Code:     "call-not-pass",
		Severity: diag.Error,
		Title:    "a function called where it should have been passed",
		Body: `wg.Go, go, defer and callback parameters need a function to run later.
Writing a call there runs the function now, in the current goroutine, and
hands over only its result; writing the function without () after go or defer
gives them nothing to run. The compiler rejects both, but its message does not
say why.

WRONG
	wg.Go(download(u))      // download runs now; wg.Go gets no function
	go func() { work() }    // defines the function, never calls it
	run(fetch(u))           // run wants a func(), gets a string

RIGHT
	wg.Go(func() { download(u) })
	go func() { work() }()
	run(func() { fetch(u) })
`,
	},
	{
		Code:     "wg-add-in-goroutine",
		Severity: diag.Error,
		Title:    "wg.Add called inside the new goroutine",
		Body: `Add must count a goroutine before it starts. Called inside the goroutine,
Add may run after Wait has already seen a zero counter and returned, so the
program goes on while the goroutine still works. This holds wherever the Add is
in the goroutine, and in a function started with go worker(&wg).

WRONG
	go func() {
		wg.Add(1)
		defer wg.Done()
		work()
	}()
	wg.Wait()

RIGHT
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	wg.Wait()

or, since Go 1.25, let the WaitGroup count for you:
	wg.Go(work)
`,
	},
	{
		Code:     "wg-by-value",
		Severity: diag.Error,
		Title:    "a sync.WaitGroup copied instead of shared",
		Body: `A WaitGroup works only as one value that every goroutine shares. Passing it
by value (or copying a struct that holds it) gives the goroutine its own copy:
its Done lowers the copy's counter, the original never reaches zero, and Wait
waits forever.

WRONG
	func worker(wg sync.WaitGroup) { defer wg.Done(); work() }
	go worker(wg)

RIGHT
	func worker(wg *sync.WaitGroup) { defer wg.Done(); work() }
	go worker(&wg)
`,
	},
	{
		Code:     "mutex-by-value",
		Severity: diag.Error,
		Title:    "a sync.Mutex copied instead of shared",
		Body: `A Mutex protects data only if every goroutine locks the same Mutex. A value
receiver, a parameter by value, a struct copy (an assignment, a range value, a
return of *p) makes a new Mutex: each call locks its own copy, so nothing is
protected and the data races. A sync.Once holds a Mutex and is the same
mistake: the copy keeps its own record of having run, so the function runs
again on it.

WRONG
	func (c Counter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }
	for _, c := range counters { c.Inc() }    // c is a copy
	snapshot := *c                            // copies c.mu

RIGHT
	func (c *Counter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }
	for i := range counters { counters[i].Inc() }
`,
	},
	{
		Code:     "missing-unlock",
		Severity: diag.Error,
		Title:    "a mutex locked and not unlocked on some path",
		Body: `Every Lock needs an Unlock on every way out of the function: an early
return, an error path, the end of the function, and in a loop every continue
and break. One path that forgets leaves the mutex locked, and the next Lock
waits forever (a deadlock, or a test that times out). defer mu.Unlock() right
after mu.Lock() covers every path; in a loop, move the locked part into a
function of its own so that its defer runs each turn.

Code that hands a lock on purpose to another function (a lock/unlock pair of
helpers, an unlock in a callback or in a returned func) is left alone.

WRONG
	mu.Lock()
	if err != nil {
		return err // mu stays locked
	}
	mu.Unlock()

	for _, x := range xs {
		mu.Lock()
		if x < 0 {
			continue // comes back to mu.Lock() with mu locked
		}
		total += x
		mu.Unlock()
	}

RIGHT
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		return err
	}
`,
	},
	{
		Code:     "double-lock",
		Severity: diag.Error,
		Title:    "a mutex locked again, through a call, while it is held",
		Body: `A sync.Mutex is not reentrant: Lock waits until the mutex is free, even
when the goroutine waiting is the one that holds it. A method that locks c.mu
and calls another method that also locks c.mu waits for itself forever. The
second Lock may be several calls away, or in another package.

WRONG
	func (c *Cache) GetOrSet(k string, v int) int {
		c.mu.Lock()
		defer c.mu.Unlock()
		if old := c.Get(k); old != 0 { // Get locks c.mu too
			return old
		}
		…
	}

RIGHT
	// getLocked expects c.mu held; Get and GetOrSet both use it.
	func (c *Cache) getLocked(k string) int { return c.m[k] }
	func (c *Cache) Get(k string) int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.getLocked(k)
	}
`,
	},
	{
		Code:     "defer-lock",
		Severity: diag.Error,
		Title:    "defer mu.Lock() instead of defer mu.Unlock()",
		Body: `defer runs its call when the function returns. defer mu.Lock() locks the
mutex again at that moment instead of unlocking it, so the mutex stays locked
and the next Lock waits forever.

WRONG
	mu.Lock()
	defer mu.Lock()

RIGHT
	mu.Lock()
	defer mu.Unlock()
`,
	},
	{
		Code:     "empty-critical-section",
		Severity: diag.Error,
		Title:    "a lock that protects nothing",
		Body: `Code is protected only while it runs between Lock and Unlock. Unlocking
right after locking protects nothing; the shared data is then read or written
with no lock held.

WRONG
	mu.Lock()
	mu.Unlock()
	count++

RIGHT
	mu.Lock()
	count++
	mu.Unlock()
`,
	},
	{
		Code:     "lost-cancel",
		Severity: diag.Error,
		Title:    "a context's cancel function is not called",
		Body: `context.WithCancel, WithTimeout and WithDeadline return a cancel function.
Until it is called, the context (and its timer) stays alive, until its parent
ends. Call it on every path, most simply with defer.

WRONG
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if err := fetch(ctx); err != nil {
		return err // cancel is never called
	}
	cancel()

RIGHT
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return fetch(ctx)
`,
	},
	{
		Code:     "fatal-in-goroutine",
		Severity: diag.Error,
		Title:    "t.Fatal called from a goroutine the test started",
		Body: `t.Fatal, t.FailNow and t.Skip stop the goroutine that calls them. From a
goroutine the test started, they stop only that goroutine: the test itself goes
on without the result it waits for, and may hang or pass by mistake.

WRONG
	go func() {
		if err := work(); err != nil {
			t.Fatal(err)
		}
	}()

RIGHT
	go func() {
		if err := work(); err != nil {
			t.Error(err)
			return
		}
	}()
`,
	},

	// The analyzers below document themselves in their Doc.
	analyzerDoc("read-before-wait", diag.Error, readbeforewait.Analyzer),
	analyzerDoc("unclosed-jobs", diag.Error, unclosedjobs.Analyzer),
	analyzerDoc("unsync-shared", diag.Error, unsyncshared.Analyzer),
	analyzerDoc("wg-go-double", diag.Error, wggodouble.Analyzer),
	analyzerDoc("use-wg-go", diag.Warning, wggo.Analyzer),
	analyzerDoc("loop-var-capture", diag.Error, loopclosure.Analyzer),
	// waitinloop reports "sequential", which the test run's diagnoses
	// document (a Wait in the loop is one of its causes).
}

// analyzerDoc makes a Doc from an analyzer's own documentation: its first line is
// the title, the rest the body.
func analyzerDoc(code string, sev diag.Severity, a *analysis.Analyzer) diag.Doc {
	title, body, _ := strings.Cut(a.Doc, "\n")
	return diag.Doc{Code: code, Severity: sev, Title: title, Body: strings.TrimSpace(body)}
}
