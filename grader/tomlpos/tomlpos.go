// Package tomlpos finds the line on which a key of a TOML file is written, so that
// validation errors about course and quiz files can name file and line. The TOML
// decoder keeps key positions to itself; this reads the file's structure again,
// line by line, which is enough for the plain files authors write.
package tomlpos

import (
	"strconv"
	"strings"
)

// Index maps key paths to the 1-based line that defines them.
type Index struct {
	lines map[string]int
}

// New indexes src. Paths are dot-joined; an element of an array of tables carries
// its 0-based index ("mistakes.1.expect"), and the same key is also recorded
// without indices ("mistakes.expect", first occurrence), which is how the TOML
// decoder names undecoded keys.
func New(src []byte) *Index {
	ix := &Index{lines: map[string]int{}}
	counts := map[string]int{} // array-of-tables header -> elements seen
	var table []string         // current table path, with indices
	inMulti := ""              // the delimiter of an open multi-line string
	for n, line := range strings.Split(string(src), "\n") {
		lineNo := n + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(t, "[["):
			name := keyPath(strings.TrimSuffix(strings.TrimPrefix(cut(t, "]]"), "[["), "]]"))
			plain := strings.Join(name, ".")
			i := counts[plain]
			counts[plain]++
			table = append(append([]string{}, name...), strconv.Itoa(i))
			ix.add(table, lineNo)
			continue
		case strings.HasPrefix(t, "["):
			table = keyPath(strings.TrimSuffix(strings.TrimPrefix(cut(t, "]"), "["), "]"))
			ix.add(table, lineNo)
			continue
		}
		eq := strings.Index(t, "=")
		if eq < 0 {
			continue
		}
		key := keyPath(t[:eq])
		path := append(append([]string{}, table...), key...)
		ix.add(path, lineNo)
		value := strings.TrimSpace(t[eq+1:])
		for _, delim := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, delim) && !strings.Contains(value[3:], delim) {
				inMulti = delim
			}
		}
		if strings.HasPrefix(value, "{") {
			ix.inline(path, value, lineNo)
		}
	}
	return ix
}

// Line returns the line defining the key path, or 0 when it cannot be found.
// Elements may be strings or ints (array indices).
func (ix *Index) Line(path ...any) int {
	parts := make([]string, len(path))
	for i, p := range path {
		switch p := p.(type) {
		case int:
			parts[i] = strconv.Itoa(p)
		case string:
			parts[i] = p
		}
	}
	// Fall back to the closest enclosing key that is known.
	for n := len(parts); n > 0; n-- {
		if l, ok := ix.lines[strings.Join(parts[:n], ".")]; ok {
			return l
		}
	}
	return 0
}

func (ix *Index) add(path []string, line int) {
	set := func(k string) {
		if _, ok := ix.lines[k]; !ok {
			ix.lines[k] = line
		}
	}
	set(strings.Join(path, "."))
	var plain []string
	for _, p := range path {
		if _, err := strconv.Atoi(p); err != nil {
			plain = append(plain, p)
		}
	}
	set(strings.Join(plain, "."))
}

// inline records the keys of a one-line inline table such as `{ 2 = "x", 3 = "y" }`.
func (ix *Index) inline(path []string, value string, line int) {
	body := strings.TrimSuffix(strings.TrimPrefix(cut(value, "}"), "{"), "}")
	for _, field := range strings.Split(body, ",") {
		if eq := strings.Index(field, "="); eq > 0 {
			ix.add(append(append([]string{}, path...), keyPath(field[:eq])...), line)
		}
	}
}

// cut returns s up to and including the first close, dropping a trailing comment.
func cut(s, close string) string {
	if i := strings.Index(s, close); i >= 0 {
		return s[:i+len(close)]
	}
	return s
}

// keyPath splits a dotted key, unquoting quoted parts.
func keyPath(s string) []string {
	var parts []string
	for _, p := range strings.Split(strings.TrimSpace(s), ".") {
		p = strings.TrimSpace(p)
		if u, err := strconv.Unquote(p); err == nil {
			p = u
		} else {
			p = strings.Trim(p, "'")
		}
		parts = append(parts, p)
	}
	return parts
}
