package quiz

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/gilgrade/gilgrade/grader/tomlpos"
)

// Error is one problem in a quiz or answers file, at a line when it is known.
type Error struct {
	File string
	Line int // 1-based; 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found in a file, in line order. Parse and ParseAnswers
// return it so an author sees all of them at once.
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// errs collects errors about one file.
type errs struct {
	file   string
	lines  lineFinder
	list   Errors
	public bool // a student's copy: the keys are absent
}

// lineFinder finds the line of a key path such as ("questions", 2, "options", 1,
// "id"). tomlpos numbers the elements of a nested array of tables across the
// whole file ("questions.options.7"), so the path is translated with the number
// of [[questions.options]] tables of the questions before.
type lineFinder struct {
	ix     *tomlpos.Index
	before map[string][]int // "options" -> per question, tables of the earlier questions
}

func newLineFinder(src []byte, top map[string]any) lineFinder {
	l := lineFinder{ix: tomlpos.New(src), before: map[string][]int{}}
	for _, kind := range []string{"options", "steps"} {
		n := 0
		for _, q := range tables(top["questions"]) {
			// -1: written inline or absent, so tomlpos has no global number for it
			at := -1
			if ts, headers := q[kind].([]map[string]any); headers {
				at = n
				n += len(ts)
			}
			l.before[kind] = append(l.before[kind], at)
		}
	}
	return l
}

func (l lineFinder) line(path ...any) int {
	if l.ix == nil {
		return 0
	}
	if len(path) >= 3 && path[0] == "questions" {
		i, ok := path[1].(int)
		kind, _ := path[2].(string)
		if offs := l.before[kind]; ok && i >= 0 && i < len(offs) && offs[i] >= 0 {
			j := 0
			if len(path) >= 4 {
				j, _ = path[3].(int)
			}
			rest := []any{"questions", kind, offs[i] + j}
			if len(path) >= 5 {
				rest = append(rest, path[4:]...)
			}
			if n := l.ix.Line(rest...); n > 0 {
				return n
			}
			return l.ix.Line("questions", i)
		}
	}
	return l.ix.Line(path...)
}

func (e *errs) at(line int, format string, args ...any) {
	e.list = append(e.list, &Error{File: e.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// key reports an error at the line of a key path.
func (e *errs) key(path []any, format string, args ...any) {
	e.at(e.lines.line(path...), format, args...)
}

func (e *errs) err() error {
	if len(e.list) == 0 {
		return nil
	}
	slices.SortStableFunc(e.list, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
	return e.list
}

var decodeLine = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

// decodeError turns an error of the TOML decoder into an Error at its line.
func (e *errs) decodeError(err error) {
	var pe toml.ParseError
	if ok := asParseError(err, &pe); ok {
		msg := pe.Message
		if msg == "" {
			msg = pe.Error()
		}
		e.at(pe.Position.Line, "not valid TOML: %s", msg)
		return
	}
	if m := decodeLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		if m[2] != "" {
			e.at(n, "%s: %s", m[2], m[3])
		} else {
			e.at(n, "%s", m[3])
		}
		return
	}
	e.at(0, "%s", strings.TrimPrefix(err.Error(), "toml: "))
}

func asParseError(err error, pe *toml.ParseError) bool {
	switch v := err.(type) {
	case toml.ParseError:
		*pe = v
		return true
	case *toml.ParseError:
		*pe = *v
		return true
	}
	return false
}

// suggest returns ` (did you mean "x"?)` when a known key is close to the unknown one.
func suggest(unknown string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(unknown, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(": did you mean %q?", best)
}

// distance is the Levenshtein distance, for short keys.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
