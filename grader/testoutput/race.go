package testoutput

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// An access is one side of a data race report.
type access struct {
	Write     bool
	Goroutine string // "9", or "main"
	Frames    []frame
}

// race reads the data race report starting at lines[start] ("WARNING: DATA
// RACE") and returns the index of its closing "==================" line.
func (e *explainer) race(lines []string, start int, test string) int {
	end := start + 1
	for end < len(lines) && !strings.HasPrefix(lines[end], "=================") {
		end++
	}
	block := lines[start:min(end+1, len(lines))]

	var accesses []access
	created := make(map[string][]frame) // goroutine → where it was started
	global := ""
	for i := 1; i < len(block); {
		j := i + 1
		for j < len(block) && strings.TrimSpace(block[j]) != "" && !strings.HasPrefix(block[j], "=====") {
			j++
		}
		head := strings.TrimSpace(block[i])
		body := block[i:j]
		switch {
		case strings.HasPrefix(head, "Goroutine ") && strings.HasSuffix(head, "created at:"):
			id, _, _ := strings.Cut(strings.TrimPrefix(head, "Goroutine "), " ")
			created[id] = parseFrames(body, maxFrames)
		case strings.HasPrefix(head, "Location is global '"):
			name := strings.TrimPrefix(head, "Location is global '")
			name, _, _ = strings.Cut(name, "'")
			if k := strings.LastIndexByte(name, '.'); k >= 0 {
				name = name[k+1:]
			}
			global = name
		case strings.Contains(head, " at 0x") && strings.Contains(head, " by ") && strings.HasSuffix(head, ":"):
			kind, _, _ := strings.Cut(strings.ToLower(head), " at 0x")
			by := head[strings.LastIndex(head, " by ")+4 : len(head)-1]
			g := strings.TrimPrefix(by, "goroutine ")
			if by == "main goroutine" {
				g = "main"
			}
			if len(accesses) < 2 {
				accesses = append(accesses, access{
					Write:     strings.HasSuffix(kind, "write"),
					Goroutine: g,
					Frames:    parseFrames(body, maxFrames),
				})
			}
		}
		i = j
		for i < len(block) && strings.TrimSpace(block[i]) == "" {
			i++
		}
	}
	if len(accesses) == 0 {
		return end
	}
	e.reportRace(accesses, created, global, strings.Join(block, "\n"), test)
	return end
}

func (e *explainer) reportRace(acc []access, created map[string][]frame, global, raw, test string) {
	type side struct {
		access
		at frame
		ok bool
	}
	var sides []side
	for _, a := range acc {
		f, ok := e.pick(a.Frames)
		sides = append(sides, side{a, f, ok})
	}
	// Report at the learner's side: the current access when it is theirs.
	if len(sides) == 2 && !sides[0].ok && sides[1].ok {
		sides[0], sides[1] = sides[1], sides[0]
	}
	// Where each goroutine was started, and whether one side runs in the
	// function that started the other side's goroutine, after the go
	// statement: it uses the variable before waiting.
	type start struct {
		ids  []string
		side []int // indexes in sides
		at   frame
	}
	var starts []start
	afterGo := -1
	for si, s := range sides {
		f, ok := e.pickLearner(created[s.Goroutine])
		if !ok {
			continue
		}
		if k := slices.IndexFunc(starts, func(st start) bool { return st.at.File == f.File && st.at.Line == f.Line }); k >= 0 {
			starts[k].ids = append(starts[k].ids, s.Goroutine)
			starts[k].side = append(starts[k].side, si)
		} else {
			starts = append(starts, start{[]string{s.Goroutine}, []int{si}, f})
		}
		for i, o := range sides {
			if o.Goroutine != s.Goroutine && o.ok && o.at.File == f.File && o.at.Func == f.Func && o.at.Line > f.Line {
				afterGo = i
			}
		}
	}
	if afterGo > 0 {
		sides[0], sides[1] = sides[1], sides[0]
		for i := range starts {
			for j := range starts[i].side {
				starts[i].side[j] = 1 - starts[i].side[j]
			}
		}
	}

	cur := sides[0]
	d := e.at(diag.DataRace, cur.at, cur.ok)
	d.Verbose = raw

	// Name the variable from the writes first: they have the clearest syntax.
	name, shape := "", shapeOther
	for _, write := range []bool{true, false} {
		for _, s := range sides {
			if s.Write != write || !s.ok || name != "" {
				continue
			}
			name, shape = raceTarget(e.source(s.at.File, s.at.Line))
		}
	}
	if name == "" {
		name = global
	}
	for _, s := range sides {
		if touchesMap(s.Frames) {
			shape = shapeMap
		}
	}

	verb := func(s side) string {
		if s.Write {
			return "write"
		}
		return "read"
	}
	var other string
	key := "race:" + e.pos(cur.at)
	if len(sides) == 2 {
		o := sides[1]
		switch {
		case !o.ok:
			other = fmt.Sprintf("a %s in another goroutine", verb(o))
		case o.at.File == cur.at.File && o.at.Line == cur.at.Line:
			other = fmt.Sprintf("a %s on the same line in another goroutine", verb(o))
		default:
			other = fmt.Sprintf("a %s at %s in another goroutine", verb(o), e.pos(o.at))
		}
		if o.ok {
			a, b := e.pos(cur.at), e.pos(o.at)
			if b < a {
				a, b = b, a
			}
			key = "race:" + a + "|" + b
		}
	}
	subject := "data race"
	if name != "" {
		subject = "data race on `" + name + "`"
	}
	switch {
	case afterGo >= 0:
		d.Message = fmt.Sprintf("%s: this %s runs while the goroutines started above may still %s it", subject, verb(cur), verb(sides[1]))
	case other != "":
		d.Message = fmt.Sprintf("%s: this %s races with %s", subject, verb(cur), other)
	default:
		d.Message = fmt.Sprintf("%s: this %s races with another goroutine", subject, verb(cur))
	}

	// Details: both accesses, then where their goroutines were started. The
	// goroutine numbers change from run to run and mean little to a learner:
	// they stay in Verbose.
	for i, s := range sides {
		if !s.ok {
			continue
		}
		label := verb(s)
		if i == 1 {
			label = "other " + label
		}
		d.Details = append(d.Details, e.detail(label, s.at))
	}
	for _, st := range starts {
		label := "both goroutines were started"
		if len(st.ids) == 1 {
			label = "the goroutine that " + verb(sides[st.side[0]]) + "s was started"
		}
		d.Details = append(d.Details, e.detail(label, st.at))
	}
	startedAfterGo := afterGo >= 0
	d.Hint = raceHint(name, shape, startedAfterGo)
	e.add(key, d, test)
}

