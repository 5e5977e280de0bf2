package quiz

import (
	"errors"
	"strings"
	"testing"
)

// valid is a small quiz with one question of every type.
const valid = `id = "demo"
title = "Demo"
pass_mark = 3

[[questions]]
id = "pick"
type = "choice"
prompt = "Pick one."
explanation = "Because."
  [[questions.options]]
  id = "a"
  text = "A"
  correct = true
  feedback = "Yes."
  [[questions.options]]
  id = "b"
  text = "B"
  feedback = "No."
  [[questions.options]]
  id = "none"
  text = "None of these"
  pinned = true

[[questions]]
id = "many"
type = "choice"
multi = true
scoring = "partial"
points = 2
prompt = "Pick some."
explanation = "Because."
  [[questions.options]]
  id = "a"
  text = "A"
  correct = true
  [[questions.options]]
  id = "b"
  text = "B"
  correct = true
  [[questions.options]]
  id = "c"
  text = "C"
  [[questions.options]]
  id = "d"
  text = "D"
  feedback = "Not D."

[[questions]]
id = "word"
type = "short"
prompt = "Which method?"
answer = "t.start()"
accept = ["start()", "start"]
patterns = ['t\.start\(\)']
explanation = "start() spawns."

[[questions]]
id = "num"
type = "numeric"
prompt = "How many?"
value = 3.5
tolerance = 0.1
explanation = "3.5."

[[questions]]
id = "range"
type = "numeric"
prompt = "Roughly?"
value = 10
min = 8
max = 12
explanation = "About 10."

[[questions]]
id = "steps"
type = "order"
prompt = "Order them."
explanation = "Add, go, done, wait."
  [[questions.steps]]
  id = "add"
  text = "Add"
  [[questions.steps]]
  id = "go"
  text = "go"
  [[questions.steps]]
  id = "done"
  text = "Done"
  [[questions.steps]]
  id = "wait"
  text = "Wait"

[[questions]]
id = "tr"
type = "trace"
scoring = "partial"
prompt = "What happens?"
program = '''
package main

func main() { println("hi") }
'''
outcome = "prints"
output = "hi"
explanation = "It prints."
`

