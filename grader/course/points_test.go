package course

import (
	"errors"
	"strings"
	"testing"
)

// Points that are not a finite positive number would make every total NaN or
// infinite, which the JSON report cannot hold: they are refused at their line.
func TestPointsMustBeFinite(t *testing.T) {
	for _, v := range []string{"nan", "+nan", "inf", "-inf", "0", "-1"} {
		t.Run(v, func(t *testing.T) {
			_, err := LoadFS(demo(strings.Replace(metaTOML, "points = 2", "points = "+v, 1)))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("points = %s: err = %v, want Errors", v, err)
			}
			if !strings.Contains(err.Error(), `exercise.toml:2: "points" is`) {
				t.Errorf("points = %s:\n%v", v, err)
			}
		})
	}
}
