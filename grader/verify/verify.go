// Package verify lets a course check itself: every exercise as shipped must be
// reported unfilled, its reference solution must pass with no error-level
// diagnosis (advice such as use-wg-go may remain), and each known mistake must
// fail with the diagnosis codes it promises.
package verify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
)

// Case is one variant of an exercise and what verifying it found.
type Case struct {
	Name    string // "shipped", "solution", or the mistake's name
	Kind    Kind
	Expect  []string // codes the case must produce
	Got     []string // codes it produced, sorted and unique
	Pending []string // expected codes no part of gilgrade produces yet
	Problem string   // "" when the case behaved as promised
	Result  *report.Exercise
}

// Kind is the kind of a case.
type Kind string

const (
	Shipped  Kind = "shipped"
	Solution Kind = "solution"
	Mistake  Kind = "mistake"
)

// Result is the verification of one exercise.
type Result struct {
	Exercise *course.Exercise
	Cases    []Case
}

// OK reports whether every case behaved as promised.
func (r Result) OK() bool {
	return !slices.ContainsFunc(r.Cases, func(c Case) bool { return c.Problem != "" })
}

// Options shape a verification.
type Options struct {
	Race bool
	// Known reports whether some part of gilgrade can produce a code; expected
	// codes it does not know are reported as pending instead of failing.
	Known  func(code string) bool
	Notify func(string)
}

// Run verifies the exercises of a course. Each variant is written into one
// temporary module and all are graded by one run of the pipeline, so the builds
// and tests run in parallel.
func Run(ctx context.Context, c *course.Course, exs []*course.Exercise, o Options) ([]Result, error) {
	tmp, err := os.MkdirTemp("", "gilgrade-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	module := filepath.Join(tmp, course.ExercisesDir)
	if err := os.MkdirAll(module, 0o755); err != nil {
		return nil, err
	}
	if err := copyFile(filepath.Join(c.Root, course.ExercisesDir, "go.mod"), filepath.Join(module, "go.mod")); err != nil {
		return nil, err
	}

	// The shipped files only need the blank scan, which grading does first.
	shipped, err := check.Run(ctx, check.ForCourse(c, exs), check.Options{})
	if err != nil {
		return nil, err
	}

	target := check.Target{Root: tmp, Module: module}
	results := make([]Result, len(exs))
	type where struct{ ex, cs int }
	var places []where
	for i, ex := range exs {
		results[i].Exercise = ex
		sh := shipped.Exercises[i]
		sc := Case{Name: "as shipped", Kind: Shipped, Result: &sh, Got: codes(&sh)}
		if sh.Status != report.Unfilled || sh.BlanksLeft != len(ex.Solution) {
			sc.Problem = fmt.Sprintf("expected %d blanks reported as unfilled, got status %s with %d blanks", len(ex.Solution), sh.Status, sh.BlanksLeft)
		}
		results[i].Cases = append(results[i].Cases, sc)

		variants := [][]string{ex.Solution}
		results[i].Cases = append(results[i].Cases, Case{Name: "reference solution", Kind: Solution})
		for _, m := range ex.Mistakes {
			variants = append(variants, m.AllFills(ex.Solution))
			results[i].Cases = append(results[i].Cases, Case{Name: m.Name, Kind: Mistake, Expect: m.Expect})
		}
		for v, fills := range variants {
			dir := filepath.Join(module, fmt.Sprintf("%s_v%d", ex.Name(), v))
			if err := writeVariant(c, ex, dir, fills); err != nil {
				return nil, err
			}
			target.Units = append(target.Units, check.Unit{Exercise: ex, Dir: dir})
			places = append(places, where{i, v + 1})
		}
	}
	rep, err := check.Run(ctx, target, check.Options{Race: o.Race, Analyze: true, Notify: o.Notify})
	if err != nil {
		return nil, err
	}
	for n, p := range places {
		cs := &results[p.ex].Cases[p.cs]
		ex := rep.Exercises[n]
		cs.Result = &ex
		cs.Got = codes(&ex)
		judge(cs, o)
	}
	return results, nil
}

// judge decides whether a graded variant behaved as its case promises.
func judge(cs *Case, o Options) {
	r := cs.Result
	switch cs.Kind {
	case Solution:
		if r.Status != report.Passed {
			cs.Problem = fmt.Sprintf("the reference solution did not pass (%s: %s)", r.Status, strings.Join(cs.Got, ", "))
		} else if diag.HasError(r.Diagnostics) {
			cs.Problem = "the reference solution passed but drew diagnoses: " + strings.Join(cs.Got, ", ")
		}
	case Mistake:
		if r.Status == report.Passed {
			cs.Problem = "this mistake passed the tests"
		}
		var missing []string
		for _, code := range cs.Expect {
			switch {
			case slices.Contains(cs.Got, code):
			case o.Known != nil && !o.Known(code):
				cs.Pending = append(cs.Pending, code)
			default:
				missing = append(missing, code)
			}
		}
		if len(missing) > 0 {
			got := strings.Join(cs.Got, ", ")
			if got == "" {
				got = "no diagnosis"
			}
			cs.Problem = fmt.Sprintf("expected %s, got %s", strings.Join(missing, ", "), got)
		}
	}
}

func codes(r *report.Exercise) []string {
	var cs []string
	for _, d := range r.Diagnostics {
		cs = append(cs, d.Code)
	}
	slices.Sort(cs)
	return slices.Compact(cs)
}

// writeVariant copies an exercise's files into dir with the learner files filled.
func writeVariant(c *course.Course, ex *course.Exercise, dir string, fills []string) error {
	src := filepath.Join(c.Root, filepath.FromSlash(ex.Dir))
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files, err := ex.SplitFills(fills, func(f string) ([]byte, error) { return os.ReadFile(filepath.Join(src, f)) })
	if err != nil {
		return err
	}
	learner := map[string]bool{}
	for _, ff := range files {
		learner[ff.File] = true
		filled, err := ff.Filled()
		if err != nil {
			return fmt.Errorf("%s/%s: %w", ex.Dir, ff.File, err)
		}
		if err := os.WriteFile(filepath.Join(dir, ff.File), filled, 0o644); err != nil {
			return err
		}
	}
	for _, e := range entries {
		if e.IsDir() || learner[e.Name()] || !bundle.Included(e.Name()) {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
