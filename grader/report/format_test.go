package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./grader/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./grader/report -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func render(t *testing.T, r *Report, format string, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, format, o); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var summary bytes.Buffer
			got := render(t, sampleReport(), string(f), Options{Text: TextOptions{Style: NewStyle(false), Width: 80}, Summary: &summary})
			ext := map[Format]string{FormatJSON: ".json", FormatClassroom: ".json", FormatJUnit: ".xml",
				FormatGradescope: ".json", FormatExercism: ".json"}[f]
			golden(t, string(f)+ext+".golden", got)
			if f == FormatGitHub {
				golden(t, "github_summary.md.golden", summary.Bytes())
			} else if summary.Len() > 0 {
				t.Errorf("format %s wrote a job summary", f)
			}
		})
	}
}

// TestGoldenOptions covers what only an option turns on.
func TestGoldenOptions(t *testing.T) {
	stamp := time.Date(2026, 3, 14, 9, 26, 53, 0, time.FixedZone("CET", 3600))
	golden(t, "junit_timestamp.xml.golden", render(t, sampleReport(), "junit", Options{Timestamp: stamp}))
	out, err := ClassroomOutput(sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "classroom_output.golden", []byte(out))
}

// TestDeterministic renders each format twice from separately built reports.
func TestDeterministic(t *testing.T) {
	for _, f := range Formats() {
		var s1, s2 bytes.Buffer
		a := render(t, sampleReport(), string(f), Options{Summary: &s1})
		b := render(t, sampleReport(), string(f), Options{Summary: &s2})
		if !bytes.Equal(a, b) || !bytes.Equal(s1.Bytes(), s2.Bytes()) {
			t.Errorf("format %s: two runs over the same report differ", f)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, sampleReport(), "xml", Options{})
	if err == nil {
		t.Fatal("Write accepted format xml")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), string(f)) {
			t.Errorf("error %q does not list format %s", err, f)
		}
	}
	if _, err := ParseFormat("JSON"); err == nil {
		t.Error("ParseFormat accepted JSON: names are lowercase")
	}
	if f, err := ParseFormat("junit"); err != nil || f != FormatJUnit {
		t.Errorf("ParseFormat(junit) = %q, %v", f, err)
	}
}

// TestTextAndJSONUnchanged checks that the switch calls the lead's writers as
// they are.
func TestTextAndJSONUnchanged(t *testing.T) {
	r := sampleReport()
	var want bytes.Buffer
	if err := WriteJSON(&want, r); err != nil {
		t.Fatal(err)
	}
	if got := render(t, r, "json", Options{}); !bytes.Equal(got, want.Bytes()) {
		t.Error("Write json differs from WriteJSON")
	}
	want.Reset()
	to := TextOptions{Style: NewStyle(false), Verbose: true, Width: 60}
	if err := WriteText(&want, r, to); err != nil {
		t.Fatal(err)
	}
	if got := render(t, r, "text", Options{Text: to}); !bytes.Equal(got, want.Bytes()) {
		t.Error("Write text differs from WriteText")
	}
}

// TestGoldenCompileError: a strict compile error in every format, each naming
// the learner's file (relative to the course) and nothing outside the course.
func TestGoldenCompileError(t *testing.T) {
	for _, f := range Formats() {
		var summary bytes.Buffer
		got := render(t, compileErrorReport(), string(f), Options{Text: TextOptions{Style: NewStyle(false), Width: 80}, Summary: &summary})
		golden(t, "compile_error."+string(f)+".golden", got)
		if f == FormatGitHub {
			golden(t, "compile_error.github_summary.golden", summary.Bytes())
		}
		if !bytes.Contains(got, []byte("exercises/ex01_start_join/squares.go")) {
			t.Errorf("%s does not name the learner's file:\n%s", f, got)
		}
		if bytes.Contains(got, []byte("/tmp/")) || bytes.Contains(got, []byte("gilgrade-overlay")) {
			t.Errorf("%s names a path outside the course:\n%s", f, got)
		}
	}
}
