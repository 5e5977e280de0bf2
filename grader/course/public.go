package course

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// PublicMeta returns the exercise.toml a student workspace holds: what the
// learner and the grader need to know of the exercise (title, points, files,
// timeout, scoring and the number of blanks) and none of its key. Hints,
// solution and mistakes stay in the course source and its grader key, since the
// last hint is nearly the answer.
func (e *Exercise) PublicMeta() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s, as a student's copy: `gilgrade hint %s` and, once it passes,\n", e.ID, e.ID)
	b.WriteString("# `gilgrade solution` show what the course's key holds.\n")
	fmt.Fprintf(&b, "title = %s\n", tomlString(e.Title))
	fmt.Fprintf(&b, "points = %s\n", strconv.FormatFloat(e.Points, 'f', -1, 64))
	b.WriteString("files = [")
	for i, f := range e.Files {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tomlString(f))
	}
	b.WriteString("]\n")
	fmt.Fprintf(&b, "timeout = %s\n", tomlString(e.Timeout.String()))
	fmt.Fprintf(&b, "scoring = %s\n", tomlString(string(e.Scoring)))
	fmt.Fprintf(&b, "blanks = %d\n", e.Blanks)
	return b.Bytes()
}

// tomlString quotes s as a TOML basic string: JSON's escapes are TOML's.
func tomlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