func mustParse(t *testing.T, src string) *Quiz {
	t.Helper()
	qz, err := Parse("demo.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return qz
}

func TestParseValid(t *testing.T) {
	qz := mustParse(t, valid)
	if qz.ID != "demo" || len(qz.Questions) != 7 || qz.MaxScore() != 8 || qz.PassMark != 3 {
		t.Fatalf("got id %q, %d questions, max %g, pass %g", qz.ID, len(qz.Questions), qz.MaxScore(), qz.PassMark)
	}
	q := qz.Question("many")
	if q.scoring() != Partial || !q.Multi || len(q.Options) != 4 || q.MaxPoints() != 2 {
		t.Errorf("question many parsed as %+v", q)
	}
	if qz.Question("steps").scoring() != Partial || qz.Question("pick").scoring() != AllOrNothing {
		t.Error("default scoring: want partial for order, all-or-nothing for choice")
	}
	if got := qz.Question("tr").Program; !strings.HasPrefix(got, "package main") {
		t.Errorf("program = %q", got)
	}
}

// replace returns valid with old replaced by new, failing if old is absent.
func replace(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(valid, old) {
		t.Fatalf("%q is not in the valid quiz", old)
	}
	return strings.Replace(valid, old, new, 1)
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string // edit of the valid quiz
		src      string // or a whole file
		want     string // "line: message part"
	}{
		{name: "syntax", src: "id = \"x\"\ntitle = \n", want: "2: not valid TOML"},
		{name: "unknown top key", old: "pass_mark = 3", new: "pass_mark = 3\npassmark = 3", want: `4: unknown key "passmark": did you mean "pass_mark"?`},
		{name: "unknown question key", old: `explanation = "3.5."`, new: "explanation = \"3.5.\"\nexplaination = \"x\"", want: `64: unknown key "explaination" in a question: did you mean "explanation"?`},
		{name: "key of another type", old: `value = 3.5`, new: "value = 3.5\noptions = []", want: `62: key "options" is not used by numeric questions`},
		{name: "unknown option key", old: `  feedback = "Not D."`, new: "  feedback = \"Not D.\"\n  correctt = true", want: `47: unknown key "correctt" in an option: did you mean "correct"?`},
		{name: "unknown step key", old: `  text = "Done"`, new: "  text = \"Done\"\n  txt = \"x\"", want: `88: unknown key "txt" in a step`},
		{name: "wrong value type", old: "points = 2", new: `points = "two"`, want: `29: questions.points: incompatible types`},
		{name: "duplicate question id", old: `id = "many"`, new: `id = "pick"`, want: `25: duplicate question id "pick" (also question 1)`},
		{name: "bad question id", old: `id = "many"`, new: `id = "Many Things"`, want: `25: question "Many Things": use lowercase letters`},
		{name: "duplicate option id", old: "  id = \"b\"\n  text = \"B\"\n  correct = true", new: "  id = \"a\"\n  text = \"B\"\n  correct = true", want: `37: question "many": duplicate option id "a"`},
		{name: "no correct option", old: "  text = \"A\"\n  correct = true\n  feedback = \"Yes.\"", new: "  text = \"A\"\n  feedback = \"Yes.\"", want: `10: question "pick" has no correct option: mark the right one with correct = true`},
		{name: "two correct single", old: "  text = \"B\"\n  feedback = \"No.\"", new: "  text = \"B\"\n  correct = true\n  feedback = \"No.\"", want: `10: question "pick" has 2 correct options but is single-answer: set multi = true`},
		{name: "partial single", old: "type = \"choice\"\nprompt = \"Pick one.\"", new: "type = \"choice\"\nscoring = \"partial\"\nprompt = \"Pick one.\"", want: `8: question "pick": partial scoring needs several answers`},
		{name: "one option", src: "id = \"x\"\ntitle = \"X\"\npass_mark = 1\n[[questions]]\nid = \"q\"\ntype = \"choice\"\nprompt = \"p\"\nexplanation = \"e\"\n[[questions.options]]\nid = \"a\"\ntext = \"A\"\ncorrect = true\n", want: `4: question "q" has 1 option(s)`},
		{name: "missing explanation", old: `explanation = "start() spawns."`, new: "", want: `48: question "word" has no explanation: add explanation`},
		{name: "missing prompt", old: `prompt = "How many?"`, new: "", want: `57: question "num" has no prompt`},
		{name: "missing type", old: "id = \"word\"\ntype = \"short\"\n", new: "id = \"word\"\n", want: `48: question "word" has no type`},
		{name: "unknown type", old: `type = "short"`, new: `type = "essay"`, want: `50: question "word": unknown type "essay"`},
		{name: "regex does not compile", old: `patterns = ['t\.start\(\)']`, new: `patterns = ['t\.start(']`, want: `54: question "word": pattern "t\\.start(" does not compile: missing closing )`},
		{name: "answer not accepted", old: `answer = "t.start()"`, new: `answer = "t.run()"`, want: `52: question "word": its own answer "t.run()" is not accepted by accept or patterns`},
		{name: "short accepts nothing", old: "accept = [\"start()\", \"start\"]\npatterns = ['t\\.start\\(\\)']\n", new: "", want: `48: question "word" accepts nothing`},
		{name: "numeric value outside range", old: "value = 10", new: "value = 13", want: `69: question "range": its own value 13 is outside min..max (8..12)`},
		{name: "numeric both", old: "min = 8", new: "min = 8\ntolerance = 1", want: `71: question "range" has both tolerance and min/max`},
		{name: "numeric no value", old: "value = 3.5\n", new: "", want: `57: question "num" has no value`},
		{name: "numeric nan", old: "value = 3.5", new: "value = nan", want: `61: question "num": value must be a finite number`},
		{name: "negative points", old: "points = 2", new: "points = -1", want: `29: question "many": points must be a positive number`},
		{name: "duplicate step id", old: `  id = "done"`, new: `  id = "go"`, want: `86: question "steps": duplicate step id "go"`},
		{name: "trace without output", old: "output = \"hi\"\n", new: "", want: `102: question "tr": outcome = "prints" needs output`},
		{name: "trace output with deadlock", old: `outcome = "prints"`, new: `outcome = "deadlock"`, want: `103: question "tr": output is only for outcome = "prints"`},
		{name: "trace unknown outcome", old: `outcome = "prints"`, new: `outcome = "hangs"`, want: `102: question "tr": unknown outcome "hangs"`},
		{name: "pass mark too high", old: "pass_mark = 3", new: "pass_mark = 9", want: `3: pass_mark 9 is more than the 8 points of the quiz`},
		{name: "no pass mark", old: "pass_mark = 3\n", new: "", want: `1: pass_mark must be a positive number of points`},
		{name: "no questions", src: "id = \"x\"\ntitle = \"X\"\npass_mark = 1\n", want: `1: the quiz has no questions`},
		{name: "bad scoring", old: `scoring = "partial"`, new: `scoring = "some"`, want: `28: question "many": unknown scoring "some"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src
			if src == "" {
				src = replace(t, tc.old, tc.new)
			}
			_, err := Parse("demo.toml", []byte(src))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %T is not Errors", err)
			}
			if !strings.Contains(err.Error(), "demo.toml:"+tc.want) {
				t.Errorf("errors:\n%v\nwant one containing %q", err, "demo.toml:"+tc.want)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	src := strings.Replace(strings.Replace(valid, `id = "many"`, `id = "pick"`, 1), `type = "short"`, `type = "essay"`, 1)
	_, err := Parse("demo.toml", []byte(src))
	var es Errors
	if !errors.As(err, &es) || len(es) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	if es[0].Line > es[1].Line {
		t.Errorf("errors are not in line order: %v", err)
	}
}
