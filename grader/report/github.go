package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// GitHub shows at most this many annotations of each level per step
// (docs/REPORT.md, "GitHub Actions annotations"); the rest would be dropped
// silently, so gilgrade summarises them itself.
const githubCap = 10

// summaryMax keeps the job summary under GitHub's 1 MiB per step, with room to
// spare for what the workflow's other steps append.
const summaryMax = 900 << 10

// annotation is one GitHub Actions workflow command.
type annotation struct {
	level   string // error | warning | notice
	file    string
	line    int
	col     int
	title   string
	message string

	exercise string // the exercise's ID, for the job summary
	code     string
}

func (a annotation) String() string {
	var props []string
	if a.file != "" {
		props = append(props, "file="+escapeProperty(a.file))
		if a.line > 0 {
			props = append(props, "line="+strconv.Itoa(a.line))
			if a.col > 0 {
				props = append(props, "col="+strconv.Itoa(a.col))
			}
		}
	}
	if a.title != "" {
		props = append(props, "title="+escapeProperty(a.title))
	}
	s := "::" + a.level
	if len(props) > 0 {
		s += " " + strings.Join(props, ",")
	}
	return s + "::" + escapeData(a.message) + "\n"
}

// escapeData escapes a workflow command's message as the Actions runner reads
// it: '%', CR and LF are percent-encoded, so the command stays one line. The
// other control characters are made visible first (the log viewer would act on
// ESC), and "##[", which the runner takes for a legacy command anywhere in a
// line, is broken.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", "##[", "#\u00a0#[").Replace(safetext.Terminal(s))
}

// escapeProperty escapes a workflow command's property value: as a message, and
// also the ':' and ',' that would end the value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C", "##[", "#\u00a0#[").Replace(safetext.Terminal(s))
}

func githubLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "notice"
}

// githubAnnotations turns every diagnosis into an annotation, in course order.
// The blanks of an exercise make one annotation at the first blank: a fresh
// course has dozens, and they would crowd out the mistakes worth seeing.
func githubAnnotations(r *Report) []annotation {
	var as []annotation
	for i := range r.Exercises {
		ex := &r.Exercises[i]
		var blanks []diag.Diagnostic
		at := -1 // where the blanks' annotation goes: at the first blank
		for _, d := range ex.Diagnostics {
			if !d.Is(diag.Unfilled) {
				as = append(as, diagAnnotation(ex, d))
				continue
			}
			if at < 0 {
				at = len(as)
				as = append(as, annotation{})
			}
			blanks = append(blanks, d)
		}
		if at >= 0 {
			as[at] = blanksAnnotation(ex, blanks)
		}
		if (ex.Status == Failed || ex.Status == Error) && !diag.HasError(ex.Diagnostics) {
			as = append(as, testsAnnotation(ex))
		}
	}
	return as
}

func diagAnnotation(ex *Exercise, d diag.Diagnostic) annotation {
	var b strings.Builder
	b.WriteString(d.Message)
	for _, det := range d.Details {
		b.WriteString("\n· " + det)
	}
	if d.Hint != "" {
		b.WriteString("\n→ " + d.Hint)
	}
	fmt.Fprintf(&b, "\n(gilgrade explain %s)", d.Code)
	a := annotation{level: githubLevel(d.Severity), file: d.File, line: d.Line, col: d.Col,
		title: ex.ID + ": " + d.Code, message: b.String(), exercise: ex.ID, code: d.Code}
	if a.file == "" { // a line without its file means nothing: point at the exercise
		a.file, a.line, a.col = exerciseFile(ex), 0, 0
	}
	return a
}

