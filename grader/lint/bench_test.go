package lint_test

import (
	"context"
	"os/exec"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/gilgrade/gilgrade/grader/lint"
)

// The benchmarks compare Run with `go vet` on the same packages: an
// exercise-sized module and some of the standard library's concurrent
// packages with their tests (benchStd). Run them with
//
//	go test -run '^$' -bench '^Benchmark(Run|GoVet)' -benchtime 10x ./grader/lint
//
// go vet caches its results, so its figures are for a warm cache, as a learner
// rerunning the grader sees; the first iteration warms the build cache for both.
// BenchmarkRunStdCached is the same for gilgrade's result cache. The Cold
// benchmarks (-bench Cold) start from empty caches.

func BenchmarkRunExercise(b *testing.B) {
	dir := writeModule(b, map[string]string{"ex.go": mistakes, "ex_test.go": mistakesTest})
	benchRun(b, dir, "./...")
}

func BenchmarkGoVetExercise(b *testing.B) {
	dir := writeModule(b, map[string]string{"ex.go": mistakes, "ex_test.go": mistakesTest})
	benchVet(b, dir)
}

// benchStd is the standard library part of the benchmarks: the -short corpus
// of TestPrecision and net/http, the biggest of the others.
var benchStd = append([]string{"net/http"}, shortCorpus...)

func BenchmarkRunStd(b *testing.B) {
	benchRun(b, ".", benchStd...)
}

func BenchmarkGoVetStd(b *testing.B) {
	benchVet(b, ".", benchStd...)
}

// BenchmarkRunStdCached is BenchmarkRunStd answered from a warm result
// cache, as a second `gilgrade vet` on unchanged packages is.
func BenchmarkRunStdCached(b *testing.B) {
	opts := lint.Options{Tests: true, CacheDir: b.TempDir()}
	if _, err := lint.Run(context.Background(), ".", benchStd, opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := lint.Run(context.Background(), ".", benchStd, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// The cold benchmarks start each run with an empty build cache (GOCACHE), so
// both tools compile the dependencies' export data, and gilgrade with an
// empty result cache; they use the -short corpus, which compiles in
// minutes:
//
//	go test -run '^$' -bench Cold -benchtime 2x ./grader/lint
func BenchmarkColdRunStd(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		coldCache(b)
		opts := lint.Options{Tests: true, CacheDir: b.TempDir()}
		b.StartTimer()
		if _, err := lint.Run(context.Background(), ".", shortCorpus, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkColdGoVetStd(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		coldCache(b)
		b.StartTimer()
		vet(b, ".", shortCorpus...)
	}
}

// coldCache points the go command at a new, empty build cache.
func coldCache(b *testing.B) {
	b.Setenv("GOCACHE", b.TempDir())
}

func benchRun(b *testing.B, dir string, patterns ...string) {
	for b.Loop() {
		if _, err := lint.Run(context.Background(), dir, patterns, lint.Options{Tests: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchVet(b *testing.B, dir string, patterns ...string) {
	for b.Loop() {
		vet(b, dir, patterns...)
	}
}

func vet(b *testing.B, dir string, patterns ...string) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cmd := exec.Command("go", append([]string{"vet"}, patterns...)...)
	cmd.Dir = dir
	// go vet exits 1 when it finds something; only a failure to run counts.
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzers measures each analyzer on its own on the standard
// library part of the benchmarks, loaded once, to show where Run spends its
// time:
//
//	go test -run '^$' -bench Analyzers ./grader/lint
func BenchmarkAnalyzers(b *testing.B) {
	pkgs := load(b, ".", nil, true, benchStd...)
	for _, a := range lint.Analyzers {
		b.Run(a.Name, func(b *testing.B) {
			for b.Loop() {
				analyze(b, []*analysis.Analyzer{a}, pkgs)
			}
		})
	}
}
