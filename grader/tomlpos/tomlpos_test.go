package tomlpos

import "testing"

const src = `title = "x"   # a comment
hints = [
  "one",
]
intro = """
key = "not a key"
"""

[[mistakes]]
name = "first"
fills = { 2 = "a", 3 = "b" }

[[mistakes]]
name = "second"
expect = ["data-race"]

[meta]
"quoted key" = 1
`

func TestLine(t *testing.T) {
	ix := New([]byte(src))
	for _, tc := range []struct {
		path []any
		want int
	}{
		{[]any{"title"}, 1},
		{[]any{"hints"}, 2},
		{[]any{"intro"}, 5},
		{[]any{"key"}, 0}, // inside a multi-line string
		{[]any{"mistakes", 0}, 9},
		{[]any{"mistakes", 0, "name"}, 10},
		{[]any{"mistakes", 0, "fills", "3"}, 11},
		{[]any{"mistakes", 1, "name"}, 14},
		{[]any{"mistakes", 1, "expect"}, 15},
		{[]any{"mistakes", "expect"}, 15}, // as the decoder names undecoded keys
		{[]any{"mistakes", 1, "nosuch"}, 13},
		{[]any{"meta", "quoted key"}, 18},
		{[]any{"nothing"}, 0},
	} {
		if got := ix.Line(tc.path...); got != tc.want {
			t.Errorf("Line(%v) = %d, want %d", tc.path, got, tc.want)
		}
	}
}

func FuzzNew(f *testing.F) {
	f.Add(src)
	f.Add("[[a]]\n[[a]]\nb = {")
	f.Fuzz(func(t *testing.T, s string) {
		New([]byte(s)).Line("a", 0, "b")
	})
}
