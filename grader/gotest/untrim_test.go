package gotest

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestUntrim(t *testing.T) {
	var out bytes.Buffer
	u := newUntrim(&out, "/work/course/exercises", Package{ImportPath: "example.com/ex/ex02_append", Dir: "/work/course/exercises/ex02_append"})
	in := "WARNING: DATA RACE\n" +
		"  example.com/ex/ex02_append.SquaresList.func1()\n" +
		"      example.com/ex/ex02_append/squares.go:43 +0x4e\n" +
		"created by example.com/ex/ex02_append.F in goroutine 6\n" +
		"\texample.com/ex/ex02_append/squares_test.go:13 +0xb8\n" +
		"  sync/waitgroup.go:238 +0x72\n" +
		"    squares_test.go:15: example.com/ex/ex02_append/x.go:1 is printed by the test\n" +
		"\texample.com/ex/other/helper.go:7"
	want := "WARNING: DATA RACE\n" +
		"  example.com/ex/ex02_append.SquaresList.func1()\n" +
		"      /work/course/exercises/ex02_append/squares.go:43 +0x4e\n" +
		"created by example.com/ex/ex02_append.F in goroutine 6\n" +
		"\t/work/course/exercises/ex02_append/squares_test.go:13 +0xb8\n" +
		"  sync/waitgroup.go:238 +0x72\n" +
		"    squares_test.go:15: /work/course/exercises/ex02_append/x.go:1 is printed by the test\n" +
		"\t/work/course/exercises/other/helper.go:7"
	// Written in pieces that cut lines anywhere, as a pipe delivers them.
	for i := 0; i < len(in); i += 7 {
		u.Write([]byte(in[i:min(i+7, len(in))]))
	}
	if out.Len() > strings.LastIndex(want, "\n")+1 {
		t.Errorf("the last line, without its newline, was passed on before the flush: %q", out.String())
	}
	u.flush()
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// A package outside the module's layout has nothing to map: its output passes
// as it is.
func TestUntrimOutsideLayout(t *testing.T) {
	var out bytes.Buffer
	u := newUntrim(&out, "/work/m", Package{ImportPath: "example.com/elsewhere", Dir: "/work/m/p"})
	u.Write([]byte("\texample.com/elsewhere/x.go:1 +0x1\n"))
	if out.String() != "\texample.com/elsewhere/x.go:1 +0x1\n" {
		t.Errorf("got %q", out.String())
	}
}

// A TrimPath and NoDWARF build is built with -trimpath and without DWARF, and
// its stack traces name the test file by its path on disk again.
func TestTrimPath(t *testing.T) {
	t.Parallel()
	dir, pkgs := module(t, map[string]string{"p": "package p\n" +
		"import (\n\t\"runtime/debug\"\n\t\"testing\"\n)\n" +
		"func TestTrimmed(t *testing.T) {\n" +
		"\tinfo, _ := debug.ReadBuildInfo()\n" +
		"\tfor _, s := range info.Settings {\n" +
		"\t\tt.Log(s.Key + \"=\" + s.Value)\n" +
		"\t}\n" +
		"\tpanic(\"the stack\")\n" +
		"}\n"})
	res, err := Run(context.Background(), Options{Dir: dir, Packages: pkgs, TrimPath: true, NoDWARF: true})
	if err != nil {
		t.Fatal(err)
	}
	out := res["m/p"].Stream.Package("m/p").Output() + testOutput(res["m/p"])
	for _, setting := range []string{"-trimpath=true", "-gcflags=all=-dwarf=false"} {
		if !strings.Contains(out, setting) {
			t.Errorf("the binary was not built with %s:\n%s", setting, out)
		}
	}
	if want := filepath.ToSlash(filepath.Join(dir, "p", "p_test.go")) + ":11"; !strings.Contains(out, want) {
		t.Errorf("the stack trace does not name %s:\n%s", want, out)
	}
}
