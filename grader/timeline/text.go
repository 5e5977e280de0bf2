package timeline

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextOptions shape the terminal picture.
type TextOptions struct {
	Width  int    // terminal columns, the indent included; 0 means 80
	Indent string // put before every line
	// Bar and Dim color the bars and the idle track and axis; nil leaves them
	// plain. The picture reads the same without color: bars are █, idle time ·.
	Bar, Dim func(a ...any) string
}

// MaxRows is the most calls drawn in the terminal; the rest are counted.
const MaxRows = 24

// Text draws the timeline for a terminal: one row per call, its bar on a time axis
// shared by all rows, the axis with its marks under them, and the summary last.
func Text(t *Timeline, o TextOptions) string {
	if o.Width <= 0 {
		o.Width = 80
	}
	plain := func(a ...any) string {
		var b strings.Builder
		for _, x := range a {
			b.WriteString(x.(string))
		}
		return b.String()
	}
	if o.Bar == nil {
		o.Bar = plain
	}
	if o.Dim == nil {
		o.Dim = plain
	}
	calls := t.Calls
	more := 0
	if len(calls) > MaxRows {
		calls, more = calls[:MaxRows-1], len(calls)-(MaxRows-1)
	}
	label := 0
	for _, c := range calls {
		label = max(label, utf8.RuneCountInString(c.Name))
	}
	avail := o.Width - utf8.RuneCountInString(o.Indent) - 2 - 1 // gap, and the axis' last mark
	label = min(label, max(8, avail/3))
	cols := min(max(avail-label, 10), 64)

	total := t.TotalMS
	at := func(ms float64) int { // the cell boundary of a time, 0..cols
		if total <= 0 {
			return 0
		}
		return int(math.Round(ms / total * float64(cols)))
	}
	var b strings.Builder
	pad := strings.Repeat(" ", label+2)
	for _, c := range calls {
		from, to := at(c.StartMS), at(c.EndMS)
		if to == from { // a short call still shows
			if to < cols {
				to++
			} else {
				from--
			}
		}
		b.WriteString(o.Indent + padRight(shorten(c.Name, label), label) + "  ")
		b.WriteString(o.Dim(strings.Repeat("·", from)))
		b.WriteString(o.Bar(strings.Repeat("█", to-from)))
		b.WriteString(o.Dim(strings.Repeat("·", cols-to)))
		b.WriteByte('\n')
	}
	if more > 0 {
		b.WriteString(o.Indent + o.Dim("… and "+strconv.Itoa(more)+" more calls") + "\n")
	}

	// The axis has a mark at each boundary between cells, so it is one longer than
	// the track; its labels are centred under their marks and left out where they
	// would run into the previous one.
	axis := []rune(strings.Repeat("─", cols+1))
	axis[0] = '└'
	labels := []rune(strings.Repeat(" ", cols+1))
	end := -1
	for _, tk := range ticks(total, max(2, cols/6)) {
		p := at(tk)
		if p > 0 {
			axis[p] = '┴'
		}
		text := []rune(Format(ms(tk)))
		start := min(max(p-len(text)/2, 0), cols+1-len(text))
		if start < 0 || (end >= 0 && start <= end+1) {
			continue
		}
		copy(labels[start:], text)
		end = start + len(text) - 1
	}
	b.WriteString(o.Indent + pad + o.Dim(string(axis)) + "\n")
	b.WriteString(o.Indent + pad + strings.TrimRight(string(labels), " ") + "\n")
	b.WriteString(wrap(t.Summary(), o.Indent, o.Width))
	return b.String()
}

func padRight(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s)))
}

// wrap breaks text into lines that fit width columns after the indent.
func wrap(text, indent string, width int) string {
	width = max(width-utf8.RuneCountInString(indent), 20)
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case col == 0:
			b.WriteString(indent)
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	b.WriteByte('\n')
	return b.String()
}
