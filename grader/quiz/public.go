package quiz

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// A student workspace holds each quiz in its public form: the questions, their
// options, steps and programs, and nothing that gives an answer away. The keys —
// correct options and their feedback, accepted answers, values, outcomes and
// outputs, the explanations, and the order of an order question's steps — stay
// in the course source and its grader key.

// HasKeys reports whether the quiz carries its keys, so that it can grade
// answers: a course source, a grader key, or a workspace of an older gilgrade.
func (qz *Quiz) HasKeys() bool { return !qz.IsPublic }

// publicQuiz and friends are the public form as written.
type publicQuiz struct {
	ID        string           `toml:"id"`
	Title     string           `toml:"title"`
	PassMark  float64          `toml:"pass_mark"`
	Intro     string           `toml:"intro,omitempty"`
	Public    bool             `toml:"public"`
	Questions []publicQuestion `toml:"questions"`
}

type publicQuestion struct {
	ID      string         `toml:"id"`
	Type    Type           `toml:"type"`
	Points  *float64       `toml:"points,omitempty"`
	Tags    []string       `toml:"tags,omitempty"`
	Prompt  string         `toml:"prompt"`
	Scoring Scoring        `toml:"scoring,omitempty"`
	Multi   bool           `toml:"multi,omitempty"`
	Shuffle *bool          `toml:"shuffle,omitempty"`
	Options []publicOption `toml:"options,omitempty"`
	Steps   []Step         `toml:"steps,omitempty"`
	Program string         `toml:"program,omitempty"`
}

type publicOption struct {
	ID     string `toml:"id"`
	Text   string `toml:"text"`
	Pinned bool   `toml:"pinned,omitempty"`
}

// Public returns the quiz file a student workspace holds. It parses with
// ParsePublic into the same questions, options and steps, without the keys.
func (qz *Quiz) Public() ([]byte, error) {
	pq := publicQuiz{ID: qz.ID, Title: qz.Title, PassMark: qz.PassMark, Intro: qz.Intro, Public: true}
	for _, q := range qz.Questions {
		p := publicQuestion{ID: q.ID, Type: q.Type, Points: q.Points, Tags: q.Tags, Prompt: q.Prompt,
			Multi: q.Multi, Shuffle: q.Shuffle, Program: q.Program}
		// A choice question's scoring says how several answers add up, an order
		// question's whether a near miss counts: both are the rules, not the answer.
		if q.Type == Choice || q.Type == Order {
			p.Scoring = q.Scoring
		}
		for _, o := range q.Options {
			p.Options = append(p.Options, publicOption{ID: o.ID, Text: o.Text, Pinned: o.Pinned})
		}
		for _, s := range PublicSteps(q) {
			p.Steps = append(p.Steps, *s)
		}
		pq.Questions = append(pq.Questions, p)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Quiz %q, as a student's copy: take it with `gilgrade quiz %s`.\n", qz.ID, qz.ID)
	b.WriteString("# The right answers and explanations come with the course's key, not with this file.\n\n")
	enc := toml.NewEncoder(&b)
	enc.Indent = "  "
	if err := enc.Encode(pq); err != nil {
		return nil, fmt.Errorf("quiz %s: %w", qz.ID, err)
	}
	return b.Bytes(), nil
}

// PublicSteps returns an order question's steps in an order that says nothing of
// the right one: sorted by their text, which does not depend on the answer, or
// reversed when that sorted order happens to be the right one. It is stable, so a
// student's copy and a template list the steps alike.
func PublicSteps(q *Question) []*Step {
	steps := slices.Clone(q.Steps)
	if q.IsPublicOrder() {
		return steps // already scrambled when the copy was made
	}
	slices.SortStableFunc(steps, func(a, b *Step) int {
		return cmp.Or(strings.Compare(normalize(a.Text), normalize(b.Text)), strings.Compare(a.ID, b.ID))
	})
	if slices.Equal(steps, q.Steps) {
		slices.Reverse(steps)
	}
	return steps
}

// IsPublicOrder reports whether the question's steps come from a student's copy,
// where they are not in the right order.
func (q *Question) IsPublicOrder() bool { return q.public }

// keyFields are the keys of a question that a student's copy must not hold, by
// where they sit.
var keyFields = []string{"explanation", "answer", "accept", "patterns", "value", "tolerance", "min", "max", "outcome", "output"}

// validatePublic checks that a question of a student's copy holds no key: a copy
// that does would hand the answer to every student.
func validatePublic(e *errs, q *Question, name string, at func(...any) []any) {
	q.public = true
	has := map[string]bool{
		"explanation": q.Explanation != "", "answer": q.Answer != "", "accept": len(q.Accept) > 0,
		"patterns": len(q.Patterns) > 0, "value": q.Value != nil, "tolerance": q.Tolerance != nil,
		"min": q.Min != nil, "max": q.Max != nil, "outcome": q.Outcome != "", "output": q.Output != "",
	}
	for _, k := range keyFields {
		if has[k] {
			e.key(at(k), "%s: %q is part of the key, which a student's copy (public = true) must not hold: remove it", name, k)
		}
	}
	for j, o := range q.Options {
		if o.Correct || o.Feedback != "" {
			e.key(at("options", j), "%s: option %q says whether it is right (correct or feedback), which a student's copy must not: remove it", name, o.ID)
		}
	}
}
