package diag

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Code names one kind of diagnosis: a stable kebab-case word that reports
// print, CI annotations are titled with and `gilgrade explain` documents. Every
// code is registered once, with its documentation, before it is used.
type Code string

func (c Code) String() string { return string(c) }

// Doc returns c's registry entry; a code nobody registered gets an error-level
// entry with only its name, so a report never loses a diagnosis.
func (c Code) Doc() Doc {
	if d, ok := Lookup(string(c)); ok {
		return d
	}
	return Doc{Code: string(c), Severity: Error}
}

// Severity returns the registered severity of c (Error when unregistered).
func (c Code) Severity() Severity { return c.Doc().Severity }

// Hint returns the registered default hint of c, "" when there is none.
func (c Code) Hint() string { return c.Doc().Hint }

// New returns a diagnosis of code c with its registered severity; the producer
// fills in where and what.
func (c Code) New() Diagnostic { return Diagnostic{Code: string(c), Severity: c.Severity()} }

// registry is filled by package initialisation (this package's own codes, and
// lint's for the analyzers) and only read afterwards.
var registry = struct {
	sync.RWMutex
	docs map[string]Doc
}{docs: map[string]Doc{}}

// Register adds codes to the registry. A package that makes diagnoses calls it
// from init with the Doc of each of its codes. Registering a code again with the
// same Doc is harmless; with a different one it panics, as does an invalid
// code or an incomplete Doc: both are programming errors that every test run
// would catch at start-up.
func Register(docs ...Doc) {
	registry.Lock()
	defer registry.Unlock()
	for _, d := range docs {
		if err := checkDoc(d); err != nil {
			panic("diag.Register: " + err.Error())
		}
		if old, ok := registry.docs[d.Code]; ok && old != d {
			panic(fmt.Sprintf("diag.Register: code %q registered twice with different documentation", d.Code))
		}
		registry.docs[d.Code] = d
	}
}

func checkDoc(d Doc) error {
	if !ValidCode(d.Code) {
		return fmt.Errorf("invalid code %q: lowercase letters, digits and dashes, at most 40", d.Code)
	}
	switch d.Severity {
	case Error, Warning, Info:
	default:
		return fmt.Errorf("code %q: unknown severity %q", d.Code, d.Severity)
	}
	if d.Title == "" || strings.HasSuffix(d.Title, ".") {
		return fmt.Errorf("code %q: a title without a final period is required", d.Code)
	}
	return nil
}

// ValidCode reports whether s has the shape of a diagnosis code: a lowercase
// letter, then lowercase letters, digits and dashes, at most 40 in all. Codes an
// exercise's test sets through t.Attr are checked against it.
func ValidCode(s string) bool {
	if s == "" || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Lookup returns the registered Doc of code.
func Lookup(code string) (Doc, bool) {
	registry.RLock()
	defer registry.RUnlock()
	d, ok := registry.docs[code]
	return d, ok
}

// Docs returns every registered Doc, sorted by code.
func Docs() []Doc {
	registry.RLock()
	defer registry.RUnlock()
	return slices.SortedFunc(maps.Values(registry.docs), func(a, b Doc) int { return strings.Compare(a.Code, b.Code) })
}
