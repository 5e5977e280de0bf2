package testoutput

import (
	"fmt"
	"testing"
)

func TestParseHeader(t *testing.T) {
	for _, tc := range []struct {
		line, id, status string
		durable, ok      bool
	}{
		{"goroutine 7 [chan receive (durable), synctest bubble 1]:", "7", "chan receive", true, true},
		{"goroutine 6 [sync.WaitGroup.Wait (durable), synctest bubble 1]:", "6", "sync.WaitGroup.Wait", true, true},
		{"goroutine 23 [sync.Mutex.Lock, 2 minutes]:", "23", "sync.Mutex.Lock", false, true},
		{"goroutine 1 gp=0xc000002380 m=0 mp=0x7c5a20 [running]:", "1", "running", false, true},
		{"goroutine 9 [chan send (nil chan), 5 minutes, locked to thread]:", "9", "chan send (nil chan)", false, true},
		{"goroutine 12 [select (leaked)]:", "12", "select", false, true},
		{"goroutine x [running]:", "", "", false, false},
		{"goroutine 3 running:", "", "", false, false},
		{"Goroutine 9 (running) created at:", "", "", false, false},
	} {
		id, status, durable, ok := parseHeader(tc.line)
		if id != tc.id || status != tc.status || durable != tc.durable || ok != tc.ok {
			t.Errorf("parseHeader(%q) = %q, %q, %v, %v; want %q, %q, %v, %v", tc.line, id, status, durable, ok, tc.id, tc.status, tc.durable, tc.ok)
		}
	}
}

func TestFuncName(t *testing.T) {
	for line, want := range map[string]string{
		"course/ex.(*Store).Take(0xc0000a0200, {0x647407, 0x5})": "course/ex.(*Store).Take",
		"  course/ex.Count.func1()":                              "course/ex.Count.func1",
		"course/ex.Build(...)":                                   "course/ex.Build",
		"created by sync.(*WaitGroup).Go in goroutine 20":        "sync.(*WaitGroup).Go",
		"main.main()":                       "main.main",
		"panic({0x62ce00?, 0xc0000a40c0?})": "panic",
	} {
		if got, _ := funcName(line); got != want {
			t.Errorf("funcName(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestParsePos(t *testing.T) {
	for line, want := range map[string]string{
		"\t/COURSE/ex/a.go:13 +0x7b": "/COURSE/ex/a.go:13",
		"      /COURSE/ex/a.go:13":   "/COURSE/ex/a.go:13",
		"\t_testmain.go:46 +0x9b":    "_testmain.go:46",
		"\tC:/course/ex/a.go:7 +0x1": "C:/course/ex/a.go:7",
		"/COURSE/ex/a.go:13":         "",
		"\t/COURSE/ex/a.go:0":        "",
		"    sum_test.go:9: got 1":   "",
		"\t/COURSE/ex/a.txt:3 +0x7b": "",
	} {
		got := ""
		if f, n, ok := parsePos(line); ok {
			got = fmt.Sprintf("%s:%d", f, n)
		}
		if got != want {
			t.Errorf("parsePos(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestRaceTarget(t *testing.T) {
	for _, tc := range []struct {
		src, name string
		shape     int
	}{
		{"counter++", "counter", shapeCounter},
		{"s.hits--", "s.hits", shapeCounter},
		{"total += x", "total", shapeCounter},
		{"results = append(results, i*i)", "results", shapeAppend},
		{"m[w] = len(w)", "m", shapeIndex},
		{"idx[w[0]] = append(idx[w[0]], w)", "idx", shapeIndex},
		{"*p = 3", "p", shapeAssign},
		{"done = true", "done", shapeAssign},
		{"if total == 0 {", "", shapeOther},
		{"x := f(y)", "", shapeOther},
		{"out = append(out, v) // keep it", "out", shapeAppend},
	} {
		name, shape := raceTarget(tc.src)
		if name != tc.name || shape != tc.shape {
			t.Errorf("raceTarget(%q) = %q, %d; want %q, %d", tc.src, name, shape, tc.name, tc.shape)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"Expected 3 workers.":     "expected 3 workers",
		"Sum(10) = 45, want 55":   "Sum(10) = 45, want 55",
		"TestX took too long":     "TestX took too long",
		"HTTP status 500":         "HTTP status 500",
		"10 calls took 5s":        "10 calls took 5s",
		"":                        "",
		"Wrong: got 1, want 2...": "wrong: got 1, want 2",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFailureMessages(t *testing.T) {
	out := "=== RUN   TestX\n" +
		"=== ATTR  TestX gilgrade.code sequential\n" +
		"    x_test.go:9: first\n" +
		"        second line\n" +
		"    testing.go:1712: race detected during execution of test\n" +
		"    x_test.go:12: third\n" +
		"--- FAIL: TestX (0.00s)\n"
	got := fmt.Sprint(failureMessages(out))
	if want := "[first second line third]"; got != want {
		t.Errorf("failureMessages = %s, want %s", got, want)
	}
}

func TestTouchesMap(t *testing.T) {
	for _, c := range []struct {
		funcs []string
		want  bool
	}{
		{[]string{"runtime.mapassign_faststr", "course/ex.F.func1"}, true},
		{[]string{"internal/runtime/maps.(*Map).putSlotSmall", "runtime.mapassign", "course/ex.F"}, true},
		// A slice element written in code called while ranging over a map.
		{[]string{"course/ex.F.func1", "runtime.mapiternext", "course/ex.F"}, false},
		{[]string{"runtime.growslice", "course/ex.F"}, false},
	} {
		var fs []frame
		for _, f := range c.funcs {
			fs = append(fs, frame{Func: f})
		}
		if got := touchesMap(fs); got != c.want {
			t.Errorf("touchesMap(%v) = %v, want %v", c.funcs, got, c.want)
		}
	}
}