func blanksAnnotation(ex *Exercise, blanks []diag.Diagnostic) annotation {
	// Lines per file, in the order the blanks were found.
	var files []string
	lines := map[string][]string{}
	for _, d := range blanks {
		if _, ok := lines[d.File]; !ok {
			files = append(files, d.File)
		}
		lines[d.File] = append(lines[d.File], strconv.Itoa(d.Line))
	}
	var where []string
	for _, f := range files {
		w := "line"
		if len(lines[f]) > 1 {
			w = "lines"
		}
		where = append(where, fmt.Sprintf("%s %s of %s", w, strings.Join(lines[f], ", "), f))
	}
	n := len(blanks)
	msg := fmt.Sprintf("%d blank%s still `___`: %s", n, plural(n), strings.Join(where, "; "))
	if h := blanks[0].Hint; h != "" {
		msg += "\n→ " + h
	}
	first := blanks[0]
	return annotation{level: githubLevel(first.Severity), file: first.File, line: first.Line, col: first.Col,
		title: fmt.Sprintf("%s: %d blank%s left", ex.ID, n, plural(n)), message: msg, exercise: ex.ID, code: first.Code}
}

// testsAnnotation reports an exercise that failed with no diagnosis to explain
// it: the failing tests' own words are the best there is.
func testsAnnotation(ex *Exercise) annotation {
	a := annotation{level: "error", file: exerciseFile(ex), exercise: ex.ID}
	ts := failedTests(ex)
	switch {
	case ex.Status == Error:
		a.title, a.code = ex.ID+": could not be graded", string(diag.GraderError)
		a.message = "gilgrade could not grade this exercise; run `gilgrade check " + ex.ID + "` on your machine to see why"
	case len(ts) == 0:
		a.title, a.code = ex.ID+": failed", string(diag.TestFailed)
		a.message = "the exercise failed; run `gilgrade check " + ex.ID + "` to see why"
	default:
		a.title, a.code = ex.ID+": "+testNames(ts)+" failed", string(diag.TestFailed)
		a.message = truncate(strings.TrimRight(failedOutput(ex), "\n"), 2000)
	}
	return a
}

// githubPlan splits the annotations into those GitHub will show and the rest.
// One notice is kept for the score and, when anything is left over, one for
// saying so.
func githubPlan(r *Report, prefix string) (shown, hidden []annotation) {
	all := githubAnnotations(r)
	if prefix = strings.Trim(prefix, "/"); prefix != "" && prefix != "." {
		for i := range all {
			if all[i].file != "" {
				all[i].file = prefix + "/" + all[i].file
			}
		}
	}
	count := map[string]int{}
	for _, a := range all {
		count[a.level]++
	}
	budget := map[string]int{"error": githubCap, "warning": githubCap, "notice": githubCap - 1}
	if count["error"] > budget["error"] || count["warning"] > budget["warning"] || count["notice"] > budget["notice"] {
		budget["notice"]--
	}
	for _, a := range all {
		if budget[a.level] > 0 {
			budget[a.level]--
			shown = append(shown, a)
		} else {
			hidden = append(hidden, a)
		}
	}
	return shown, hidden
}

// WriteGitHub writes GitHub Actions workflow commands: an annotation at the
// learner's file and line for each diagnosis, within GitHub's per-step caps, one
// notice counting what did not fit (listed in the job summary instead), and a
// notice with the score. prefix is the course root's path in the repository,
// slash-separated, "" when the course is the repository: GitHub places an
// annotation by its path from the repository's root.
func WriteGitHub(w io.Writer, r *Report, prefix string) error {
	shown, hidden := githubPlan(cleaned(r, safetext.Line, safetext.Terminal), prefix)
	var b strings.Builder
	for _, a := range shown {
		b.WriteString(a.String())
	}
	if len(hidden) > 0 {
		by := map[string]int{}
		for _, a := range hidden {
			by[a.level]++
		}
		var parts []string
		for _, l := range []string{"error", "warning", "notice"} {
			if by[l] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s%s", by[l], l, plural(by[l])))
			}
		}
		b.WriteString(annotation{level: "notice", title: "gilgrade: more problems",
			message: fmt.Sprintf("%d more problem%s than GitHub shows as annotations (%s): see the job summary",
				len(hidden), plural(len(hidden)), strings.Join(parts, ", "))}.String())
	}
	b.WriteString(annotation{level: "notice", title: "gilgrade: " + Points(r.Score) + "/" + Points(r.MaxScore) + " points",
		message: scoreLine(r)}.String())
	_, err := io.WriteString(w, b.String())
	return err
}

