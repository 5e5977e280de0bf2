package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkGradeClass grades a generated class — GILGRADE_BENCH_CLASS
// submissions of the full course (default 60), a mix of solved, half-done, racy
// and broken work — and reports submissions per minute, with 1 and 2 jobs, and
// with identical fills per kind (graded once) or every student's fills unique:
//
//	go test -run '^$' -bench GradeClass -benchtime 1x -timeout 2h ./grader/cli
//
// One sub-benchmark at a time: -bench 'GradeClass/fills=unique/jobs=2'.
func BenchmarkGradeClass(b *testing.B) {
	n := 60
	if v, err := strconv.Atoi(os.Getenv("GILGRADE_BENCH_CLASS")); err == nil && v > 0 {
		n = v
	}
	template := freshCourse(b)
	kinds := []string{solved, halfDone, racy, broken}
	// Warm the build cache (the race-enabled standard library) outside the
	// measurement, as a teacher's second run would be.
	warm := b.TempDir()
	makeSubmission(b, template, filepath.Join(warm, "warm"), solved, "warm")
	if r := run(b, warm, "grade", "warm"); r.code != ExitOK {
		b.Fatalf("warm-up: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, fills := range []string{"identical", "unique"} {
		for _, jobs := range []int{1, 2} {
			b.Run(fmt.Sprintf("fills=%s/jobs=%d", fills, jobs), func(b *testing.B) {
				// A class of its own: unique fills must not find their
				// packages already compiled by another sub-benchmark.
				class := b.TempDir()
				var names []string
				for i := range n {
					name := fmt.Sprintf("s%03d", i)
					tag := ""
					if fills == "unique" {
						tag = fmt.Sprintf("%s-jobs%d", name, jobs)
					}
					makeSubmission(b, template, filepath.Join(class, name), kinds[i%len(kinds)], tag)
					names = append(names, name)
				}
				var total time.Duration
				for b.Loop() {
					start := time.Now()
					r := run(b, class, append([]string{"grade", "--jobs", strconv.Itoa(jobs)}, names...)...)
					total += time.Since(start)
					if r.code != ExitOK {
						b.Fatalf("grade: exit %d\n%s", r.code, r.stderr)
					}
				}
				b.ReportMetric(float64(n*b.N)/total.Minutes(), "submissions/min")
			})
		}
	}
}
