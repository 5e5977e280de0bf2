package quiz

import (
	"fmt"
	"io"
	"strings"
)

// WriteTemplate writes an empty answers file for qz: every question id with an
// empty answer and a comment saying what kind of answer it takes and, for choice
// and order questions, the ids of the options or steps. It parses back with
// ParseAnswers as a file with nothing answered.
func WriteTemplate(w io.Writer, qz *Quiz) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Answers to the quiz %q: %s.\n", qz.ID, oneLine(qz.Title, 60))
	fmt.Fprintf(&b, "# Fill in each answer, then run: gilgrade quiz %s --answers FILE\n", qz.ID)
	b.WriteString("# Answers name options and steps by id; an empty answer counts as not answered.\n")
	fmt.Fprintf(&b, "quiz = %q\n\n[answers]\n", qz.ID)
	for i, q := range qz.Questions {
		fmt.Fprintf(&b, "\n# %d. %s\n", i+1, oneLine(firstText(q.Prompt), 72))
		empty := `""`
		switch q.Type {
		case Choice:
			if q.Multi {
				b.WriteString(`# choice: one or more option ids, such as ["a", "c"]` + "\n")
				empty = "[]"
			} else {
				b.WriteString(`# choice: one option id, such as "a"` + "\n")
			}
			for _, o := range q.Options {
				fmt.Fprintf(&b, "#   %-8s %s\n", o.ID, oneLine(o.Text, 64))
			}
		case Short:
			b.WriteString(`# short answer: a word or a phrase in quotes` + "\n")
		case Numeric:
			fmt.Fprintf(&b, "# number: write it without quotes, such as %s = 42\n", q.ID)
		case Order:
			b.WriteString("# order: every step id once, first step first\n")
			// Listed as in a student's copy: the written order is the answer.
			for _, s := range PublicSteps(q) {
				fmt.Fprintf(&b, "#   %-8s %s\n", s.ID, oneLine(s.Text, 64))
			}
			empty = "[]"
		case Trace:
			b.WriteString("# trace: outcome is prints, deadlock, data-race, panic or compile-error;\n")
			b.WriteString("# output is what it prints (only for prints; \\n between lines)\n")
			empty = `{ outcome = "", output = "" }`
		}
		fmt.Fprintf(&b, "%s = %s\n", q.ID, empty)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// firstText returns the first line of a prompt that is not a code fence.
func firstText(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "```") {
			return t
		}
	}
	return ""
}

// oneLine flattens s to one line of at most n runes, for a comment.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
