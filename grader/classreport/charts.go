package classreport

import (
	"fmt"
	"math"
	"strings"

	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// The charts are plain SVG drawn here, in dark colors on white with their
// numbers written beside the shapes, so that a black-and-white print still reads.
const (
	chartW    = 720
	colorPass = "#2f5d9e"
	colorFail = "#e8a33d"
	colorTodo = "#d9d9d9"
	colorErr  = "#555"
)

// Bin is one bar of the score distribution.
type Bin struct {
	Label    string
	From, To float64 // scores From ≤ s < To; the last bin includes To
	Count    int
}

// Distribution groups scores into bins: one per point when the maximum is small,
// else ten of a tenth of the maximum each.
func Distribution(scores []float64, maxScore float64) []Bin {
	if maxScore <= 0 {
		return nil
	}
	var bins []Bin
	if maxScore <= 24 && maxScore == math.Trunc(maxScore) {
		for p := 0.0; p <= maxScore; p++ {
			bins = append(bins, Bin{Label: report.Points(p), From: p, To: p + 1})
		}
	} else {
		step := maxScore / 10
		for i := range 10 {
			bins = append(bins, Bin{Label: fmt.Sprintf("%s–%s", report.Points(float64(i)*step), report.Points(float64(i+1)*step)), From: float64(i) * step, To: float64(i+1) * step})
		}
	}
	for _, s := range scores {
		for i := range bins {
			if s >= bins[i].From-1e-9 && (s < bins[i].To-1e-9 || i == len(bins)-1) {
				bins[i].Count++
				break
			}
		}
	}
	return bins
}

// scoreChart draws the distribution as vertical bars with their counts on top.
func scoreChart(bins []Bin, maxScore float64) string {
	if len(bins) == 0 {
		return ""
	}
	const x0, top, plotH = 56.0, 24.0, 180.0
	plotW := chartW - x0 - 16
	height := int(top+plotH) + 56
	most := 1
	for _, b := range bins {
		most = max(most, b.Count)
	}
	y := func(n float64) float64 { return top + plotH - n/float64(most)*plotH }
	slot := plotW / float64(len(bins))
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="score-chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="score distribution" font-family="sans-serif" font-size="12">`+"\n<title>score distribution</title>\n",
		chartW, height, chartW, height)
	for _, t := range intTicks(most) {
		fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-dasharray="2 3"/><text x="%.1f" y="%.1f" text-anchor="end">%d</text>`+"\n",
			x0, y(float64(t)), x0+plotW, y(float64(t)), x0-6, y(float64(t))+4, t)
	}
	for i, b := range bins {
		bx := x0 + float64(i)*slot + slot*0.1
		bw := slot * 0.8
		if b.Count > 0 {
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#000" data-bin="%d" data-count="%d"><title>%s points: %d</title></rect>`+"\n",
				bx, y(float64(b.Count)), bw, y(0)-y(float64(b.Count)), colorPass, i, b.Count, b.Label, b.Count)
			fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle" font-weight="bold">%d</text>`+"\n", bx+bw/2, y(float64(b.Count))-4, b.Count)
		}
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", bx+bw/2, top+plotH+16, b.Label)
	}
	fmt.Fprintf(&s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#000"/>`+"\n", x0, y(0), x0+plotW, y(0))
	fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="middle">points (of %s)</text>`+"\n", x0+plotW/2, top+plotH+40, report.Points(maxScore))
	fmt.Fprintf(&s, `<text x="14" y="%.1f" text-anchor="middle" transform="rotate(-90 14 %.1f)">students</text>`+"\n", top+plotH/2, top+plotH/2)
	s.WriteString("</svg>")
	return s.String()
}

// passChart draws one stacked bar per exercise: passed, failed, unfilled, could
// not be graded, with the share passed written after it.
func passChart(exs []Exercise) string {
	if len(exs) == 0 {
		return ""
	}
	const x0, rowH, barH, top = 60.0, 24.0, 16.0, 30.0
	plotW := chartW - x0 - 150
	height := int(top + rowH*float64(len(exs)) + 8)
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="pass-chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="share passed per exercise" font-family="sans-serif" font-size="12">`+"\n<title>share passed per exercise</title>\n",
		chartW, height, chartW, height)
	lx := x0
	for _, l := range []struct{ color, name string }{{colorPass, "passed"}, {colorFail, "failed"}, {colorTodo, "blanks left"}, {colorErr, "not graded"}} {
		fmt.Fprintf(&s, `<rect x="%.1f" y="6" width="12" height="12" fill="%s" stroke="#000"/><text x="%.1f" y="16">%s</text>`+"\n", lx, l.color, lx+16, l.name)
		lx += 16 + float64(len(l.name))*7 + 18
	}
	for i, e := range exs {
		y := top + float64(i)*rowH
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" text-anchor="end" font-weight="bold">%s</text>`+"\n", x0-8, y+barH-3, safetext.HTML(e.ID))
		x := x0
		for _, part := range []struct {
			n     int
			color string
		}{{e.Passed, colorPass}, {e.Failed, colorFail}, {e.Unfilled, colorTodo}, {e.Errored, colorErr}} {
			if part.n == 0 || e.Graded == 0 {
				continue
			}
			w := float64(part.n) / float64(e.Graded) * plotW
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#000"/>`+"\n", x, y, w, barH, part.color)
			x += w
		}
		share := "—"
		if e.Graded > 0 {
			share = fmt.Sprintf("%d/%d passed (%d%%)", e.Passed, e.Graded, int(math.Round(100*float64(e.Passed)/float64(e.Graded))))
		}
		fmt.Fprintf(&s, `<text x="%.1f" y="%.1f" data-exercise="%s" data-passed="%d">%s</text>`+"\n", x0+plotW+8, y+barH-3, safetext.HTML(e.ID), e.Passed, share)
	}
	s.WriteString("</svg>")
	return s.String()
}

// intTicks returns whole-number marks from 0 to at least most, at most six.
func intTicks(most int) []int {
	step := 1
	for _, m := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = m
		if most/m <= 5 {
			break
		}
	}
	var ts []int
	for t := 0; t <= most; t += step {
		ts = append(ts, t)
	}
	return ts
}
