package report

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
	"github.com/gilgrade/gilgrade/grader/timeline"
)

// showsTimeline reports whether the text report draws the exercise's timelines:
// when it passed (the calls side by side) and when it failed as sequential (one
// after another). Other failures have other causes, which a picture would hide.
func showsTimeline(ex Exercise) bool {
	switch ex.Status {
	case Passed:
		return true
	case Failed:
		return slices.ContainsFunc(ex.Diagnostics, func(d diag.Diagnostic) bool { return d.Is(diag.Sequential) })
	}
	return false
}

// writeTimelines draws the timelines of an exercise's tests in the terminal: of
// the failed tests when it failed, of all when it passed.
func writeTimelines(b *strings.Builder, ex Exercise, o TextOptions) {
	if !showsTimeline(ex) {
		return
	}
	s := o.Style
	bar := s.Good
	if ex.Status != Passed {
		bar = s.Bad
	}
	for _, t := range ex.Tests {
		if t.Timeline == nil || (ex.Status != Passed && t.Status != TestFail) {
			continue
		}
		fmt.Fprintf(b, "\n  %s\n", s.Dim(safetext.Line(t.Name)+", in fake time:"))
		b.WriteString(timeline.Text(t.Timeline, timeline.TextOptions{Width: o.Width, Indent: "    ", Bar: bar, Dim: s.Dim}))
	}
}

// PageCSS is the style of gilgrade's HTML pages: system fonts only, black on
// white, so that the page needs nothing from the network and prints as shown.
const PageCSS = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#000;background:#fff;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #999}h3{font-size:1rem}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left;vertical-align:top}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{white-space:pre-wrap}
.passed{color:#075e07}.failed,.error{color:#a00}.unfilled{color:#7a5a00}.num{text-align:right}
svg{max-width:100%;height:auto}
@media print{h2{break-after:avoid}svg{break-inside:avoid}}`

// WriteHTML writes the report as one self-contained HTML page: per exercise its
// verdict, diagnoses and the timelines of its tests drawn as SVG. Every text that
// came from the learner's run is escaped.
func WriteHTML(w io.Writer, r *Report, title string) error {
	var b strings.Builder
	h := safetext.HTML
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>\n<style>%s</style></head><body>\n", h(title), PageCSS)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p>%s/%s points · <span class=\"%s\">%s</span></p>\n", h(title), Points(r.Score), Points(r.MaxScore), h(string(r.Status)), h(string(r.Status)))
	for _, ex := range r.Exercises {
		fmt.Fprintf(&b, "<h2 id=\"%s\">%s %s</h2>\n<p><span class=\"%s\">%s</span> · %s/%s points</p>\n",
			h(ex.ID), h(ex.ID), h(ex.Title), h(string(ex.Status)), h(string(ex.Status)), Points(ex.Score), Points(ex.MaxScore))
		var ds []diag.Diagnostic
		for _, d := range ex.Diagnostics {
			if !d.Is(diag.Unfilled) {
				ds = append(ds, d)
			}
		}
		if ex.BlanksLeft > 0 {
			fmt.Fprintf(&b, "<p>%d blank%s left</p>\n", ex.BlanksLeft, plural(ex.BlanksLeft))
		}
		if len(ds) > 0 {
			b.WriteString("<ul>\n")
			for _, d := range ds {
				loc := d.File
				if d.Line > 0 {
					loc = fmt.Sprintf("%s:%d", d.File, d.Line)
				}
				fmt.Fprintf(&b, "<li><code>%s</code> %s %s<br>%s", h(d.Code), h(string(d.Severity)), h(loc), h(d.Message))
				if d.Source != "" {
					fmt.Fprintf(&b, "<pre>%s</pre>", h(d.Source))
				}
				if d.Hint != "" {
					fmt.Fprintf(&b, "<br>→ %s", h(d.Hint))
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		}
		for _, t := range ex.Tests {
			if t.Timeline == nil {
				continue
			}
			fmt.Fprintf(&b, "<h3>%s, in fake time</h3>\n%s\n", h(t.Name), timeline.SVG(t.Timeline, t.Name))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "<p>note: %s</p>\n", h(n))
	}
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteHTMLFile writes the page of WriteHTML to the file name.
func WriteHTMLFile(name string, r *Report, title string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	err = WriteHTML(f, r, title)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	return nil
}
