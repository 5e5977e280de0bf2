package report

import (
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// logLine is safetext.Line for a CI log: one line, and no command in it.
func logLine(s string) string { return safetext.Defuse(safetext.Line(s)) }

// cleaned returns a copy of the report whose every piece of text went through
// line (text that must stay on one line: names, titles, files, codes, a line of
// source) or block (text of several lines: messages, details, test output,
// notes). Any of it may come from the learner's code, directly (test output, a
// panic value, a file name) or quoted (a compiler message about their
// identifiers), so each writer renders a copy cleaned for where it writes
// instead of deciding field by field.
func cleaned(r *Report, line, block func(string) string) *Report {
	c := *r
	c.Notes = mapStrings(r.Notes, block)
	c.Exercises = make([]Exercise, len(r.Exercises))
	for i, ex := range r.Exercises {
		ex.ID, ex.Slug, ex.Title, ex.Dir = line(ex.ID), line(ex.Slug), line(ex.Title), line(ex.Dir)
		ex.Files = mapStrings(ex.Files, line)
		ex.Tests = slices.Clone(ex.Tests)
		for j := range ex.Tests {
			t := &ex.Tests[j]
			t.Name, t.Output = line(t.Name), block(t.Output)
		}
		if ex.Diagnostics != nil {
			ex.Diagnostics = slices.Clone(ex.Diagnostics)
		}
		for j := range ex.Diagnostics {
			ex.Diagnostics[j] = cleanDiagnostic(ex.Diagnostics[j], line, block)
		}
		c.Exercises[i] = ex
	}
	c.Quizzes = make([]Quiz, len(r.Quizzes))
	for i, q := range r.Quizzes {
		q.ID, q.Title = line(q.ID), line(q.Title)
		c.Quizzes[i] = q
	}
	return &c
}

func cleanDiagnostic(d diag.Diagnostic, line, block func(string) string) diag.Diagnostic {
	d.Code, d.File, d.Source = line(d.Code), line(d.File), line(d.Source)
	d.Severity = diag.Severity(line(string(d.Severity)))
	d.Message, d.Hint, d.Verbose = block(d.Message), block(d.Hint), block(d.Verbose)
	d.Details = mapStrings(d.Details, block)
	return d
}

func mapStrings(ss []string, f func(string) string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

// mdProse renders one of gilgrade's messages as Markdown: the parts it quotes
// in backticks (the learner's code, a command) become code spans, the rest is
// escaped prose. A message with an odd number of backticks is escaped whole.
// Either way no part of it can become a link, an image or a tag.
func mdProse(s string) string { return markdownQuoted(s, false) }

// mdCell is mdProse for a table cell, where a '|' even inside a code span
// would end the cell unless escaped.
func mdCell(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s))
	return markdownQuoted(s, true)
}

func markdownQuoted(s string, cell bool) string {
	parts := strings.Split(safetext.Line(s), "`")
	if len(parts)%2 == 0 {
		return safetext.Markdown(s)
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			span := safetext.CodeSpan(p)
			if cell {
				span = strings.ReplaceAll(span, "|", `\|`)
			}
			b.WriteString(span)
		} else {
			b.WriteString(safetext.Markdown(p))
		}
	}
	return b.String()
}
