package a

import (
	"reflect"
	"sync"
)

// Copies of a struct that holds a Mutex, and of a sync.Once.

type Stats struct {
	mu   sync.Mutex
	hits int
}

type Config struct {
	once sync.Once
	v    int
}

func (s *Stats) Hit() {
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
}

func record(s Stats) int { return s.hits } // want "the parameter `s Stats` receives a copy of a `Stats`, which holds a `sync.Mutex`: each copy locks on its own"

func snapshot(s *Stats) Stats {
	return *s // want "`return \\*s` returns a copy of a `Stats`, which holds a `sync.Mutex`: each copy locks on its own, so nothing is protected\nreturn a pointer, `s`, and make the result a pointer type"
}

func structCopies(all []Stats, s *Stats) {
	var t Stats
	t = *s // want "`\\*s` is copied here, and it is a `Stats`, which holds a `sync.Mutex`.*\nshare one value through a pointer \\(`s` or a `\\*` type\\)"
	_ = t.hits
	u := all[0] // want "`all\\[0\\]` is copied here.*\nshare one value through a pointer \\(`&all\\[0\\]`"
	_ = u.hits
	record(*s)              // want "`\\*s` is passed to `record` as a copy of a `Stats`.*\npass a pointer, `s`,"
	for _, v := range all { // want "the range variable `v` is a copy of a `Stats`, which holds a `sync.Mutex`"
		_ = v.hits
	}
}

func onceCopies(c *Config, cs []Config) {
	d := *c // want "`\\*c` is copied here, and it is a `Config`, which holds a `sync.Once`: the copy keeps its own record of having run"
	_ = d.v
	once := c.once // want "`c.once` is copied here, and it is a `sync.Once`"
	once.Do(func() {})
	for _, x := range cs { // want "the range variable `x` is a copy of a `Config`, which holds a `sync.Once`"
		_ = x.v
	}
}

func useOnce(o sync.Once) { // want "the parameter `o sync.Once` receives a copy of a `sync.Once`"
	o.Do(func() {})
}

// Near misses: new values and pointers are not copies.

func noCopies(all []Stats, cs []*Config) *Stats {
	s := Stats{}
	s.Hit()
	p := &all[0]
	p.Hit()
	for i := range all {
		all[i].Hit()
	}
	for _, c := range cs {
		c.once.Do(func() {})
	}
	all[0] = Stats{}
	return &Stats{}
}

// db holds a Once, like bbolt's DB.
type db struct {
	once sync.Once
	data []byte
}

func inspect(d db) bool { return d.data == nil } // want "the parameter `d db` receives a copy"

// reflect reads the copy's fields and never runs its Once: the copy is
// harmless. From a test of bbolt.
func reflectOnCopy(d *db) bool {
	v := reflect.ValueOf(*d)
	return v.FieldByName("data").IsNil() && reflect.DeepEqual(*d, *d)
}

// A function of the program's own gets a copy it could use.
func ownFunctionOnCopy(d *db) bool {
	return inspect(*d) // want "`\\*d` is passed to `inspect` as a copy of a `db`, which holds a `sync.Once`"
}

// noCopy is protobuf's no-copy marker: a zero-length array of Mutex, which
// vet's copylocks follows but which holds no lock.
type noCopy [0]sync.Mutex

type messageState struct{ _ noCopy }

// Match is shaped like a generated protobuf message. From badger.
type Match struct {
	state  messageState
	Prefix []byte
}

func addMatch(m Match) int { return len(m.Prefix) }

func matches(ms []Match) (n int) {
	for _, m := range ms {
		n += addMatch(m)
	}
	return n
}

// A struct holding both the marker and a real Mutex is still copied wrong.
type guardedMatch struct {
	state messageState
	mu    sync.Mutex
}

func copyGuarded(g *guardedMatch) guardedMatch {
	return *g // want "`return \\*g` returns a copy of a `guardedMatch`, which holds a `sync.Mutex`"
}
