// Package timeline is the picture of a test's fake-clock work: when each call to
// an exercise's fake service started and ended, in the synctest bubble's time. The
// exercises' tests record it and hand it over as the test attribute
// gilgrade.timeline; gilgrade draws it in the terminal (Text) and as SVG (SVG), so
// a learner sees four calls one after another, or side by side, instead of reading
// "took 2s".
package timeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/safetext"
)

// Attr is the test attribute (t.Attr key) that carries a timeline as JSON.
const Attr = "gilgrade.timeline"

// Limits on what a test may hand over: the attribute comes from a program that
// runs the learner's code, so it is bounded like any learner input.
const (
	MaxCalls   = 200
	maxNameLen = 40
)

// Timeline is the fake-clock record of one test.
type Timeline struct {
	// Calls are the recorded calls, sorted by start time then name.
	Calls []Call `json:"calls"`
	// TotalMS is the fake time the work under test took, from the start of the
	// record to its end (at least the end of the last call).
	TotalMS float64 `json:"total_ms"`
}

// Call is one call to a fake service.
type Call struct {
	Name    string  `json:"name"`
	StartMS float64 `json:"start_ms"` // since the start of the record
	EndMS   float64 `json:"end_ms"`
}

// Duration is how long the call took.
func (c Call) Duration() time.Duration { return ms(c.EndMS - c.StartMS) }

// Total is the fake time the work took.
func (t *Timeline) Total() time.Duration { return ms(t.TotalMS) }

// FromAttrs returns the timeline among a test's attributes, or nil when there is
// none or it is malformed: a missing picture is better than a wrong one.
func FromAttrs(attrs map[string]string) *Timeline {
	v, ok := attrs[Attr]
	if !ok {
		return nil
	}
	t, err := Parse(v)
	if err != nil {
		return nil
	}
	return t
}

// Parse reads a timeline from the attribute's JSON and checks it: times finite
// and not negative, no call ending before it starts, at most MaxCalls calls.
// Names are made safe to show on one line and shortened.
func Parse(s string) (*Timeline, error) {
	var t Timeline
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return nil, fmt.Errorf("timeline is not valid JSON: %w", err)
	}
	if len(t.Calls) == 0 {
		return nil, errors.New("timeline has no calls")
	}
	if len(t.Calls) > MaxCalls {
		return nil, fmt.Errorf("timeline has %d calls, more than %d", len(t.Calls), MaxCalls)
	}
	bad := func(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e12 }
	if bad(t.TotalMS) {
		return nil, fmt.Errorf("timeline total %v is not a time", t.TotalMS)
	}
	for i, c := range t.Calls {
		if bad(c.StartMS) || bad(c.EndMS) || c.EndMS < c.StartMS {
			return nil, fmt.Errorf("call %d of the timeline runs from %v to %v", i+1, c.StartMS, c.EndMS)
		}
		t.Calls[i].Name = shorten(safetext.Line(c.Name), maxNameLen)
		t.TotalMS = max(t.TotalMS, c.EndMS)
	}
	t.sort()
	return &t, nil
}

// sort orders the calls by start, then name: goroutines started at the same fake
// instant record in any order, and the picture must not change with it.
func (t *Timeline) sort() {
	slices.SortStableFunc(t.Calls, func(a, b Call) int {
		if a.StartMS != b.StartMS {
			if a.StartMS < b.StartMS {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// Peak is the most calls in flight at one instant. A call that ends at the
// instant another starts does not overlap it.
func (t *Timeline) Peak() int {
	type edge struct {
		at    float64
		delta int
	}
	var es []edge
	for _, c := range t.Calls {
		if c.EndMS > c.StartMS {
			es = append(es, edge{c.StartMS, 1}, edge{c.EndMS, -1})
		}
	}
	slices.SortFunc(es, func(a, b edge) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		return a.delta - b.delta // ends before starts
	})
	n, peak := 0, 0
	for _, e := range es {
		n += e.delta
		peak = max(peak, n)
	}
	return peak
}

// Summary says in words what the picture shows, such as
// "4 calls of 500ms each, at most 1 at once: 2s of fake time in all".
func (t *Timeline) Summary() string {
	calls := fmt.Sprintf("%d call%s", len(t.Calls), plural(len(t.Calls)))
	if d := t.Calls[0].Duration(); !slices.ContainsFunc(t.Calls, func(c Call) bool { return c.Duration() != d }) {
		if len(t.Calls) == 1 {
			calls += " of " + Format(d)
		} else {
			calls += " of " + Format(d) + " each"
		}
	}
	return fmt.Sprintf("%s, at most %d at once: %s of fake time in all", calls, t.Peak(), Format(t.Total()))
}

// Format prints a fake duration the way the tests' messages do: 500ms, 1.5s, 2s.
func Format(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return d.String()
}

func ms(f float64) time.Duration { return time.Duration(math.Round(f * float64(time.Millisecond))) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ticks returns the times to mark on an axis of total milliseconds with room for
// at most n marks: multiples of 1, 2 or 5 times a power of ten.
func ticks(total float64, n int) []float64 {
	if total <= 0 || n < 2 {
		return []float64{0}
	}
	step := 0.0
	for p := 1e-3; step == 0; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if total/(m*p) <= float64(n-1) {
				step = m * p
				break
			}
		}
	}
	var ts []float64
	for i := 0; float64(i)*step <= total*(1+1e-9); i++ {
		ts = append(ts, float64(i)*step)
	}
	return ts
}
