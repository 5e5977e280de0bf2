package check

import (
	"fmt"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/course"
)

// TestByTimeout: each exercise runs under its own timeout when several are
// checked together, as when it is checked alone (watch, check exNN).
func TestByTimeout(t *testing.T) {
	var units []Unit
	for _, d := range []time.Duration{10 * time.Second, 5 * time.Second, 10 * time.Second, 5 * time.Second, time.Minute} {
		units = append(units, Unit{Exercise: &course.Exercise{Timeout: d}})
	}
	got := fmt.Sprint(byTimeout(units, []int{0, 1, 2, 3, 4}))
	if want := "[[0 2] [1 3] [4]]"; got != want {
		t.Errorf("byTimeout = %s, want %s", got, want)
	}
	if got := byTimeout(units, nil); len(got) != 0 {
		t.Errorf("no runnable unit gives %v", got)
	}
}
