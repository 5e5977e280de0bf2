package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// PRCommentMarker starts every pull request comment gilgrade writes. The
// workflow that posts the comment finds its own earlier comment by it and
// updates that one instead of adding a new comment on every push.
const PRCommentMarker = "<!-- gilgrade-pr-comment -->"

// prCommentMax keeps the comment under GitHub's limit of 65536 characters. It
// counts bytes, which are never fewer than characters or UTF-16 units, with room
// for the line that says what was cut.
const prCommentMax = 60000

// prCommentDiagnoses is how many diagnoses the comment details: the first ones
// are what to fix first, and the check's annotations and `gilgrade check` show
// the rest.
const prCommentDiagnoses = 10

// prCommentOutputMax bounds the test output quoted for a failure no diagnosis
// explains.
const prCommentOutputMax = 1500

// WritePRComment writes the Markdown of a pull request comment: the score, a row
// per exercise and quiz with its status and headline diagnosis, then the first
// diagnoses with their lines, within GitHub's size limit. prefix is the course
// root's path inside the repository, as for WriteGitHub, so that the paths are
// the ones the pull request's diff shows.
//
// The report may come from the pull request's own run, which the learner's code
// controls: every string in it is shown inside a code span or block, or as
// escaped prose only when it cannot mention anyone, link anything or format
// anything.
func WritePRComment(w io.Writer, r *Report, prefix string) error {
	var b strings.Builder
	b.WriteString(PRCommentMarker + "\n")
	fmt.Fprintf(&b, "## %s gilgrade: %s/%s points\n\n", statusIcon(r.Status), Points(r.Score), Points(r.MaxScore))
	b.WriteString(scoreLine(r) + "\n\n")
	for i, n := range r.Notes {
		if i == 5 {
			fmt.Fprintf(&b, "> … %d more notes\n\n", len(r.Notes)-i)
			break
		}
		b.WriteString("> " + mdText(n, 500) + "\n\n")
	}

	// The rest is added in order of worth while it fits; what is cut is counted.
	// Rows are rendered one by one: a forged report may hold a great many.
	const footerRoom = 600
	if n := len(r.Exercises) + len(r.Quizzes); n > 0 {
		b.WriteString("| Exercise | Status | Points | Diagnosis |\n| --- | --- | ---: | --- |\n")
		for i := range n {
			var row string
			if i < len(r.Exercises) {
				row = prExerciseRow(&r.Exercises[i])
			} else {
				row = prQuizRow(&r.Quizzes[i-len(r.Exercises)])
			}
			if b.Len()+len(row) > prCommentMax-footerRoom {
				fmt.Fprintf(&b, "| … | %d more | | |\n", n-i)
				break
			}
			b.WriteString(row)
		}
		b.WriteString("\n")
	}

	sections, more := prDiagnoses(r, prefix)
	const heading = "### What to fix first\n\n"
	for i, s := range sections {
		if b.Len()+len(heading)+len(s) > prCommentMax-footerRoom {
			more += len(sections) - i
			break
		}
		if i == 0 {
			b.WriteString(heading)
		}
		b.WriteString(s)
	}
	if more > 0 {
		fmt.Fprintf(&b, "%d more problem%s: see the check's annotations, or run `gilgrade check --all` on your machine.\n\n", more, plural(more))
	}
	b.WriteString("<sub>Written by gilgrade from the pull request's report; each push updates this comment.</sub>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func statusIcon(s Status) string {
	switch s {
	case Passed:
		return "✅"
	case Unfilled:
		return "✏️"
	case Error:
		return "⚠️"
	}
	return "❌"
}

// prStatus names a status from the closed set; anything else a forged report
// holds shows as failed.
func prStatus(s Status) string {
	switch s {
	case Passed, Unfilled, Error:
		return statusMark(s)
	}
	return statusMark(Failed)
}

func prExerciseRow(ex *Exercise) string {
	name := mdCodeCell(ex.ID)
	if title := strings.TrimSpace(ex.Title); title != "" {
		name += " " + mdTextCell(title, 80)
	}
	headline := ""
	if ex.Status != Passed || hasSeverity(ex, diag.Warning) {
		headline = prHeadline(ex)
	}
	return fmt.Sprintf("| %s | %s | %s/%s | %s |\n", name, prStatus(ex.Status), Points(ex.Score), Points(ex.MaxScore), headline)
}

func prQuizRow(q *Quiz) string {
	name := "quiz " + mdCodeCell(q.ID)
	if title := strings.TrimSpace(q.Title); title != "" {
		name += " " + mdTextCell(title, 80)
	}
	return fmt.Sprintf("| %s | %s | %s/%s | %d of %d answered |\n", name, prStatus(q.Status), Points(q.Score), Points(q.MaxScore),
		q.Answered, q.Questions)
}

func hasSeverity(ex *Exercise, s diag.Severity) bool {
	for _, d := range ex.Diagnostics {
		if d.Severity == s {
			return true
		}
	}
	return false
}

// prHeadline is the table's one-line diagnosis: the first error's code and
// message, else what happened.
func prHeadline(ex *Exercise) string {
	var first *diag.Diagnostic
	errs := 0
	for i, d := range ex.Diagnostics {
		if d.Severity == diag.Error && !d.Is(diag.Unfilled) {
			if first == nil {
				first = &ex.Diagnostics[i]
			}
			errs++
		}
	}
	if first == nil {
		return mdTextCell(exerciseSummary(ex), 200)
	}
	s := mdCodeCell(first.Code) + " " + mdTextCell(first.Message, 200)
	if errs > 1 {
		s += fmt.Sprintf(" (and %d more)", errs-1)
	}
	return s
}

// prDiagnoses renders the first diagnoses to fix, in course order, errors
// before warnings; more counts the ones left out. The blanks of an exercise make
// one entry, as in the annotations. Only what is shown is rendered: a forged
// report may hold a great many.
func prDiagnoses(r *Report, prefix string) (sections []string, more int) {
	var errs, warns []func() string
	for i := range r.Exercises {
		ex := &r.Exercises[i]
		var blanks []diag.Diagnostic
		for _, d := range ex.Diagnostics {
			switch {
			case d.Is(diag.Unfilled):
				blanks = append(blanks, d)
			case d.Severity == diag.Error:
				errs = append(errs, func() string { return prDiagnosis(ex, d, prefix) })
			case d.Severity == diag.Warning:
				warns = append(warns, func() string { return prDiagnosis(ex, d, prefix) })
			}
		}
		if len(blanks) > 0 {
			errs = append(errs, func() string { return prBlanks(ex, blanks, prefix) })
		}
		if (ex.Status == Failed || ex.Status == Error) && !diag.HasError(ex.Diagnostics) {
			errs = append(errs, func() string { return prTests(ex, prefix) })
		}
	}
	all := append(errs, warns...)
	for i, render := range all {
		if i == prCommentDiagnoses {
			return sections, len(all) - i
		}
		sections = append(sections, render())
	}
	return sections, 0
}

func prPath(prefix, file string) string {
	if prefix = strings.Trim(prefix, "/"); prefix != "" && prefix != "." && file != "" {
		return prefix + "/" + file
	}
	return file
}

func prDiagnosis(ex *Exercise, d diag.Diagnostic, prefix string) string {
	var b strings.Builder
	file, line, col := d.File, d.Line, d.Col
	if file == "" {
		file, line, col = exerciseFile(ex), 0, 0
	}
	fmt.Fprintf(&b, "**%s** %s %s", mdCode(ex.ID), prSeverity(d.Severity), mdCode(d.Code))
	if loc := location(prPath(prefix, file), line, col); loc != "" {
		b.WriteString(" at " + mdCode(loc))
	}
	b.WriteString("\n\n" + mdText(d.Message, 500) + "\n\n")
	if src := strings.TrimSpace(d.Source); src != "" {
		if line > 0 {
			src = fmt.Sprintf("%d | %s", line, src)
		}
		b.WriteString(safetext.CodeBlock(truncate(src, 300)) + "\n")
	}
	for i, det := range d.Details {
		if i == 5 {
			fmt.Fprintf(&b, "- … %d more\n", len(d.Details)-i)
			break
		}
		b.WriteString("- " + mdText(det, 300) + "\n")
	}
	if len(d.Details) > 0 {
		b.WriteString("\n")
	}
	if d.Hint != "" {
		b.WriteString("→ " + mdText(d.Hint, 300) + "\n\n")
	}
	return b.String()
}

func prSeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

func prBlanks(ex *Exercise, blanks []diag.Diagnostic, prefix string) string {
	var lines []string
	for i, d := range blanks {
		if i == 20 {
			lines = append(lines, "…")
			break
		}
		lines = append(lines, mdCode(location(prPath(prefix, d.File), d.Line, 0)))
	}
	n := len(blanks)
	return fmt.Sprintf("**%s** %d blank%s still `___` at %s\n\n", mdCode(ex.ID), n, plural(n), strings.Join(lines, ", "))
}

func prTests(ex *Exercise, prefix string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** ", mdCode(ex.ID))
	ts := failedTests(ex)
	switch {
	case ex.Status == Error:
		b.WriteString("could not be graded")
	case len(ts) == 0:
		b.WriteString("failed")
	default:
		var names []string
		for i, t := range ts {
			if i == 5 {
				names = append(names, fmt.Sprintf("%d more", len(ts)-i))
				break
			}
			names = append(names, mdCode(cutLine(t.Name, 80)))
		}
		b.WriteString(strings.Join(names, ", ") + " failed")
	}
	if f := exerciseFile(ex); f != "" {
		b.WriteString(" in " + mdCode(prPath(prefix, f)))
	}
	b.WriteString("\n\n")
	if out := strings.TrimSpace(failedOutput(ex)); out != "" && ex.Status != Error {
		b.WriteString(safetext.CodeBlock(truncate(out, prCommentOutputMax)) + "\n")
	}
	fmt.Fprintf(&b, "Run `gilgrade check %s` on your machine to see why.\n\n", prSafeID(ex.ID))
	return b.String()
}

// prSafeID is an exercise ID that may stand inside a code span the comment
// writes itself; anything else becomes a placeholder.
func prSafeID(id string) string {
	if safeID.MatchString(id) {
		return id
	}
	return "EXERCISE"
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,40}$`)

// mdCode shows learner text as one inline code span.
func mdCode(s string) string { return safetext.CodeSpan(cutLine(s, 300)) }

// mdCodeCell is mdCode inside a table cell.
func mdCodeCell(s string) string { return cellPipes(mdCode(s)) }

// cutLine makes s one line of at most n characters, ending with … when cut.
func cutLine(s string, n int) string { return cut(strings.Join(strings.Fields(s), " "), n) }

// mdText shows a message on one line of at most n characters: its `code` parts
// as code spans, the rest as escaped prose when that prose is plain words
// (safePlain), else the whole message as one code span.
func mdText(s string, n int) string {
	s = safetext.Line(cutLine(s, n))
	if s == "" {
		return ""
	}
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: no way to tell code from prose
		return safetext.CodeSpan(s)
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			if p == "" {
				return safetext.CodeSpan(s)
			}
			b.WriteString(safetext.CodeSpan(p))
			continue
		}
		if !safePlain(p) {
			return safetext.CodeSpan(s)
		}
		b.WriteString(safetext.Markdown(p))
	}
	return b.String()
}

// mdTextCell is mdText inside a table cell.
func mdTextCell(s string, n int) string { return cellPipes(mdText(s, n)) }

// cellPipes keeps a table cell whole: GitHub ends a cell at any | not escaped
// by a backslash, even inside a code span, and reads backslashes in pairs, so
// every | gets an odd run of backslashes before it.
func cellPipes(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	var b strings.Builder
	run := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			run++
		case '|':
			if run%2 == 0 {
				b.WriteByte('\\')
			}
			run = 0
		default:
			run = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unsafeProse matches what GitHub turns into a mention, a reference, a link or
// math even when escaped: @name, #123, GH-123, URLs, www. addresses (an e-mail
// address holds an @) and $ (math, which can hold links).
var unsafeProse = regexp.MustCompile(`(?i)[@#$]|://|www\.|\bgh-[0-9]`)

// safePlain reports whether prose can be shown as escaped Markdown: it holds
// nothing GitHub links or notifies from.
func safePlain(s string) bool {
	return utf8.ValidString(s) && !unsafeProse.MatchString(s)
}
