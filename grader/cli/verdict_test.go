package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/blanks"
	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/report"
)

// fillExercise writes an exercise's learner file in a workspace with the
// reference solution, some blanks replaced (1-based).
func fillExercise(t *testing.T, root, id string, fills map[int]string) {
	t.Helper()
	// The workspace holds no solution: it comes from the key gilgrade carries.
	k, err := bundle.Key()
	if err != nil {
		t.Fatal(err)
	}
	c, err := k.Course()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := c.Lookup(id, c.Root)
	if err != nil {
		t.Fatal(err)
	}
	all := append([]string(nil), ex.Solution...)
	for n, f := range fills {
		all[n-1] = f
	}
	name := filepath.Join(root, filepath.FromSlash(ex.Dir), ex.Files[0])
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out, err := blanks.Fill(src, all)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerdictsOnAFreshWorkspace grades answers of the kinds that used to get a
// wrong status or a misplaced explanation, as a learner would: a fresh
// workspace, one exercise filled in, gilgrade check.
func TestVerdictsOnAFreshWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("grades several exercises under the race detector")
	}
	t.Parallel()
	for _, c := range []struct {
		name, id string
		fills    map[int]string
		headline string // "" for a pass with no diagnosis at all
		source   string // the learner's line the headline must quote
	}{
		{"a solution with template advice", "ex01", nil, "", ""},
		{"an invoked literal", "ex06", map[int]string{1: "func() error { return api.Charge(orderID) }()"}, "call-not-pass", "func() error { return api.Charge(orderID) }()"},
		{"defer without a call", "ex10", map[int]string{2: "defer cancel"}, "call-not-pass", "defer cancel"},
		{"Done before the work", "ex01", map[int]string{3: "wg.Done()"}, "still-running", "wg.Done()"},
		{"a lock across the slow call", "ex12", map[int]string{2: "sem <- struct{}{}\n\t\t\tshared.Lock()", 3: "shared.Unlock()\n\t\t\t<-sem"}, "lock-held-across-call", "shared.Lock()"},
		{"Wait inside the loop", "ex06", map[int]string{2: "wg.Go(func() { errs[i] = chargeWithRetry(api, id) })\n\t\twg.Wait()"}, "sequential", "wg.Wait()"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root := workspace(t)
			fillExercise(t, root, c.id, c.fills)
			rep, r := checkJSON(t, root, c.id)
			ex := rep.Exercises[0]
			if c.headline == "" {
				if r.code != ExitOK || ex.Status != report.Passed || len(ex.Diagnostics) > 0 {
					t.Fatalf("exit %d, status %s, codes %v; want a pass with no diagnosis", r.code, ex.Status, codesOf(ex))
				}
				return
			}
			h, _ := check.Headline(&ex)
			if r.code != ExitFailed || ex.Status != report.Failed || h.Code != c.headline {
				t.Fatalf("exit %d, status %s, headline %s (codes %v); want exit 1, failed, %s", r.code, ex.Status, h.Code, codesOf(ex), c.headline)
			}
			if !strings.Contains(h.Source, c.source) || h.File != ex.Files[0] {
				t.Errorf("headline at %s:%d `%s`, want the learner's line `%s`", h.File, h.Line, h.Source, c.source)
			}
		})
	}
}
