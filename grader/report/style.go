package report

import (
	"github.com/fatih/color"
)

// Style colors text for a terminal, or leaves it plain. Color is decided once, at
// the output edge, and never by global state.
type Style struct {
	Good, Bad, Warn, Dim, Bold, Code func(a ...any) string
}

// NewStyle returns a colored style when on is true, else a plain one.
func NewStyle(on bool) Style {
	mk := func(attrs ...color.Attribute) func(a ...any) string {
		c := color.New(attrs...)
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c.Sprint
	}
	return Style{
		Good: mk(color.FgGreen, color.Bold),
		Bad:  mk(color.FgRed, color.Bold),
		Warn: mk(color.FgYellow),
		Dim:  mk(color.Faint),
		Bold: mk(color.Bold),
		Code: mk(color.FgCyan),
	}
}
