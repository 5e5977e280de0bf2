package timeline

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gilgrade/gilgrade/grader/safetext"
)

// SVG geometry, in CSS pixels. Colors are dark on white so that a printed page
// keeps the bars, and the light grid lines only help the eye.
const (
	svgWidth = 720
	rowH     = 22
	barH     = 14
	top      = 8
	charW    = 7 // a generous width of one character of the sans-serif label font
)

// SVG draws the timeline as an inline SVG element, with title as its accessible
// name. Every text in it is escaped.
func SVG(t *Timeline, title string) string {
	label := 0
	for _, c := range t.Calls {
		label = max(label, utf8.RuneCountInString(c.Name))
	}
	x0 := float64(min(label*charW+16, 260))
	plotW := float64(svgWidth) - x0 - 24
	total := t.TotalMS
	x := func(ms float64) float64 {
		if total <= 0 {
			return x0
		}
		return x0 + ms/total*plotW
	}
	n := len(t.Calls)
	axisY := float64(top + n*rowH + 4)
	height := int(axisY) + 44

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif" font-size="12">`,
		svgWidth, height, svgWidth, height, safetext.HTML(title+": "+t.Summary()))
	fmt.Fprintf(&b, "\n<title>%s</title>\n", safetext.HTML(title))
	for _, tk := range ticks(total, 7) {
		px := x(tk)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#bbb" stroke-dasharray="2 3"/>`+"\n", px, top, px, axisY)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#000"/>`+"\n", px, axisY, px, axisY+5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#000">%s</text>`+"\n", px, axisY+18, Format(ms(tk)))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#000"/>`+"\n", x0, axisY, x0+plotW, axisY)
	for i, c := range t.Calls {
		y := float64(top + i*rowH)
		w := max(x(c.EndMS)-x(c.StartMS), 2)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#000">%s</text>`+"\n", x0-8, y+barH-2, safetext.HTML(c.Name))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="#2f5d9e" stroke="#0b2447"><title>%s: %s to %s</title></rect>`+"\n",
			x(c.StartMS), y, w, barH, safetext.HTML(c.Name), Format(ms(c.StartMS)), Format(ms(c.EndMS)))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#000">%s</text>`+"\n", x0, axisY+36, safetext.HTML(t.Summary()))
	b.WriteString("</svg>")
	return b.String()
}