// detail renders "label at file:line: source".
func (e *explainer) detail(label string, f frame) string {
	s := fmt.Sprintf("%s at %s", label, e.pos(f))
	if src := e.source(f.File, f.Line); src != "" {
		s += ": " + src
	}
	return s
}

// Shapes of the racing statement, for the hint.
const (
	shapeOther   = iota
	shapeCounter // n++, n += k
	shapeAppend  // s = append(s, …)
	shapeMap     // m[k] = v, seen in the runtime's map code
	shapeIndex   // x[i] = v: a map or a slice element
	shapeAssign  // x = …
)

// raceTarget names the variable a racing line writes and how it writes it.
func raceTarget(src string) (name string, shape int) {
	src = strings.TrimSpace(src)
	if strings.HasSuffix(src, "++") || strings.HasSuffix(src, "--") {
		return plainName(src[:len(src)-2]), shapeCounter
	}
	for _, op := range []string{"+=", "-=", "*=", "|=", "&=", "^="} {
		if lhs, _, ok := strings.Cut(src, " "+op+" "); ok {
			return plainName(lhs), shapeCounter
		}
	}
	if lhs, rhs, ok := strings.Cut(src, " = "); ok && !strings.ContainsAny(lhs, "(:") {
		lhs = strings.TrimSpace(lhs)
		if i := strings.IndexByte(lhs, '['); i > 0 {
			return plainName(lhs[:i]), shapeIndex
		}
		if strings.HasPrefix(strings.TrimSpace(rhs), "append(") {
			return plainName(lhs), shapeAppend
		}
		return plainName(lhs), shapeAssign
	}
	if _, rest, ok := strings.Cut(src, "append("); ok {
		if arg, _, ok := strings.Cut(rest, ","); ok {
			return plainName(arg), shapeAppend
		}
	}
	return "", shapeOther
}

// plainName returns s if it is an identifier or a selector like a.b.c.
func plainName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "*")
	if s == "" || len(s) > 60 {
		return ""
	}
	for i, r := range s {
		ok := r == '_' || r == '.' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || (i > 0 && '0' <= r && r <= '9')
		if !ok {
			return ""
		}
	}
	if s[0] == '.' || s[len(s)-1] == '.' {
		return ""
	}
	return s
}

// touchesMap reports whether a racing access went through the runtime's map
// code: the frames above the first one outside the runtime. A map call further
// down the stack is not what raced (a slice element read inside a function
// called while ranging over a map is still a slice access).
func touchesMap(fs []frame) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.Func, "runtime.map") || strings.Contains(f.Func, "internal/runtime/maps.") {
			return true
		}
		if !strings.HasPrefix(f.Func, "runtime.") && !strings.HasPrefix(f.Func, "internal/") {
			return false
		}
	}
	return false
}

func raceHint(name string, shape int, afterGo bool) string {
	v := "the variable"
	if name != "" {
		v = "`" + name + "`"
	}
	switch {
	case afterGo:
		return fmt.Sprintf("the function that starts the goroutines uses %s while they may still run: call `wg.Wait()` (or receive their results) before touching it", v)
	case shape == shapeCounter:
		return fmt.Sprintf("several goroutines update %s at once: hold a sync.Mutex around the update (`mu.Lock()`, then `defer mu.Unlock()`), or make it an atomic counter (`atomic.Int64` and `Add(1)`)", v)
	case shape == shapeAppend:
		return fmt.Sprintf("append to %s from many goroutines loses and corrupts elements: hold a sync.Mutex around the append, or send each result on a channel and append in one goroutine", v)
	case shape == shapeMap:
		return fmt.Sprintf("a map is not safe for concurrent use: hold a sync.Mutex around every access to %s, or send the pairs on a channel and fill the map in one goroutine", v)
	}
	return fmt.Sprintf("goroutines share %s with nothing ordering their accesses: guard every read and write with the same sync.Mutex, or hand the value over through a channel", v)
}