// ScoreLine says in one line how the run went: points, exercises and quizzes
// passed. It holds numbers only, so it is safe to print anywhere.
func ScoreLine(r *Report) string { return scoreLine(r) }

// scoreLine says in one line how the run went.
func scoreLine(r *Report) string {
	s := fmt.Sprintf("%s/%s points", Points(r.Score), Points(r.MaxScore))
	if len(r.Exercises) > 0 {
		s += fmt.Sprintf(" · %d of %d exercises passed", countPassedEx(r), len(r.Exercises))
	}
	if len(r.Quizzes) > 0 {
		n := 0
		for _, q := range r.Quizzes {
			if q.Status == Passed {
				n++
			}
		}
		quizzes := "quizzes"
		if len(r.Quizzes) == 1 {
			quizzes = "quiz"
		}
		s += fmt.Sprintf(" · %d of %d %s passed", n, len(r.Quizzes), quizzes)
	}
	return s
}

func countPassedEx(r *Report) int {
	n := 0
	for _, ex := range r.Exercises {
		if ex.Status == Passed {
			n++
		}
	}
	return n
}

func statusMark(s Status) string {
	switch s {
	case Passed:
		return "✅ passed"
	case Unfilled:
		return "✏️ unfilled"
	case Error:
		return "⚠️ error"
	}
	return "❌ failed"
}

// WriteGitHubSummary writes the Markdown job summary: the exercises, quizzes and
// score, the run's notes, then every problem that did not fit in the
// annotations. prefix is as for WriteGitHub, and must be the same for the
// summary to list exactly what the annotations left out.
func WriteGitHubSummary(w io.Writer, r *Report, prefix string) error {
	r = cleaned(r, safetext.Line, safetext.Terminal)
	var b strings.Builder
	fmt.Fprintf(&b, "## gilgrade: %s/%s points\n\n", Points(r.Score), Points(r.MaxScore))
	fmt.Fprintf(&b, "%s · %s\n\n", statusMark(r.Status), scoreLine(r))
	if len(r.Exercises) > 0 {
		b.WriteString("| Exercise | Title | Status | Points |\n| --- | --- | --- | ---: |\n")
		for _, ex := range r.Exercises {
			status := statusMark(ex.Status)
			if ex.Status != Passed {
				status += ": " + exerciseSummary(&ex)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s/%s |\n", mdCell(ex.ID), mdCell(ex.Title), mdCell(status),
				Points(ex.Score), Points(ex.MaxScore))
		}
		b.WriteString("\n")
	}
	if len(r.Quizzes) > 0 {
		b.WriteString("| Quiz | Title | Status | Points | Answered |\n| --- | --- | --- | ---: | ---: |\n")
		for _, q := range r.Quizzes {
			fmt.Fprintf(&b, "| %s | %s | %s | %s/%s | %d of %d |\n", mdCell(q.ID), mdCell(q.Title), mdCell(statusMark(q.Status)),
				Points(q.Score), Points(q.MaxScore), q.Answered, q.Questions)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "**Total: %s/%s points**\n\n", Points(r.Score), Points(r.MaxScore))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> **Note:** %s\n\n", mdCell(n))
	}
	if _, hidden := githubPlan(r, prefix); len(hidden) > 0 {
		fmt.Fprintf(&b, "### Problems not shown as annotations\n\n"+
			"GitHub shows at most %d errors, %d warnings and %d notices per step; here are the other %d.\n\n",
			githubCap, githubCap, githubCap, len(hidden))
		for i, a := range hidden {
			line := fmt.Sprintf("- **%s** %s %s %s: %s\n", mdCell(a.exercise), a.level, safetext.CodeSpan(location(a.file, a.line, a.col)),
				safetext.CodeSpan(a.code), mdCell(a.message))
			if b.Len()+len(line) > summaryMax {
				fmt.Fprintf(&b, "- … and %d more: run `gilgrade check --all` to see them all\n", len(hidden)-i)
				break
			}
			b.WriteString(line)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
