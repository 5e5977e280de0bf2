package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"
)

// WriteJSON writes the report in gilgrade's JSON contract. The text in it is
// the learner's as it was (a reader decodes exactly what the tests printed);
// only its encoding keeps it data on the way: see encodeJSON.
func WriteJSON(w io.Writer, r *Report) error {
	return encodeJSON(w, r, "  ")
}

// encodeJSON encodes v for a reader that may show the bytes as they are: a
// terminal, or a CI log whose runner scans each line for workflow commands.
// encoding/json already escapes the C0 controls and U+2028/U+2029 inside
// strings; this also escapes DEL, the C1 controls and the Unicode formatting
// characters (bidi overrides, zero-width marks), and writes "##[" as
// "#\u0023[", which the runner would take for a legacy command anywhere in a
// line. Every change is inside a string and decodes to the same text. Indented
// output never puts a string at a line's start, so "::" needs nothing.
func encodeJSON(w io.Writer, v any, indent string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonData(b.Bytes()))
	return err
}

// jsonData applies encodeJSON's escapes to encoded JSON.
func jsonData(b []byte) []byte {
	if !bytes.Contains(b, []byte("##[")) && !hasUnicodeControl(b) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		if bytes.HasPrefix(b[i:], []byte("##[")) {
			out.WriteString(`#\u0023[`)
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if jsonEscapes(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}

func hasUnicodeControl(b []byte) bool {
	for _, r := range string(b) {
		if jsonEscapes(r) {
			return true
		}
	}
	return false
}

// jsonEscapes reports the characters encodeJSON escapes: the controls that
// encoding/json leaves raw (it escapes those below U+0020 itself).
func jsonEscapes(r rune) bool {
	return r >= 0x7f && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r))
}
