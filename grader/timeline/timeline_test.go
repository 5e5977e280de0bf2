package timeline

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is meant):\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// dashboard is ex04's four calls of 500ms, started one after another (gap 500ms)
// or all at once (gap 0), recorded in the order goroutines may report them.
func dashboard(gap float64) *Timeline {
	names := []string{"Weather(London)", "Profile(ada)", "Orders(ada)", "Balance(ada)"}
	var calls []Call
	for i, n := range names {
		start := float64(len(names)-1-i) * gap
		calls = append(calls, Call{Name: n, StartMS: start, EndMS: start + 500})
	}
	b, _ := json.Marshal(Timeline{Calls: calls, TotalMS: 3*gap + 500})
	tl, err := Parse(string(b))
	if err != nil {
		panic(err)
	}
	return tl
}

func TestTextGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tl    *Timeline
		width int
	}{
		{"sequential.txt", dashboard(500), 80},
		{"overlap.txt", dashboard(0), 80},
		{"sequential_narrow.txt", dashboard(500), 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.tl, TextOptions{Width: tc.width, Indent: "    "})
			for _, line := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
				if n := utf8.RuneCountInString(line); n > tc.width {
					t.Errorf("line of %d columns in a terminal of %d: %q", n, tc.width, line)
				}
			}
			golden(t, tc.name, got)
		})
	}
}

func TestTextSequentialBarsDoNotOverlap(t *testing.T) {
	rows := strings.Split(Text(dashboard(500), TextOptions{Width: 100}), "\n")[:4]
	prevEnd := -1
	for _, r := range rows {
		first, last := runeIndex(r, '█'), strings.LastIndex(r, "█")
		last = utf8.RuneCountInString(r[:last])
		if first < 0 || first <= prevEnd {
			t.Fatalf("bars overlap or are missing:\n%s", strings.Join(rows, "\n"))
		}
		prevEnd = last
	}
	rows = strings.Split(Text(dashboard(0), TextOptions{Width: 100}), "\n")[:4]
	for _, r := range rows[1:] {
		if runeIndex(r, '█') != runeIndex(rows[0], '█') {
			t.Fatalf("overlapping calls do not start together:\n%s", strings.Join(rows, "\n"))
		}
	}
}

func runeIndex(s string, r rune) int {
	i := strings.IndexRune(s, r)
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(s[:i])
}

func TestTextManyCalls(t *testing.T) {
	var calls []Call
	for i := range 30 {
		calls = append(calls, Call{Name: "Status(ORD-" + strings.Repeat("0", 2) + string(rune('0'+i%10)) + ")", StartMS: float64(i/3) * 500, EndMS: float64(i/3)*500 + 500})
	}
	tl := &Timeline{Calls: calls, TotalMS: 5000}
	got := Text(tl, TextOptions{Width: 60})
	if !strings.Contains(got, "… and 7 more calls") || strings.Count(got, "█\n")+strings.Count(got, "·\n") != MaxRows-1 {
		t.Errorf("30 calls:\n%s", got)
	}
}

func TestSummaryAndPeak(t *testing.T) {
	if got, want := dashboard(500).Summary(), "4 calls of 500ms each, at most 1 at once: 2s of fake time in all"; got != want {
		t.Errorf("sequential summary %q, want %q", got, want)
	}
	if got, want := dashboard(0).Summary(), "4 calls of 500ms each, at most 4 at once: 500ms of fake time in all"; got != want {
		t.Errorf("overlap summary %q, want %q", got, want)
	}
	bounded := &Timeline{Calls: []Call{{"a", 0, 500}, {"b", 0, 500}, {"c", 0, 500}, {"d", 500, 1000}, {"e", 500, 700}}, TotalMS: 1000}
	if p := bounded.Peak(); p != 3 {
		t.Errorf("peak %d, want 3 (calls ending at 500ms do not overlap those starting then)", p)
	}
	if got, want := bounded.Summary(), "5 calls, at most 3 at once: 1s of fake time in all"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

func TestParse(t *testing.T) {
	tl, err := Parse(`{"calls":[{"name":"b\u001b[31m","start_ms":0,"end_ms":500},{"name":"a","start_ms":0,"end_ms":500}],"total_ms":100}`)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Calls[0].Name != "a" || strings.ContainsRune(tl.Calls[1].Name, 0x1b) || tl.TotalMS != 500 {
		t.Errorf("parsed %+v: want calls sorted by start then name, names without escapes, total at least the last end", tl)
	}
	for _, bad := range []string{
		``, `{`, `{"calls":[]}`, `{"calls":[{"name":"a","start_ms":5,"end_ms":1}]}`,
		`{"calls":[{"name":"a","start_ms":-1,"end_ms":1}]}`, `{"calls":[{"name":"a","start_ms":0,"end_ms":1}],"total_ms":-3}`,
		`{"calls":[{"name":"a","start_ms":0,"end_ms":1e300}]}`,
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted a broken timeline", bad)
		}
	}
	if FromAttrs(map[string]string{Attr: "nonsense"}) != nil || FromAttrs(nil) != nil {
		t.Error("FromAttrs made a timeline out of nothing")
	}
}

func TestSVGGolden(t *testing.T) {
	golden(t, "sequential.svg", SVG(dashboard(500), "TestLoadDashboardOverlap"))
	tl := dashboard(0)
	tl.Calls[0].Name = "<script>alert(1)</script>"
	if s := SVG(tl, "x"); strings.Contains(s, "<script>") {
		t.Errorf("a call name was not escaped:\n%s", s)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"calls":[{"name":"a","start_ms":0,"end_ms":500}],"total_ms":500}`)
	f.Add(`{"calls":[{"name":"a","start_ms":0,"end_ms":0},{"name":"","start_ms":1e9,"end_ms":1e9}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		tl, err := Parse(s)
		if err != nil {
			return
		}
		for _, w := range []int{1, 30, 200} {
			out := Text(tl, TextOptions{Width: w})
			if !strings.Contains(strings.Join(strings.Fields(out), " "), tl.Summary()) {
				t.Fatalf("no summary in:\n%s", out)
			}
		}
		_ = SVG(tl, "t")
	})
}
