// Package verify lets a course check itself: every exercise as shipped must be
// reported unfilled, its reference solution must pass with no diagnosis at all,
// and each known mistake must fail (never as a grader error) with the diagnosis
// codes it promises, the first of them as its headline. With Repeat, every
// variant is graded several times and must get the same status and headline
// each time.
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
	"github.com/gilgrade/gilgrade/grader/report"
)

// Case is one variant of an exercise and what verifying it found.
type Case struct {
	Name   string // "shipped", "solution", or the mistake's name
	Kind   Kind
	Expect []string // codes the case must produce
	Got    []string // codes it produced, sorted and unique
	// Headline is the code of the diagnosis the report leads with ("" when
	// there is none); the first expected code of a mistake.
	Headline string
	// At is text the learner's line the headline names must contain (a
	// mistake's "at"); "" for any line.
	At string
	// Want is what an answer must get: its status, headline and line.
	Want    *Answer
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
	// Other is an answer given through Options.Answers.
	Other Kind = "answer"
)

// Answer is a learner's answer to an exercise and the verdict it must get: a
// correct answer in an unusual style, or a wrong one nobody listed as a mistake.
type Answer struct {
	Exercise string // the exercise's ID, "ex03"
	Name     string
	Fills    map[int]string // 1-based blank number → fill; other blanks take the solution
	Status   report.Status  // the status it must get
	Headline string         // the code the report must lead with; "" for a pass
	Line     int            // the headline's line in the learner's file; 0 for any
	At       string         // text the headline's line in the learner's file contains; "" for any
	Source   string         // where the answer was read from, for messages
	// Pending names the change outside the verdict pipeline this answer waits
	// for (an analyzer fix); a pending answer that does not hold is noted, not
	// failed.
	Pending string
}

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
	// Repeat grades every variant this many times (at least once); a variant
	// whose status or headline changes between runs is a problem.
	Repeat int
	// Answers are graded beside the exercises' own variants, each as a case of
	// kind Other of its exercise.
	Answers []Answer
	// SkipCourse leaves out the shipped files, the solutions and the mistakes:
	// only the Answers are graded.
	SkipCourse bool
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
	variant := func(i int, fills []string, cs Case) error {
		ex := exs[i]
		dir := filepath.Join(module, fmt.Sprintf("%s_v%d", ex.Name(), len(results[i].Cases)))
		if err := writeVariant(c, ex, dir, fills); err != nil {
			return fmt.Errorf("%s: %w", cs.Name, err)
		}
		target.Units = append(target.Units, check.Unit{Exercise: ex, Dir: dir})
		places = append(places, where{i, len(results[i].Cases)})
		results[i].Cases = append(results[i].Cases, cs)
		return nil
	}
	for i, ex := range exs {
		results[i].Exercise = ex
		if o.SkipCourse {
			continue
		}
		sh := shipped.Exercises[i]
		sc := Case{Name: "as shipped", Kind: Shipped, Result: &sh, Got: codes(&sh)}
		if sh.Status != report.Unfilled || sh.BlanksLeft != len(ex.Solution) {
			sc.Problem = fmt.Sprintf("expected %d blanks reported as unfilled, got status %s with %d blanks", len(ex.Solution), sh.Status, sh.BlanksLeft)
		}
		results[i].Cases = append(results[i].Cases, sc)
		if err := variant(i, ex.Solution, Case{Name: "reference solution", Kind: Solution}); err != nil {
			return nil, err
		}
		for _, m := range ex.Mistakes {
			if err := variant(i, m.AllFills(ex.Solution), Case{Name: m.Name, Kind: Mistake, Expect: m.Expect, At: m.At}); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range o.Answers {
		i := slices.IndexFunc(exs, func(e *course.Exercise) bool { return e.ID == a.Exercise })
		if i < 0 {
			continue
		}
		fills := slices.Clone(exs[i].Solution)
		for n, f := range a.Fills {
			if n < 1 || n > len(fills) {
				return nil, fmt.Errorf("%s: fills blank %d, but %s has blanks 1 to %d", a.Source, n, a.Exercise, len(fills))
			}
			fills[n-1] = f
		}
		if err := variant(i, fills, Case{Name: a.Name, Kind: Other, Want: &a}); err != nil {
			return nil, err
		}
	}
	if len(target.Units) == 0 {
		return results, nil
	}
	opts := check.Options{Race: o.Race, Analyze: true, Notify: o.Notify, Templates: os.DirFS(c.Root)}
	var runs []*report.Report
	for range max(o.Repeat, 1) {
		rep, err := check.Run(ctx, target, opts)
		if err != nil {
			return nil, err
		}
		runs = append(runs, rep)
	}
	for n, p := range places {
		cs := &results[p.ex].Cases[p.cs]
		ex := runs[0].Exercises[n]
		cs.Result = &ex
		cs.Got = codes(&ex)
		cs.Headline = headline(&ex)
		judge(cs, o, headlineSource(tmp, &ex))
		if cs.Problem == "" {
			cs.Problem = unstable(runs, n)
		}
	}
	return results, nil
}

// headline returns the code the exercise's report leads with.
func headline(ex *report.Exercise) string {
	if d, ok := check.Headline(ex); ok {
		return d.Code
	}
	return ""
}

// unstable describes how the runs disagree about variant n, or returns "".
func unstable(runs []*report.Report, n int) string {
	verdict := func(ex *report.Exercise) string {
		if h := headline(ex); h != "" {
			return fmt.Sprintf("%s (%s)", ex.Status, h)
		}
		return string(ex.Status)
	}
	first := verdict(&runs[0].Exercises[n])
	for r := 1; r < len(runs); r++ {
		if v := verdict(&runs[r].Exercises[n]); v != first {
			return fmt.Sprintf("the verdict changed between runs: run 1 %s, run %d %s", first, r+1, v)
		}
	}
	return ""
}

// headlineSource returns the learner's line the headline names, as written in
// the variant under root, or "" when it names none.
func headlineSource(root string, ex *report.Exercise) string {
	d, ok := check.Headline(ex)
	if !ok || d.Line < 1 || !slices.Contains(ex.Files, d.File) {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(d.File)))
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if d.Line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[d.Line-1])
}

