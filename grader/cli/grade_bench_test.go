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
				class, unique := b.TempDir(), nonce()
				var names []string
				for i := range n {
					name := fmt.Sprintf("s%03d", i)
					tag := ""
					if fills == "unique" {
						tag = fmt.Sprintf("%s-%s-jobs%d", unique, name, jobs)
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

// nonce tells one benchmark run's submissions from those of the runs before
// it (-count, or earlier processes), whose compiled packages are in the build
// cache.
func nonce() string { return strconv.FormatInt(time.Now().UnixNano(), 36) }

// BenchmarkGradeFloor compares `grade --jobs 2 --no-dedupe` of a class of unique
// solved submissions (GILGRADE_BENCH_CLASS, default 6) with the floor: each
// submission copied afresh and its exercises tested with
// `GORACE=atexit_sleep_ms=0 go test -race -count=1 ./...`, two at a time. Both
// run in each iteration, on the same machine state, in turns (grade first in
// odd iterations, the floor first in even ones, so that a load that rises or
// falls during an iteration does not favour either), and the ratios are
// reported: x-floor of wall time, and cpu-x-floor of processor time (this
// process's and its children's, where the system says), which a machine shared
// with other work disturbs less:
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
	var gradeTime, floorTime, gradeCPU, floorCPU time.Duration
	iter, unique := 0, nonce()
	for b.Loop() {
		iter++
		// Fills unique to this iteration, so nothing is found compiled, by
		// this run or an earlier one (grade builds with -trimpath, so the
		// same files compile once whatever folder they are in).
		class, floorClass := b.TempDir(), b.TempDir()
		var names []string
		for i := range n {
			name := fmt.Sprintf("s%03d", i)
			makeSubmission(b, template, filepath.Join(class, name), solved, fmt.Sprintf("%s-i%d-%s", unique, iter, name))
			makeSubmission(b, template, filepath.Join(floorClass, name), solved, fmt.Sprintf("%s-f%d-%s", unique, iter, name))
			names = append(names, name)
		}
		grade := func() {
			start, cpu := time.Now(), cpuTime()
			r := run(b, class, append([]string{"grade", "--no-dedupe", "--jobs", strconv.Itoa(jobs)}, names...)...)
			gradeTime += time.Since(start)
			gradeCPU += cpuTime() - cpu
			if r.code != ExitOK {
				b.Fatalf("grade: exit %d\n%s", r.code, r.stderr)
			}
		}
		floor := func() {
			start, cpu := time.Now(), cpuTime()
			floorRun(b, floorClass, names, jobs)
			floorTime += time.Since(start)
			floorCPU += cpuTime() - cpu
		}
		if iter%2 == 1 {
			grade()
			floor()
		} else {
			floor()
			grade()
		}
	}
	b.ReportMetric(float64(gradeTime)/float64(floorTime), "x-floor")
	if floorCPU > 0 {
		b.ReportMetric(float64(gradeCPU)/float64(floorCPU), "cpu-x-floor")
	}
	b.ReportMetric(float64(n*b.N)/gradeTime.Minutes(), "submissions/min")
	b.ReportMetric(float64(n*b.N)/floorTime.Minutes(), "floor-submissions/min")
}

// floorRun is the floor of grading the named submissions of class: each copied
// afresh and tested with `go test -race`, jobs at a time.
func floorRun(b *testing.B, class string, names []string, jobs int) {
	sem := make(chan struct{}, jobs)
	errs := make(chan error, len(names))
	for _, name := range names {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			copyDir := filepath.Join(b.TempDir(), name)
			err := os.CopyFS(copyDir, os.DirFS(filepath.Join(class, name)))
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
}
