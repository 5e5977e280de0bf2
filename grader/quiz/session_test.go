package quiz

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update if the change is right):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestSessionGolden(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	for _, tc := range []struct {
		name    string
		input   string
		score   float64
		answers int
		done    bool
	}{
		// Every answer typed as the shuffled numbering for learner "ada" requires,
		// with a few unreadable lines that must be asked again.
		{"session_demo.golden",
			"x\n9\n2\n" + // pick: "x" and "9" re-asked, then 2
				"1 1\n3,1\n" + // many: a repeated number re-asked
				"\nT.Start()\n" + // word: empty re-asked
				"three\n3.55\n" + // num
				"10\n" + // range
				"1 2 3\n4 2 1 3\n" + // steps: not all steps re-asked
				"7\n1\nhi\n\n", // tr: prints hi
			8, 7, true},
		// The input ends in the middle: the session ends cleanly.
		{"session_eof.golden", "2\n1\n", 1 + 1, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qz := mustParse(t, valid)
			var out strings.Builder
			r, err := Run(qz, strings.NewReader(tc.input), &out, SessionOptions{Learner: "ada", NoColor: true, Echo: true})
			if err != nil {
				t.Fatal(err)
			}
			if !near(r.Score, tc.score) || r.Answered != tc.answers || r.Complete != tc.done || len(r.Questions) != len(qz.Questions) {
				t.Errorf("score %g, answered %d, complete %v, %d results", r.Score, r.Answered, r.Complete, len(r.Questions))
			}
			if strings.Contains(out.String(), "\x1b[") {
				t.Error("color codes with NoColor")
			}
			golden(t, tc.name, out.String())
		})
	}
}

// A learner takes the real gil quiz, answering 1 to every question.
func TestSessionGoldenGil(t *testing.T) {
	qz, err := Load(filepath.Join(quizzesDir, "gil.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r, err := Run(qz, strings.NewReader(strings.Repeat("1\n", 10)), &out, SessionOptions{Learner: "ada", NoColor: true, Echo: true})
	if err != nil || !r.Complete || r.Answered != 10 {
		t.Fatalf("err %v, result %+v", err, r)
	}
	golden(t, "session_gil.golden", out.String())
}

func TestShuffleStable(t *testing.T) {
	qz := mustParse(t, valid)
	q := qz.Question("many")
	ids := func(os []*Option) string {
		var s []string
		for _, o := range os {
			s = append(s, o.ID)
		}
		return strings.Join(s, "")
	}
	a := ids(q.OptionOrder("demo", "ada"))
	if b := ids(q.OptionOrder("demo", "ada")); a != b {
		t.Errorf("same learner, different orders %s and %s", a, b)
	}
	seen := map[string]bool{}
	for _, l := range []string{"ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal"} {
		seen[ids(q.OptionOrder("demo", l))] = true
	}
	if len(seen) < 3 {
		t.Errorf("8 learners saw only %d orders", len(seen))
	}
	// Pinned options keep their place.
	pick := qz.Question("pick")
	for _, l := range []string{"ada", "bob", "cy", "dee"} {
		if got := pick.OptionOrder("demo", l); got[2].ID != "none" {
			t.Errorf("learner %s: pinned option moved: %s", l, ids(got))
		}
	}
	// Steps are never shown in the right order.
	steps := qz.Question("steps")
	for _, l := range []string{"ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal"} {
		got := steps.StepOrder("demo", l)
		same := true
		for i := range got {
			same = same && got[i] == steps.Steps[i]
		}
		if same {
			t.Errorf("learner %s sees the steps in the right order", l)
		}
	}
}

// The order a learner sees is part of what a retake relies on: a change of the
// shuffle would reorder every learner's options, so it is pinned here.
func TestShuffleKnownOrder(t *testing.T) {
	qz := mustParse(t, valid)
	var got []string
	for _, o := range qz.Question("many").OptionOrder("demo", "ada") {
		got = append(got, o.ID)
	}
	if want := "a c b d"; strings.Join(got, " ") != want {
		t.Errorf("order for ada = %v, want %s", got, want)
	}
}
