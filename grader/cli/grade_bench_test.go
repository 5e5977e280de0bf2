package cli

import (
	"fmt"
	"os"
	"os/exec"
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

// BenchmarkGradeFloor compares `grade --jobs 2 --no-dedupe` of a class of unique
// solved submissions (GILGRADE_BENCH_CLASS, default 6) with the floor: each
// submission copied afresh and its exercises tested with
// `GORACE=atexit_sleep_ms=0 go test -race -count=1 ./...`, two at a time. Both
// run in each iteration, on the same machine state, and the ratio is reported:
//
//	go test -run '^$' -bench GradeFloor -benchtime 2x -timeout 1h ./grader/cli
func BenchmarkGradeFloor(b *testing.B) {
	n := 6
	if v, err := strconv.Atoi(os.Getenv("GILGRADE_BENCH_CLASS")); err == nil && v > 0 {
		n = v
	}
	const jobs = 2
	template := freshCourse(b)
	warm := b.TempDir()
	makeSubmission(b, template, filepath.Join(warm, "warm"), solved, "warm")
	if r := run(b, warm, "grade", "warm"); r.code != ExitOK {
		b.Fatalf("warm-up: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var gradeTime, floorTime time.Duration
	iter := 0
	for b.Loop() {
		iter++
		// Fills unique to this iteration, so nothing is found compiled.
		class := b.TempDir()
		var names []string
		for i := range n {
			name := fmt.Sprintf("s%03d", i)
			makeSubmission(b, template, filepath.Join(class, name), solved, fmt.Sprintf("i%d-%s", iter, name))
			names = append(names, name)
		}
		start := time.Now()
		r := run(b, class, append([]string{"grade", "--no-dedupe", "--jobs", strconv.Itoa(jobs)}, names...)...)
		gradeTime += time.Since(start)
		if r.code != ExitOK {
			b.Fatalf("grade: exit %d\n%s", r.code, r.stderr)
		}

		floorClass := b.TempDir()
		for _, name := range names {
			makeSubmission(b, template, filepath.Join(floorClass, name), solved, fmt.Sprintf("f%d-%s", iter, name))
		}
		start = time.Now()
		sem := make(chan struct{}, jobs)
		errs := make(chan error, n)
		for _, name := range names {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				copyDir := filepath.Join(b.TempDir(), name)
				err := os.CopyFS(copyDir, os.DirFS(filepath.Join(floorClass, name)))
				if err == nil {
					cmd := exec.Command("go", "test", "-race", "-count=1", "./...")
					cmd.Dir = filepath.Join(copyDir, "exercises")
					cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0")
					if out, err2 := cmd.CombinedOutput(); err2 != nil {
						err = fmt.Errorf("%v\n%s", err2, out)
					}
				}
				errs <- err
			}()
		}
		for range names {
			if err := <-errs; err != nil {
				b.Fatalf("go test: %v", err)
			}
		}
		floorTime += time.Since(start)
	}
	b.ReportMetric(float64(gradeTime)/float64(floorTime), "x-floor")
	b.ReportMetric(float64(n*b.N)/gradeTime.Minutes(), "submissions/min")
	b.ReportMetric(float64(n*b.N)/floorTime.Minutes(), "floor-submissions/min")
}
