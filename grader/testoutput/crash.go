package testoutput

import (
	"cmp"

	"fmt"
	"github.com/gilgrade/gilgrade/grader/diag"
	"slices"
	"strings"
	"time"
)

// crash reads a "panic: …" or "fatal error: …" report starting at lines[start]
// and the goroutine dump after it, and returns the index of its last line.
func (e *explainer) crash(lines []string, start int, test string, timeout time.Duration) int {
	head := lines[start]
	value, _ := strings.CutPrefix(head, "panic: ")
	value, _ = strings.CutPrefix(value, "fatal error: ")
	value = strings.TrimSuffix(value, " [recovered, repanicked]")
	value = strings.TrimSuffix(value, " [recovered]")
	value = strings.TrimSpace(value)

	// Timeouts name the running tests under the panic line.
	var running []string
	for i := start + 1; i < len(lines) && i < start+maxPreamble; i++ {
		l := lines[i]
		if strings.HasPrefix(l, "\t\t") {
			name, _, _ := strings.Cut(strings.TrimSpace(l), " ")
			running = append(running, name)
		} else if strings.TrimSpace(l) == "running tests:" {
			continue
		} else {
			break
		}
	}
	gs, n := parseDump(lines[start+1:], maxGoroutines)
	end := start + n
	if len(gs) == 0 {
		end = start
	}
	raw := strings.Join(lines[start:min(end+1, len(lines))], "\n")

	switch {
	case strings.HasPrefix(value, "test timed out after "):
		limit := strings.TrimPrefix(value, "test timed out after ")
		if limit == "" && timeout > 0 {
			limit = timeout.String()
		}
		if len(running) > 0 {
			test = running[0]
		}
		e.blocked(diag.Timeout, value, limit, test, gs, raw)
	case strings.Contains(value, "all goroutines are asleep"),
		strings.HasPrefix(value, "deadlock: "),
		strings.Contains(value, "bubble") && strings.Contains(value, "blocked"):
		e.blocked(diag.Deadlock, value, "", test, gs, raw)
	default:
		var fs []frame
		if len(gs) > 0 {
			fs = gs[0].Frames
		}
		e.panic(value, fs, test, raw)
	}
	if len(gs) == 0 {
		// No dump followed: let the caller read the next lines itself.
		return start
	}
	return end
}

// panicCode maps a panic or fatal error value to its code.
func panicCode(value string) diag.Code {
	switch {
	case strings.Contains(value, "negative WaitGroup counter"),
		// The same extra Done seen from the other side: the counter reached zero
		// too early, Wait woke, and the extra Done moved it again before Wait
		// returned. Which of the two panics prints first depends on timing.
		strings.Contains(value, "WaitGroup is reused before previous Wait has returned"):
		return diag.NegativeWaitGroup
	case strings.Contains(value, "nlock of unlocked"): // "unlock of unlocked mutex", "RUnlock of unlocked RWMutex"
		return diag.UnlockOfUnlocked
	case strings.Contains(value, "send on closed channel"):
		return diag.SendOnClosed
	case strings.Contains(value, "close of closed channel"):
		return diag.CloseOfClosed
	case strings.HasPrefix(value, "concurrent map "):
		return diag.ConcurrentMapWrites
	case strings.Contains(value, "assignment to entry in nil map"):
		return diag.NilMapWrite
	}
	return diag.Panic
}

