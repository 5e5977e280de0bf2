package blanks

import (
	"bytes"
	"strings"
	"testing"
)

const src = `package p

// A comment with ___ is not a blank.
func f() {
	s := "___ in a string is text"
	r := ` + "`also ___ text`" + `
	___ func() {
		x := ___
	}()
	___(s, r)
	a___b := 1 // an identifier that merely contains underscores
	_ = a___b
}
`

func TestScan(t *testing.T) {
	got := Scan([]byte(src))
	want := []Blank{{Line: 7, Col: 2}, {Line: 8, Col: 8}, {Line: 10, Col: 2}}
	if len(got) != len(want) {
		t.Fatalf("Scan found %d blanks, want %d: %+v", len(got), len(want), got)
	}
	for i, b := range got {
		if b.Line != want[i].Line || b.Col != want[i].Col {
			t.Errorf("blank %d at %d:%d, want %d:%d", i, b.Line, b.Col, want[i].Line, want[i].Col)
		}
		if src[b.Offset:b.Offset+3] != Token {
			t.Errorf("blank %d offset %d does not point at %q", i, b.Offset, Token)
		}
	}
}

func TestScanBrokenCode(t *testing.T) {
	// Unterminated string and stray characters: blanks before and after still count.
	got := Scan([]byte("package p\nfunc f() { ___ ; x := \"oops\n ___ @ # ___ }"))
	if len(got) != 3 {
		t.Errorf("Scan found %d blanks in broken code, want 3: %+v", len(got), got)
	}
}

func TestFill(t *testing.T) {
	out, err := Fill([]byte(src), []string{"go", "compute(\n\t\t\t1)", "use"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\tgo func() {", "x := compute(\n\t\t\t1)", "\tuse(s, r)", "A comment with ___", `"___ in a string`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("filled source lacks %q:\n%s", want, out)
		}
	}
	if n := len(Scan(out)); n != 0 {
		t.Errorf("filled source still has %d blanks", n)
	}
	if _, err := Fill([]byte(src), []string{"go"}); err == nil {
		t.Error("Fill with too few fills succeeded")
	}
}

func TestLine(t *testing.T) {
	s := []byte("one\r\ntwo\nthree")
	for n, want := range map[int]string{0: "", 1: "one", 2: "two", 3: "three", 4: ""} {
		if got := Line(s, n); got != want {
			t.Errorf("Line(%d) = %q, want %q", n, got, want)
		}
	}
}

func FuzzScanFill(f *testing.F) {
	f.Add([]byte(src))
	f.Add([]byte("___"))
	f.Add([]byte("/* ___ */ ___ `___` '_' ___\x00"))
	f.Fuzz(func(t *testing.T, src []byte) {
		found := Scan(src)
		fills := make([]string, len(found))
		for i := range fills {
			fills[i] = "x"
		}
		out, err := Fill(src, fills)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(src) - 2*len(found); len(out) != want {
			t.Fatalf("filled length %d, want %d", len(out), want)
		}
		for _, b := range found {
			if !bytes.Equal(src[b.Offset:b.Offset+3], []byte(Token)) {
				t.Fatalf("blank at offset %d is %q", b.Offset, src[b.Offset:b.Offset+3])
			}
		}
	})
}
