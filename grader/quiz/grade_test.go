package quiz

import (
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestGradeEveryType(t *testing.T) {
	qz := mustParse(t, valid)
	for _, tc := range []struct {
		q    string
		a    Answer
		want float64
	}{
		{"pick", Answer{Options: []string{"a"}}, 1},
		{"pick", Answer{Options: []string{"b"}}, 0},
		{"pick", Answer{Options: []string{"none"}}, 0},
		// partial multi: C = 2 correct (a, b), W = 2 wrong (c, d), 2 points
		{"many", Answer{Options: []string{"a", "b"}}, 2},
		{"many", Answer{Options: []string{"b", "a"}}, 2},
		{"many", Answer{Options: []string{"a"}}, 1},
		{"many", Answer{Options: []string{"a", "c"}}, 0},      // 1/2 - 1/2
		{"many", Answer{Options: []string{"a", "b", "c"}}, 1}, // 1 - 1/2
		{"many", Answer{Options: []string{"c", "d"}}, 0},      // never below zero
		{"many", Answer{Options: []string{"a", "b", "c", "d"}}, 0},
		{"word", Answer{Text: "  START() "}, 1},
		{"word", Answer{Text: "start"}, 1},
		{"word", Answer{Text: "T.Start()"}, 1},     // pattern, case-insensitive
		{"word", Answer{Text: "t.start() now"}, 0}, // patterns match the whole answer
		{"word", Answer{Text: "run"}, 0},
		{"num", Answer{Number: 3.5}, 1},
		{"num", Answer{Number: 3.6}, 1},
		{"num", Answer{Number: 3.61}, 0},
		{"num", Answer{Number: 3.39}, 0},
		{"range", Answer{Number: 8}, 1},
		{"range", Answer{Number: 12}, 1},
		{"range", Answer{Number: 12.5}, 0},
		{"steps", Answer{Steps: []string{"add", "go", "done", "wait"}}, 1},
		{"steps", Answer{Steps: []string{"go", "done", "wait", "add"}}, 2.0 / 3},
		{"steps", Answer{Steps: []string{"wait", "done", "go", "add"}}, 0},
		{"tr", Answer{Outcome: Prints, Output: "hi\n"}, 1},
		{"tr", Answer{Outcome: Prints, Output: "ho"}, 0.5}, // partial: right outcome only
		{"tr", Answer{Outcome: Deadlock}, 0},
	} {
		q := qz.Question(tc.q)
		got := q.Grade(tc.a)
		if !near(got.Score, tc.want) || !got.Answered || got.Max != q.MaxPoints() {
			t.Errorf("%s %+v: score %g of %g, want %g", tc.q, tc.a, got.Score, got.Max, tc.want)
		}
	}
}

func TestGradeAllOrNothing(t *testing.T) {
	src := strings.Replace(valid, "scoring = \"partial\"\npoints = 2", "points = 2", 1)
	src = strings.Replace(src, "type = \"order\"\n", "type = \"order\"\nscoring = \"all-or-nothing\"\n", 1)
	src = strings.Replace(src, "type = \"trace\"\nscoring = \"partial\"\n", "type = \"trace\"\n", 1)
	qz := mustParse(t, src)
	for _, tc := range []struct {
		q    string
		a    Answer
		want float64
	}{
		{"many", Answer{Options: []string{"a", "b"}}, 2},
		{"many", Answer{Options: []string{"a"}}, 0},
		{"many", Answer{Options: []string{"a", "b", "c"}}, 0},
		{"steps", Answer{Steps: []string{"add", "go", "done", "wait"}}, 1},
		{"steps", Answer{Steps: []string{"go", "done", "wait", "add"}}, 0},
		{"tr", Answer{Outcome: Prints, Output: "ho"}, 0},
	} {
		if got := qz.Question(tc.q).Grade(tc.a); !near(got.Score, tc.want) {
			t.Errorf("%s %+v: score %g, want %g", tc.q, tc.a, got.Score, tc.want)
		}
	}
}

func TestChoiceFeedback(t *testing.T) {
	qz := mustParse(t, valid)
	r := qz.Question("many").Grade(Answer{Options: []string{"d", "a"}})
	if len(r.Feedback) != 1 || r.Feedback[0] != "Not D." {
		t.Errorf("feedback = %q, want the feedback of option d", r.Feedback)
	}
}

func TestOrderCredit(t *testing.T) {
	right := []string{"a", "b", "c", "d", "e"}
	for _, tc := range []struct {
		given []string
		want  float64
	}{
		{[]string{"a", "b", "c", "d", "e"}, 1},
		{[]string{"e", "d", "c", "b", "a"}, 0},       // no neighbours in place
		{[]string{"b", "c", "d", "e", "a"}, 3.0 / 4}, // run b c d e
		{[]string{"a", "b", "d", "c", "e"}, 1.0 / 4}, // runs a b | d | c e
		{[]string{"c", "d", "e", "a", "b"}, 2.0 / 4}, // runs c d e | a b
		{[]string{"a", "c", "b", "e", "d"}, 0},       // every neighbour out of place
		{[]string{"a", "b", "x", "c", "d"}, 1.0 / 4}, // an unknown id breaks the run
		{[]string{"a", "b", "b", "c", "d"}, 2.0 / 4}, // a repeat breaks the run: b c d
		{nil, 0},
	} {
		if got := OrderCredit(right, tc.given); !near(got, tc.want) {
			t.Errorf("OrderCredit(%v) = %g, want %g", tc.given, got, tc.want)
		}
	}
	if got := OrderCredit([]string{"a"}, []string{"a"}); got != 1 {
		t.Errorf("one step: %g, want 1", got)
	}
}

func TestGradeQuizAndReport(t *testing.T) {
	qz := mustParse(t, valid)
	a := &Answers{Answers: map[string]Answer{
		"pick":  {Options: []string{"a"}},
		"many":  {Options: []string{"a"}},
		"steps": {Steps: []string{"go", "done", "wait", "add"}},
	}}
	r := Grade(qz, a)
	if r.Answered != 3 || !near(r.Score, 1+1+2.0/3) || r.Max != 8 {
		t.Fatalf("answered %d, score %g of %g", r.Answered, r.Score, r.Max)
	}
	rep := r.Report()
	if rep.Status != "failed" || rep.Score != 2.67 || rep.MaxScore != 8 || rep.Questions != 7 || rep.PassMark != 3 {
		t.Errorf("report = %+v", rep)
	}
	a.Answers["word"] = Answer{Text: "start"}
	if rep := Grade(qz, a).Report(); rep.Status != "passed" || rep.Answered != 4 {
		t.Errorf("at the pass mark: report = %+v", rep)
	}
}

func TestRightAnswer(t *testing.T) {
	qz := mustParse(t, valid)
	for id, want := range map[string]string{
		"pick":  "A",
		"many":  "A; B",
		"word":  "t.start()",
		"num":   "3.5 (± 0.1)",
		"range": "10 (anything from 8 to 12)",
		"steps": "Add → go → Done → Wait",
		"tr":    "it runs and prints something:\nhi",
	} {
		if got := qz.Question(id).RightAnswer(); got != want {
			t.Errorf("%s: RightAnswer() = %q, want %q", id, got, want)
		}
	}
}
