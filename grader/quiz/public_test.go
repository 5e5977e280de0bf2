package quiz

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The student's copy of every course quiz parses back into the same questions,
// options and steps, and holds none of the keys.
func TestPublicOfCourseQuizzes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(quizzesDir, "*.toml"))
	if len(files) == 0 {
		t.Fatal("no course quizzes found")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := full.Public()
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("GILGRADE_SHOW_PUBLIC") != "" {
			t.Logf("%s", pub)
		}
		qz, err := ParsePublic("public.toml", pub)
		if err != nil {
			t.Fatalf("%s: the student's copy does not parse:\n%v\n%s", f, err, pub)
		}
		if qz.HasKeys() || qz.ID != full.ID || qz.PassMark != full.PassMark || len(qz.Questions) != len(full.Questions) {
			t.Fatalf("%s: copy = %+v", f, qz)
		}
		if _, err := Parse("public.toml", pub); err == nil || !strings.Contains(err.Error(), "student's copy") {
			t.Errorf("%s: Parse of a student's copy: %v, want an error naming it", f, err)
		}
		text := string(pub)
		// What the questions themselves say (a prompt may name the answer of
		// another question) is not a leak of the copy.
		given := full.Title + "\n" + full.Intro
		for _, q := range full.Questions {
			given += "\n" + q.Prompt + "\n" + q.Program
			for _, o := range q.Options {
				given += "\n" + o.Text
			}
			for _, s := range q.Steps {
				given += "\n" + s.Text
			}
		}
		leaks := func(what, s string) {
			if strings.Contains(given, s) {
				return
			}
			if strings.TrimSpace(s) != "" && strings.Contains(text, s) {
				t.Errorf("%s: the student's copy holds %s %q", f, what, s)
			}
			if q := strconv.Quote(s); len(s) > 12 && strings.Contains(text, q[1:len(q)-1]) {
				t.Errorf("%s: the student's copy holds %s %q (escaped)", f, what, s)
			}
		}
		for i, q := range full.Questions {
			p := qz.Questions[i]
			if p.ID != q.ID || p.Type != q.Type || p.Prompt != q.Prompt || p.Program != q.Program || p.Multi != q.Multi {
				t.Errorf("%s %s: public question = %+v", f, q.ID, p)
			}
			leaks("the explanation", q.Explanation)
			leaks("the model answer", q.Answer)
			leaks("the output", q.Output)
			for _, a := range q.Accept {
				leaks("an accepted answer", a)
			}
			for _, pt := range q.Patterns {
				leaks("a pattern", pt)
			}
			for j, o := range q.Options {
				leaks("feedback", o.Feedback)
				if po := p.Options[j]; po.ID != o.ID || po.Text != o.Text || po.Correct || po.Feedback != "" {
					t.Errorf("%s %s: option %+v", f, q.ID, po)
				}
			}
			if q.Type == Order {
				var right, shown []string
				for _, s := range q.Steps {
					right = append(right, s.ID)
				}
				for _, s := range p.Steps {
					shown = append(shown, s.ID)
				}
				if slices.Equal(right, shown) {
					t.Errorf("%s %s: the copy lists the steps in the right order %v", f, q.ID, right)
				}
				slices.Sort(right)
				slices.Sort(shown)
				if !slices.Equal(right, shown) {
					t.Errorf("%s %s: steps %v, want %v", f, q.ID, shown, right)
				}
			}
		}
		for _, k := range []string{"correct", "feedback", "explanation", "outcome", "accept", "value"} {
			if strings.Contains(text, k+" =") {
				t.Errorf("%s: the student's copy has a %q key", f, k)
			}
		}
	}
}

func TestPublicCopyRefusesKeys(t *testing.T) {
	src := `id = "q"
title = "Q"
pass_mark = 1
public = true

[[questions]]
id = "a"
type = "choice"
prompt = "?"
explanation = "because"

  [[questions.options]]
  id = "x"
  text = "X"
  correct = true

  [[questions.options]]
  id = "y"
  text = "Y"
`
	_, err := ParsePublic("q.toml", []byte(src))
	for _, want := range []string{`q.toml:10: question "a": "explanation" is part of the key`, `q.toml:12: question "a": option "x" says whether it is right`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v\nwant one containing %q", err, want)
		}
	}
}

// An order question's steps are never listed in the right order, even when the
// hash order happens to be it.
func TestPublicStepsNeverRight(t *testing.T) {
	for n := 2; n < 6; n++ {
		for k := range 50 {
			q := &Question{ID: "q" + strconv.Itoa(k), Type: Order}
			for i := range n {
				q.Steps = append(q.Steps, &Step{ID: "s" + strconv.Itoa(i), Text: strconv.Itoa((i*k + 7) % 10)})
			}
			if got := PublicSteps(q); slices.Equal(got, q.Steps) || len(got) != n {
				t.Fatalf("PublicSteps(%s with %d steps) = the right order", q.ID, n)
			}
		}
	}
}
