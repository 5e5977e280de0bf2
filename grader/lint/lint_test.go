package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

// writeModule writes files (name -> content) into a new temporary module.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/ex\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// summary renders diagnostics as "file:line:col code | source" for comparison.
func summary(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d %s | %s", d.File, d.Line, d.Col, d.Code, d.Source))
	}
	return out
}

const mistakes = `package ex

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
}

func worker(wg *sync.WaitGroup) {
	defer wg.Done()
	wg.Add(1)
}

func Run() {
	var wg sync.WaitGroup
	go worker(&wg)
	wg.Wait()
}
`

const mistakesTest = `package ex

import (
	"sync"
	"testing"
)

var hits int

func TestRun(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	mu.Unlock()
	hits++
	Run()
}
`

func TestRunReportsMistakes(t *testing.T) {
	dir := writeModule(t, map[string]string{"ex.go": mistakes, "ex_test.go": mistakesTest})
	ds, err := lint.Run(context.Background(), dir, []string{"./..."}, lint.Options{Tests: true, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := summary(ds)
	want := []string{
		"ex.go:11:2 missing-unlock | c.mu.Lock()",
		"ex.go:17:2 wg-add-in-goroutine | wg.Add(1)",
		"ex_test.go:12:2 empty-critical-section | mu.Lock()",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, d := range ds {
		if d.Severity != diag.Error || d.Message == "" || d.Hint == "" || strings.Contains(d.Message+d.Hint, "\n") {
			t.Errorf("malformed diagnostic %+v", d)
		}
	}
}

func TestRunWithoutTests(t *testing.T) {
	dir := writeModule(t, map[string]string{"ex.go": mistakes, "ex_test.go": mistakesTest})
	ds, err := lint.Run(context.Background(), dir, []string{"./..."}, lint.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if strings.HasSuffix(d.File, "_test.go") {
			t.Errorf("test file analyzed without Options.Tests: %+v", d)
		}
	}
	if len(ds) != 2 {
		t.Errorf("got %d diagnostics, want 2: %v", len(ds), summary(ds))
	}
}

const illTyped = `package ex

import "sync"

func download(u string) {}

func Fetch(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(download(u))
	}
	go func() {
		download("x")
	}
	wg.Wait()
}
`

func TestRunIllTyped(t *testing.T) {
	dir := writeModule(t, map[string]string{"ex.go": illTyped})
	ds, err := lint.Run(context.Background(), dir, []string{"."}, lint.Options{Tests: true, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := summary(ds)
	want := []string{
		"ex.go:10:9 call-not-pass | wg.Go(download(u))",
		"ex.go:12:2 call-not-pass | go func() {",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// The overlay replaces the file on disk, for the parser and for analyzers
// that read source back.
func TestRunOverlay(t *testing.T) {
	dir := writeModule(t, map[string]string{"ex.go": "package ex\n"})
	name := filepath.Join(dir, "ex.go")
	ds, err := lint.Run(context.Background(), dir, []string{"."}, lint.Options{
		Overlay: map[string][]byte{name: []byte(illTyped)},
		Root:    dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[1].Source != "go func() {" || !strings.Contains(ds[1].Message, "`go func() { … }` has no `()`") {
		t.Errorf("got %v", summary(ds))
	}
}

func TestDocs(t *testing.T) {
	seen := make(map[string]bool)
	for _, d := range lint.Docs() {
		if seen[d.Code] {
			t.Errorf("code %s documented twice", d.Code)
		}
		seen[d.Code] = true
		if d.Title == "" || d.Title[0] < 'a' || d.Title[0] > 'z' {
			t.Errorf("%s: title %q must be lowercase-first", d.Code, d.Title)
		}
		if !strings.Contains(d.Body, "WRONG") || !strings.Contains(d.Body, "RIGHT") {
			t.Errorf("%s: body lacks WRONG and RIGHT examples", d.Code)
		}
	}
	for _, code := range []string{"call-not-pass", "wg-add-in-goroutine", "wg-by-value", "mutex-by-value",
		"missing-unlock", "defer-lock", "empty-critical-section", "lost-cancel", "fatal-in-goroutine"} {
		if !seen[code] {
			t.Errorf("code %s has no Doc", code)
		}
	}
}