// panic reports a panic or fatal error at the first learner frame of the
// goroutine that failed.
func (e *explainer) panic(value string, fs []frame, test, raw string) {
	code := panicCode(value)
	f, ok := e.pick(fs)
	if !ok && code == diag.NegativeWaitGroup {
		// wg.Go's own Done is the one that panics; its stack names no learner
		// line, so point at the learner's extra Done.
		f, ok = e.find(".Done()")
	}
	deferred := false
	if ok {
		f, deferred = e.deferredAt(code, f)
	}
	d := e.at(code, f, ok)
	d.Verbose = raw
	src := d.Source
	quoted := ""
	if src != "" {
		quoted = "`" + src + "` "
	}
	switch code {
	case diag.NegativeWaitGroup:
		d.Message = "the WaitGroup counter went below zero: `Done` was called more times than `Add`"
		d.Hint = "call `wg.Add(1)` once before each `go` and `wg.Done()` once when each goroutine ends, or use `wg.Go(f)`, which does both"
		if ok && e.fileContains(f.File, ".Go(") {
			d.Message = "the WaitGroup counter went below zero: `wg.Go` already calls `Done` when the function returns, so this `Done` is one too many"
			d.Hint = "with `wg.Go(f)` do not call `wg.Add` or `wg.Done` yourself: remove them"
		}
	case diag.UnlockOfUnlocked:
		mu := mutexOf(src)
		d.Message = quoted + "unlocks a mutex that is not locked"
		if src == "" {
			d.Message = "a mutex was unlocked while it was not locked"
		}
		d.Hint = fmt.Sprintf("unlock only a mutex you locked, once: `%s.Lock()` first, then `defer %s.Unlock()` right after it", mu, mu)
		if deferred {
			d.Message = quoted + "runs when the function returns, and by then the mutex is no longer locked: another Unlock ran first"
			d.Hint = fmt.Sprintf("unlock once: keep `defer %s.Unlock()` and remove the other `%s.Unlock()`", mu, mu)
		}
	case diag.SendOnClosed:
		d.Message = quoted + "sends on a channel that is already closed"
		if src == "" {
			d.Message = "a goroutine sent on a channel that was already closed"
		}
		d.Hint = "close a channel only after its last send: in the goroutine that sends, after the sending loop, or after `wg.Wait()` when several goroutines send"
	case diag.CloseOfClosed:
		d.Message = quoted + "closes a channel that is already closed"
		if src == "" {
			d.Message = "a channel was closed twice"
		}
		d.Hint = "close each channel exactly once, in the one goroutine that owns it; if several places may close it, use `sync.Once`"
		if deferred {
			d.Message = quoted + "runs when the function returns, and by then the channel is already closed"
		}
	case diag.ConcurrentMapWrites:
		name, _ := raceTarget(src)
		m := "a map"
		if name != "" {
			m = "the map `" + name + "`"
		}
		d.Message = fmt.Sprintf("goroutines used %s at the same time (%s), so the runtime stopped the program", m, value)
		d.Hint = raceHint(name, shapeMap, false)
	case diag.NilMapWrite:
		name, _ := raceTarget(src)
		if name == "" {
			d.Message = "the code writes to a nil map: it was declared but never made"
			d.Hint = "create the map with `make` before writing to it"
			break
		}
		d.Message = fmt.Sprintf("%swrites to the nil map `%s`: it was declared but never made", quoted, name)
		typ := "map[K]V"
		if t := e.mapType(f.File, name); t != "" {
			typ = t
		}
		d.Hint = fmt.Sprintf("create the map before writing to it: `%s := make(%s)` instead of `var %s %s`", name, typ, name, typ)
	default:
		d.Message = "the code panicked: " + value
		d.Hint = panicHint(value)
	}
	key := fmt.Sprintf("%s:%s:%d:%s", code, d.File, d.Line, value)
	e.add(key, d, test)
}

func panicHint(value string) string {
	switch {
	case strings.Contains(value, "out of range"):
		return "an index or slice bound is outside the slice here: check the length before indexing (`i < len(s)`), and remember an empty slice has no elements"
	case strings.Contains(value, "nil pointer dereference"):
		return "something used here is nil (a pointer, a map in a struct, an interface): make sure it is set before it is used"
	case strings.Contains(value, "close of nil channel"):
		return "make the channel with `make(chan T)` before closing it"
	case strings.Contains(value, "integer divide by zero"):
		return "check the divisor is not zero before dividing"
	}
	return "read the panic value and the line it points to; if you call panic yourself, return an error instead"
}

