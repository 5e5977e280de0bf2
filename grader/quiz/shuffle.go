package quiz

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
)

// rng returns a generator seeded from the quiz id, the learner key and the
// question id, so a learner sees the same order on a retake or a regrade, two
// learners see different orders, and reordering questions changes nothing.
func rng(quizID, learner, questionID string) *rand.PCG {
	h := fnv.New64a()
	h.Write([]byte(quizID))
	h.Write([]byte{0})
	h.Write([]byte(learner))
	a := h.Sum64()
	h.Write([]byte{0})
	h.Write([]byte(questionID))
	return rand.NewPCG(a, h.Sum64())
}

// permute returns a permutation of 0..n-1 by Fisher–Yates on the generator. It is
// written out rather than taken from math/rand so the order cannot change with
// the Go version.
func permute(g *rand.PCG, n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := int(g.Uint64() % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// OptionOrder returns the options of a choice question in the order a learner
// sees them: shuffled for the learner unless the question has shuffle = false;
// pinned options keep their place.
func (q *Question) OptionOrder(quizID, learner string) []*Option {
	out := slices.Clone(q.Options)
	if !q.shuffled() {
		return out
	}
	var free []int // positions of options that move
	for i, o := range q.Options {
		if !o.Pinned {
			free = append(free, i)
		}
	}
	p := permute(rng(quizID, learner, q.ID), len(free))
	for k, i := range free {
		out[i] = q.Options[free[p[k]]]
	}
	return out
}

// StepOrder returns the steps of an order question shuffled for the learner, and
// never in the right order (a rotation fixes that case), so the question is never
// answered by accepting what is shown.
func (q *Question) StepOrder(quizID, learner string) []*Step {
	p := permute(rng(quizID, learner, q.ID), len(q.Steps))
	out := make([]*Step, len(q.Steps))
	for i, j := range p {
		out[i] = q.Steps[j]
	}
	if len(out) > 1 && slices.Equal(out, q.Steps) {
		out = append(out[1:], out[0])
	}
	return out
}