// atProblem says how the headline misses the learner's line containing at,
// or returns "" when it names that line (or at is "").
func atProblem(r *report.Exercise, code, at, src string) string {
	if at == "" || strings.Contains(src, at) {
		return ""
	}
	d, _ := check.Headline(r)
	if src == "" {
		return fmt.Sprintf("expected %s at the learner's line containing %q, got it at %s:%d, no line of the learner's file", code, at, d.File, d.Line)
	}
	return fmt.Sprintf("expected %s at the learner's line containing %q, got it at %s:%d: %s", code, at, d.File, d.Line, src)
}

// judge decides whether a graded variant behaved as its case promises; src is
// the learner's line the headline names, or "".
func judge(cs *Case, o Options, src string) {
	r := cs.Result
	switch cs.Kind {
	case Solution:
		if r.Status != report.Passed {
			cs.Problem = fmt.Sprintf("the reference solution did not pass (%s: %s)", r.Status, strings.Join(cs.Got, ", "))
		} else if len(r.Diagnostics) > 0 {
			cs.Problem = "the reference solution passed but drew diagnoses: " + strings.Join(cs.Got, ", ")
		}
	case Mistake:
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
		got := strings.Join(cs.Got, ", ")
		if got == "" {
			got = "no diagnosis"
		}
		switch {
		case r.Status == report.Passed:
			cs.Problem = "this mistake passed the tests"
		case r.Status != report.Failed:
			// A learner's mistake is never the course's or the grader's failure.
			cs.Problem = fmt.Sprintf("this mistake got status %s (%s), expected failed", r.Status, got)
		case len(missing) > 0:
			cs.Problem = fmt.Sprintf("expected %s, got %s", strings.Join(missing, ", "), got)
		case len(cs.Expect) > 0 && !slices.Contains(cs.Pending, cs.Expect[0]) && cs.Headline != cs.Expect[0]:
			cs.Problem = fmt.Sprintf("expected the report to lead with %s, it leads with %s", cs.Expect[0], cs.Headline)
		case len(cs.Expect) > 0 && !slices.Contains(cs.Pending, cs.Expect[0]):
			cs.Problem = atProblem(r, cs.Expect[0], cs.At, src)
		}
	case Other:
		cs.Problem = cs.Want.judge(r, cs.Headline, src)
	}
}

// judge compares a graded answer with what it must get; src is the learner's
// line its headline names, or "".
func (a *Answer) judge(r *report.Exercise, headline, src string) string {
	got := string(r.Status)
	if headline != "" {
		got += " (" + headline + ")"
	}
	want := string(a.Status)
	if a.Headline != "" {
		want += " (" + a.Headline + ")"
	}
	if r.Status != a.Status || headline != a.Headline {
		all := strings.Join(codes(r), ", ")
		return fmt.Sprintf("expected %s, got %s; codes: %s", want, got, all)
	}
	if a.Line != 0 {
		d, _ := check.Headline(r)
		if !slices.Contains(r.Files, d.File) || d.Line != a.Line {
			return fmt.Sprintf("expected %s at line %d of the learner's file, got %s:%d", a.Headline, a.Line, d.File, d.Line)
		}
	}
	return atProblem(r, a.Headline, a.At, src)
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