// mutexOf returns the mutex expression of "a.mu.Unlock()", or "mu".
func mutexOf(src string) string {
	for _, m := range []string{".Unlock()", ".RUnlock()", ".Lock()", ".RLock()"} {
		if i := strings.Index(src, m); i > 0 {
			s := src[:i]
			s = strings.TrimPrefix(strings.TrimSpace(s), "defer ")
			if p := plainName(s); p != "" {
				return p
			}
		}
	}
	return "mu"
}

// find returns the first learner line containing s.
func (e *explainer) find(s string) (frame, bool) {
	for _, f := range e.learnerFiles() {
		for i, l := range e.lines(f) {
			if strings.Contains(l, s) {
				return frame{File: f, Line: i + 1}, true
			}
		}
	}
	return frame{}, false
}

// learnerFiles returns the learner's files in a stable order.
func (e *explainer) learnerFiles() []string {
	files := make([]string, 0, len(e.learner))
	for f := range e.learner {
		files = append(files, f)
	}
	slices.Sort(files)
	return files
}

func (e *explainer) fileContains(file, s string) bool {
	for _, l := range e.lines(file) {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// mapType finds the type in "var name map[K]V" in file.
func (e *explainer) mapType(file, name string) string {
	for _, l := range e.lines(file) {
		if _, rest, ok := strings.Cut(l, "var "+name+" map["); ok {
			t := "map[" + strings.TrimSpace(rest)
			if i := strings.Index(t, "//"); i >= 0 {
				t = strings.TrimSpace(t[:i])
			}
			if len(t) < 60 && !strings.ContainsAny(t, "=;") {
				return t
			}
		}
	}
	return ""
}

// A waitGroup of goroutines blocked at the same learner line on the same thing.
type waitGroup struct {
	at      frame
	status  string
	durable bool
	n       int
	src     string
}

// blocked reports a deadlock or timeout from a goroutine dump: which learner
// lines wait, and on what.
func (e *explainer) blocked(code diag.Code, value, limit, test string, gs []goroutine, raw string) {
	if e.lockHeld(test, gs, raw) {
		return
	}
	if strings.Contains(value, "main bubble goroutine has exited") && e.stillRunning(test, gs, raw) {
		return
	}
	var groups []*waitGroup
	index := make(map[string]*waitGroup)
	collect := func(pick func([]frame) (frame, bool)) {
		for _, g := range gs {
			f, ok := pick(g.Frames)
			if !ok {
				continue
			}
			k := fmt.Sprintf("%s:%d|%s|%v", f.File, f.Line, g.Status, g.Durable)
			if w, ok := index[k]; ok {
				w.n++
				continue
			}
			w := &waitGroup{at: f, status: g.Status, durable: g.Durable, n: 1, src: e.source(f.File, f.Line)}
			index[k] = w
			groups = append(groups, w)
		}
	}
	collect(e.pickLearner)
	if len(groups) == 0 {
		collect(e.pick)
	}
	slices.SortStableFunc(groups, func(a, b *waitGroup) int {
		return cmp.Compare(waitRank(a), waitRank(b))
	})

	var d = e.at(code, frame{}, false)
	if len(groups) > 0 {
		d = e.at(code, groups[0].at, true)
	}
	d.Verbose = raw
	what := ""
	if len(groups) > 0 {
		what = blockedPhrase(groups[0])
	}
	switch {
	case code == diag.Timeout:
		who := "the tests"
		if test != "" {
			who = test
		}
		d.Message = fmt.Sprintf("%s did not finish within %s", who, limit)
		if what != "" {
			d.Message += ": " + what
		}
	case strings.Contains(value, "main bubble goroutine has exited"):
		d.Message = "the test function returned while goroutines it started are still blocked"
		if what != "" {
			d.Message += ": " + what
		}
	default:
		d.Message = "every goroutine is blocked, so none can go on"
		if what != "" {
			d.Message = "every goroutine is blocked: " + what
		}
	}
	if len(groups) > 0 {
		d.Hint = blockedHint(groups[0])
	} else if code == diag.Timeout {
		d.Hint = "look for a goroutine that waits forever (a channel nobody sends on or closes, a lock nobody unlocks, a Wait whose Done never comes) or a loop that never ends"
	} else {
		d.Hint = "look for a goroutine that waits forever: a channel nobody sends on or closes, a lock nobody unlocks, a Wait whose Done never comes"
	}
	for _, w := range groups {
		d.Details = append(d.Details, e.groupDetail(w))
	}
	if !e.waitBeforeClose(&d, groups) {
		for _, w := range groups {
			if e.blameDefer(&d, w) {
				break
			}
		}
	}
	e.add(string(code)+":"+test+":"+value+":"+d.File+fmt.Sprint(d.Line), d, test)
}

// waitBeforeClose moves a block's explanation to a Wait that comes before the
// close the waited-for goroutines need: goroutines range over ch, a goroutine
// waits in `x.Wait()` for them, and `close(ch)` is written after that Wait in
// the same function, so it is never reached. The range line is where the
// workers wait; the order of the Wait and the close is the learner's mistake.
func (e *explainer) waitBeforeClose(d *diag.Diagnostic, groups []*waitGroup) bool {
	for _, r := range groups {
		ch := rangeOver(codeOf(r.src))
		if r.status != "chan receive" || ch == "" {
			continue
		}
		for _, w := range groups {
			wait := codeOf(w.src)
			if w.status != "sync.WaitGroup.Wait" || !strings.HasSuffix(wait, ".Wait()") {
				continue
			}
			lines := e.lines(w.at.File)
			for n := w.at.Line + 1; n <= len(lines) && lines[n-1] != "}"; n++ {
				if codeOf(lines[n-1]) != "close("+ch+")" {
					continue
				}
				d.File, d.Line, d.Source = e.rel(w.at.File), w.at.Line, wait
				d.Message = fmt.Sprintf("`%s` waits for the goroutines that range over `%s` (line %d), but their loops end only when `%s` is closed, and `close(%s)` comes after this Wait, on line %d: each waits for the other",
					wait, ch, r.at.Line, ch, ch, n)
				d.Hint = fmt.Sprintf("close `%s` first, right after the last send, and call `%s` after the close", ch, wait)
				return true
			}
		}
	}
	return false
}

// blameDefer moves a block's explanation to the defer statement that caused
// it, when one plainly did: a `defer close(ch)` in the function whose loop
// ranges over ch (the close waits for the loop, the loop for the close), or a
// `defer mu.Unlock()` right after a Lock inside a loop (it runs when the
// function returns, not when the iteration ends).
func (e *explainer) blameDefer(d *diag.Diagnostic, w *waitGroup) bool {
	file := w.at.File
	switch w.status {
	case "chan receive":
		ch := rangeOver(codeOf(w.src))
		if ch == "" {
			return false
		}
		for n := 1; n <= len(e.lines(file)); n++ {
			if codeOf(e.source(file, n)) != "defer close("+ch+")" {
				continue
			}
			src := codeOf(e.source(file, n))
			d.File, d.Line, d.Source = e.rel(file), n, src
			d.Message = fmt.Sprintf("`%s` runs only when its function returns, but the `range` over `%s` at line %d ends only once `%s` is closed: each waits for the other", src, ch, w.at.Line, ch)
			d.Hint = fmt.Sprintf("close `%s` as soon as the last value has been sent (right after the sending loop, or after `wg.Wait()` in a goroutine of its own), not in a defer", ch)
			return true
		}
	case "sync.WaitGroup.Wait":
		// A deferred function literal where go was meant: it would call Done,
		// but only after the function returns, which waits for it first.
		for n := w.at.Line - 1; n > 0; n-- {
			src := codeOf(e.source(file, n))
			if strings.HasPrefix(src, "func ") {
				break
			}
			if strings.HasPrefix(src, "defer func(") && e.doneWithin(file, n, 4) {
				d.File, d.Line, d.Source = e.rel(file), n, src
				d.Message = fmt.Sprintf("`%s` runs its function only when the enclosing function returns, but `%s` at line %d waits for that function's Done first: each waits for the other", src, codeOf(w.src), w.at.Line)
				d.Hint = "start the function in a goroutine with `go func() { … }()`: defer delays a call until return, it does not run it concurrently"
				return true
			}
		}
	case "sync.Mutex.Lock", "sync.RWMutex.Lock":
		mu := mutexOf(w.src)
		inLoop := false
		for n := w.at.Line - 1; n > 0 && n >= w.at.Line-6; n-- {
			if strings.HasPrefix(codeOf(e.source(file, n)), "for ") {
				inLoop = true
				break
			}
		}
		if !inLoop {
			return false
		}
		for n := w.at.Line + 1; n <= w.at.Line+3; n++ {
			src := codeOf(e.source(file, n))
			if src != "defer "+mu+".Unlock()" {
				continue
			}
			d.File, d.Line, d.Source = e.rel(file), n, src
			d.Message = fmt.Sprintf("`%s` inside a loop runs only when the function returns, not at the end of each iteration, so the next `%s.Lock()` waits forever", src, mu)
			d.Hint = fmt.Sprintf("in a loop, unlock explicitly at the end of the iteration (`%s.Unlock()`), or move the locked part into a function of its own with `defer %s.Unlock()`", mu, mu)
			return true
		}
	}
	return false
}

func (e *explainer) groupDetail(w *waitGroup) string {
	who := "a goroutine"
	if w.n > 1 {
		who = fmt.Sprintf("%d goroutines", w.n)
	}
	words := waitWords(w.status, w.n)
	if w.durable {
		words += " (durable)"
	}
	s := fmt.Sprintf("%s %s at %s", who, words, e.pos(w.at))
	if w.src != "" {
		s += ": " + w.src
	}
	return s
}

// waitWords says in words what a goroutine with this wait reason does, with
// the verb agreeing with n.
func waitWords(status string, n int) string {
	one, many := "is blocked ("+status+")", "are blocked ("+status+")"
	switch status {
	case "chan receive":
		one, many = "waits to receive from a channel", "wait to receive from a channel"
	case "chan receive (nil chan)":
		one, many = "waits to receive from a nil channel", "wait to receive from a nil channel"
	case "chan send":
		one, many = "waits to send on a channel", "wait to send on a channel"
	case "chan send (nil chan)":
		one, many = "waits to send on a nil channel", "wait to send on a nil channel"
	case "select":
		one, many = "waits in a select where no case is ready", "wait in a select where no case is ready"
	case "select (no cases)":
		one, many = "waits forever in an empty select", "wait forever in an empty select"
	case "sync.WaitGroup.Wait":
		one, many = "waits in WaitGroup.Wait for Done calls", "wait in WaitGroup.Wait for Done calls"
	case "sync.Mutex.Lock":
		one, many = "waits to lock a mutex that is held", "wait to lock a mutex that is held"
	case "sync.RWMutex.Lock":
		one, many = "waits to lock a RWMutex that is held", "wait to lock a RWMutex that is held"
	case "sync.RWMutex.RLock":
		one, many = "waits to read-lock a RWMutex that is held", "wait to read-lock a RWMutex that is held"
	case "sync.Cond.Wait":
		one, many = "waits on a sync.Cond", "wait on a sync.Cond"
	case "sleep":
		one, many = "sleeps", "sleep"
	case "running", "runnable":
		one, many = "is still running", "are still running"
	}
	if n > 1 {
		return many
	}
	return one
}

// isRange reports whether a source line is a range loop over a channel-like value.
func rangeOver(src string) string {
	_, rest, ok := strings.Cut(src, "range ")
	if !ok || !strings.HasPrefix(src, "for ") {
		return ""
	}
	return plainName(strings.TrimSuffix(strings.TrimSpace(rest), "{"))
}

func waitRank(w *waitGroup) int {
	switch w.status {
	case "chan receive":
		if rangeOver(w.src) != "" {
			return 0
		}
		return 2
	case "chan send", "chan send (nil chan)":
		return 1
	case "chan receive (nil chan)":
		return 2
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return 3
	case "select", "select (no cases)":
		return 4
	case "running", "runnable":
		return 5
	case "sync.WaitGroup.Wait":
		return 6
	case "sync.Cond.Wait":
		return 7
	}
	return 8
}

// blockedPhrase says what the most telling group of blocked goroutines waits for.
func blockedPhrase(w *waitGroup) string {
	code := ""
	if w.src != "" {
		code = "`" + w.src + "` "
	}
	switch w.status {
	case "chan receive":
		if ch := rangeOver(w.src); ch != "" {
			return fmt.Sprintf("%swaits for more values, but nothing sends on `%s` any more and it is never closed", code, ch)
		}
		return code + "waits for a value that no goroutine sends"
	case "chan send":
		return code + "sends on a channel that no goroutine receives from"
	case "chan receive (nil chan)", "chan send (nil chan)":
		return code + "uses a nil channel, which blocks forever"
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return code + "waits for a lock that is never unlocked"
	case "select":
		return code + "waits in a select where no case can ever proceed"
	case "select (no cases)":
		return code + "blocks forever"
	case "sync.WaitGroup.Wait":
		return code + "waits for goroutines that never call Done"
	case "sync.Cond.Wait":
		return code + "waits for a Signal that never comes"
	case "running", "runnable":
		return code + "is still running: a loop that never ends?"
	case "sleep":
		return code + "is still working (in a slow call)"
	}
	if code == "" {
		return "a goroutine is blocked (" + w.status + ")"
	}
	return code + "is blocked (" + w.status + ")"
}

func blockedHint(w *waitGroup) string {
	switch w.status {
	case "chan receive":
		if ch := rangeOver(w.src); ch != "" {
			return fmt.Sprintf("a `range` over a channel ends only when the channel is closed: call `close(%s)` once the last value has been sent", ch)
		}
		return "make sure some goroutine sends the value, or closes the channel when no more values will come"
	case "chan send":
		return "a send on an unbuffered channel waits until another goroutine receives: start the receiver (in its own goroutine) before sending, or give the channel a buffer"
	case "chan receive (nil chan)", "chan send (nil chan)":
		return "create the channel with `make` before using it"
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		mu := mutexOf(w.src)
		return fmt.Sprintf("some path after `%s.Lock()` returns without `%s.Unlock()`: put `defer %s.Unlock()` right after the Lock so every return unlocks", mu, mu, mu)
	case "select", "select (no cases)":
		return "make sure one case can proceed: a goroutine on the other side of a channel, a closed channel, or a `ctx.Done()` or timeout case"
	case "sync.WaitGroup.Wait":
		return "call `Done` once for each `Add` (`defer wg.Done()` first thing in the goroutine, or use `wg.Go`), and make sure each goroutine can finish"
	case "sync.Cond.Wait":
		return "call Signal or Broadcast after changing the condition the waiters check"
	case "running", "runnable":
		return "check the loop at this line: its condition must become false, or it must stop when asked (a closed channel, ctx.Done())"
	case "sleep":
		return "wait for every goroutine you start before returning: `wg.Wait()` after starting them all, with `defer wg.Done()` (or `wg.Go`) in each"
	}
	return "look for a goroutine that waits forever: a channel nobody sends on or closes, a lock nobody unlocks, a Wait whose Done never comes"
}

// lockHeld recognises a mutex held across slow work: goroutines wait to lock it
// at a learner's Lock while another goroutine that went past the same Lock is
// busy further down the same function (sleeping in a slow call, waiting on a
// channel). Every path may well unlock; the waiters are not durably blocked, so
// a synctest bubble cannot tell and the test times out. It reports the Lock.
func (e *explainer) lockHeld(test string, gs []goroutine, raw string) bool {
	type site struct {
		at frame
		n  int
	}
	var locks []site
	for _, g := range gs {
		if g.Status != "sync.Mutex.Lock" && g.Status != "sync.RWMutex.Lock" && g.Status != "sync.RWMutex.RLock" {
			continue
		}
		f, ok := e.pickLearner(g.Frames)
		if !ok || !strings.Contains(e.source(f.File, f.Line), "Lock()") {
			continue
		}
		if k := slices.IndexFunc(locks, func(s site) bool { return s.at.File == f.File && s.at.Line == f.Line }); k >= 0 {
			locks[k].n++
		} else {
			locks = append(locks, site{f, 1})
		}
	}
	for _, l := range locks {
		for _, g := range gs {
			if strings.Contains(g.Status, "Lock") {
				continue
			}
			h, ok := e.pickLearner(g.Frames)
			if !ok || h.File != l.at.File || h.Func != l.at.Func || h.Line <= l.at.Line {
				continue
			}
			d := e.at(diag.LockHeld, l.at, true)
			d.Verbose = raw
			d.Source = codeOf(d.Source)
			mu := mutexOf(d.Source)
			work := codeOf(e.source(h.File, h.Line))
			d.Message = fmt.Sprintf("`%s` is held while `%s` runs, so the other goroutines wait for the lock and the slow calls run one at a time", d.Source, work)
			if work == "" {
				d.Message = fmt.Sprintf("`%s` is held across slow work, so the other goroutines wait for the lock and the slow calls run one at a time", d.Source)
			}
			d.Hint = fmt.Sprintf("hold `%s` only around the shared data: unlock before the slow call and lock again after it, so the calls overlap", mu)
			who := "a goroutine waits"
			if l.n > 1 {
				who = fmt.Sprintf("%d goroutines wait", l.n)
			}
			d.Details = append(d.Details,
				fmt.Sprintf("%s for the lock at %s", who, e.pos(l.at)),
				e.detail("while the goroutine holding it works", h))
			e.add(string(diag.LockHeld)+":"+e.pos(l.at), d, test)
			return true
		}
	}
	return false
}

// codeOf drops a line comment from a line of source.
func codeOf(src string) string {
	if i := strings.Index(src, "//"); i >= 0 {
		src = src[:i]
	}
	return strings.TrimSpace(src)
}

// stillRunning explains goroutines that were still working when the test's
// function returned, by the learner's line that let the wait end early: a
// `Done` called before the work in the goroutine, or a `cancel()` called at once
// instead of deferred in the function that started it.
func (e *explainer) stillRunning(test string, gs []goroutine, raw string) bool {
	for _, g := range gs {
		var created frame
		found := false
		for _, f := range g.Frames {
			if f.Created && e.kind(f.File) == kindLearner {
				created, found = f, true
			}
		}
		if !found {
			continue
		}
		// A Done before the goroutine's current line, inside its body.
		for _, f := range g.Frames {
			if f.Created || f.File != created.File || f.Line <= created.Line {
				continue
			}
			for n := created.Line + 1; n < f.Line; n++ {
				src := codeOf(e.source(f.File, n))
				if strings.HasSuffix(src, ".Done()") && !strings.HasPrefix(src, "defer ") {
					d := e.at(diag.StillRunning, frame{File: f.File, Line: n}, true)
					d.Source = src
					d.Message = fmt.Sprintf("`%s` runs before the goroutine's work is over, so `Wait` returns while the goroutine is still working", src)
					d.Hint = fmt.Sprintf("write `defer %s` as the goroutine's first line, so it runs when the goroutine ends, or use `wg.Go`", src)
					d.Details = append(d.Details, e.detail("the goroutine was still running", f))
					d.Verbose = raw
					e.add(fmt.Sprintf("%s:%s:%d", diag.StillRunning, d.File, d.Line), d, test)
					return true
				}
			}
		}
		// A cancel called at once in the function that started the goroutine.
		for n := created.Line - 1; n > 0; n-- {
			src := codeOf(e.source(created.File, n))
			if strings.HasPrefix(src, "func ") {
				break
			}
			if src == "cancel()" {
				d := e.at(diag.StillRunning, frame{File: created.File, Line: n}, true)
				d.Source = src
				d.Message = "`cancel()` runs at once, so the context is done before the work starts and the function returns while its goroutine still works"
				d.Hint = "write `defer cancel()`: the context is released when the function returns, not before"
				d.Details = append(d.Details, e.detail("the goroutine still running was started", created))
				d.Verbose = raw
				e.add(fmt.Sprintf("%s:%s:%d", diag.StillRunning, d.File, d.Line), d, test)
				return true
			}
		}
		// A goroutine no Add counted: its function waits, but nothing in it
		// adds to the counter, so Wait returns at once.
		if wg, ok := e.uncounted(created); ok {
			src := codeOf(e.source(created.File, created.Line))
			d := e.at(diag.StillRunning, created, true)
			d.Source = src
			d.Message = fmt.Sprintf("this goroutine is never counted: nothing calls `%s.Add(1)` before it starts, so `%s.Wait()` returns at once and the function returns while the goroutine still works", wg, wg)
			d.Hint = fmt.Sprintf("call `%s.Add(1)` just before `go`, or start the goroutine with `%s.Go(func() { … })`", wg, wg)
			d.Details = append(d.Details, e.detail("the goroutine still running was started", created))
			d.Verbose = raw
			e.add(fmt.Sprintf("%s:%s:%d", diag.StillRunning, d.File, d.Line), d, test)
			return true
		}
	}
	return false
}

// uncounted reports whether the function that started a goroutine at created
// waits on a WaitGroup (`x.Wait()`) that nothing in the file adds to (`x.Add(`
// or `x.Go(`), and names it. The Wait is looked for from the function's `func`
// line to its closing brace at the start of a line.
func (e *explainer) uncounted(created frame) (string, bool) {
	lines := e.lines(created.File)
	if created.Line < 1 || created.Line > len(lines) {
		return "", false
	}
	start := created.Line
	for start > 1 && !strings.HasPrefix(lines[start-1], "func ") {
		start--
	}
	end := created.Line
	for end < len(lines) && lines[end-1] != "}" {
		end++
	}
	var wg string
	for _, l := range lines[start-1 : end] {
		code := codeOf(l)
		if name, ok := strings.CutSuffix(code, ".Wait()"); ok && !strings.ContainsAny(name, " ()") {
			wg = name
			break
		}
	}
	if wg == "" {
		return "", false
	}
	// An Add anywhere in the file (a helper, the caller) may count it: say
	// nothing then.
	for _, l := range lines {
		if c := codeOf(l); strings.Contains(c, wg+".Add(") || strings.Contains(c, wg+".Go(") {
			return "", false
		}
	}
	return wg, true
}

// deferredAt moves a panic reported at a function's closing brace, where its
// deferred calls run, to the defer statement that made the failing call.
func (e *explainer) deferredAt(code diag.Code, f frame) (frame, bool) {
	if !strings.HasPrefix(e.source(f.File, f.Line), "}") {
		return f, false
	}
	var want []string
	switch code {
	case diag.UnlockOfUnlocked:
		want = []string{".Unlock()", ".RUnlock()"}
	case diag.CloseOfClosed:
		want = []string{"close("}
	case diag.NegativeWaitGroup:
		want = []string{".Done()", ".Add("}
	default:
		return f, false
	}
	for n := f.Line - 1; n > 0; n-- {
		src := codeOf(e.source(f.File, n))
		if strings.HasPrefix(src, "defer ") && slices.ContainsFunc(want, func(w string) bool { return strings.Contains(src, w) }) {
			return frame{Func: f.Func, File: f.File, Line: n}, true
		}
		if strings.HasPrefix(src, "func ") || strings.Contains(src, "func(") {
			break
		}
	}
	return f, false
}

// doneWithin reports whether a Done call is on line n of file or on one of the
// k lines after it.
func (e *explainer) doneWithin(file string, n, k int) bool {
	for i := n; i <= n+k; i++ {
		if strings.Contains(codeOf(e.source(file, i)), ".Done()") {
			return true
		}
	}
	return false
}
