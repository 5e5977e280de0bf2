package quiz

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/fatih/color"

	"github.com/gilgrade/gilgrade/grader/term"
)

// SessionOptions configure an interactive session.
type SessionOptions struct {
	// Learner seeds the shuffle of options and steps (see OptionOrder).
	Learner string
	// NoColor turns color off. Color is also off when NO_COLOR is set or the
	// output is not a terminal.
	NoColor bool
	// Echo writes each line read back to the output, so that a transcript of a
	// session fed through a pipe reads like one typed at a terminal.
	Echo bool
}

// UseColor reports whether output to w may be colored: not when noColor is set,
// not when NO_COLOR is set (https://no-color.org), not when w is not a terminal.
func UseColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	return term.Is(w)
}

// errEOF ends a session when the input ends.
var errEOF = errors.New("input ended")

type session struct {
	qz  *Quiz
	in  *bufio.Reader
	out io.Writer
	opt SessionOptions
	err error // the first write error

	bold, dim, code, good, bad, part *color.Color
}

func newColor(on bool, attrs ...color.Attribute) *color.Color {
	c := color.New(attrs...)
	if on {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c
}

// Run takes the quiz interactively: one question at a time read from in, with
// feedback and the explanation after each answer and the score at the end. It
// re-asks on input it cannot read and ends cleanly when the input ends; then the
// result is not Complete and unasked questions score zero. The error is only a
// failure to write to out.
func Run(qz *Quiz, in io.Reader, out io.Writer, opt SessionOptions) (*Result, error) {
	on := UseColor(out, opt.NoColor)
	s := &session{qz: qz, in: bufio.NewReader(in), out: out, opt: opt,
		bold: newColor(on, color.Bold), dim: newColor(on, color.Faint),
		code: newColor(on, color.FgCyan), good: newColor(on, color.FgGreen, color.Bold),
		bad: newColor(on, color.FgRed, color.Bold), part: newColor(on, color.FgYellow, color.Bold)}
	r := &Result{Quiz: qz, Complete: true}
	s.printf("%s\n", s.bold.Sprintf("%s (%s)", qz.Title, qz.ID))
	s.printf("%d questions, %s points; pass mark %s.\n", len(qz.Questions), formatPoints(qz.MaxScore()), formatPoints(qz.PassMark))
	if qz.Intro != "" {
		s.printf("\n")
		s.markdown(qz.Intro)
	}
	for i, q := range qz.Questions {
		if r.Complete {
			qr, err := s.ask(q, i)
			if errors.Is(err, errEOF) {
				r.Complete = false
				s.printf("\n\nThe input ended after %d of %d questions; the rest score zero.\n", i, len(qz.Questions))
				r.add(QuestionResult{ID: q.ID, Max: q.MaxPoints()})
				continue
			}
			r.add(qr)
			continue
		}
		r.add(QuestionResult{ID: q.ID, Max: q.MaxPoints()})
	}
	verdict := s.bad.Sprint("not passed")
	if r.Passed() {
		verdict = s.good.Sprint("passed")
	}
	s.printf("\n%s %s of %s points: %s (pass mark %s).\n", s.bold.Sprint("Score:"),
		formatPoints(r.Score), formatPoints(r.Max), verdict, formatPoints(qz.PassMark))
	return r, s.err
}

func (s *session) printf(format string, args ...any) {
	if s.err != nil {
		return
	}
	_, s.err = fmt.Fprintf(s.out, format, args...)
}

// markdown prints Markdown-ish text: fenced code blocks indented and colored,
// and each paragraph or list item as one line, which the terminal's writer
// wraps to its width (an author's own line breaks, made for some other width,
// would leave a word alone on a line). Indented lines stay as written.
func (s *session) markdown(text string) {
	inCode := false
	para := ""
	flush := func() {
		if para != "" {
			s.printf("%s\n", para)
			para = ""
		}
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			flush()
			inCode = !inCode
		case inCode:
			s.printf("    %s\n", s.code.Sprint(line))
		case trimmed == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
			flush()
			s.printf("%s\n", line)
		case para != "" && !listItem(trimmed):
			para += " " + trimmed
		default:
			flush()
			para = line
		}
	}
	flush()
}

// listItem reports whether a line starts a Markdown list item: "- ", "* " or
// a number and ". ".
func listItem(line string) bool {
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* ") {
		return true
	}
	digits := len(line) - len(strings.TrimLeft(line, "0123456789"))
	return digits > 0 && strings.HasPrefix(line[digits:], ". ")
}

func (s *session) program(src string) {
	for _, line := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		s.printf("    %s\n", s.code.Sprint(line))
	}
}

// line reads one line; errEOF when the input has ended with nothing left.
func (s *session) line() (string, error) {
	l, err := s.in.ReadString('\n')
	if err != nil && (l == "" || !errors.Is(err, io.EOF)) {
		return "", errEOF
	}
	l = strings.TrimRight(l, "\r\n")
	if s.opt.Echo {
		s.printf("%s\n", l)
	}
	return l, nil
}

// read prompts until parse accepts a line.
func (s *session) read(prompt string, parse func(string) (string, bool)) (string, error) {
	for {
		s.printf("%s ", s.bold.Sprint(prompt))
		l, err := s.line()
		if err != nil {
			return "", err
		}
		if problem, ok := parse(strings.TrimSpace(l)); ok {
			return l, nil
		} else {
			s.printf("%s\n", problem)
		}
	}
}

// numbers parses "1 3", "1,3" or "1, 3" into numbers from 1 to n.
func numbers(l string, n int) ([]int, bool) {
	f := strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(f) == 0 {
		return nil, false
	}
	var out []int
	for _, x := range f {
		k, err := strconv.Atoi(x)
		if err != nil || k < 1 || k > n || slices.Contains(out, k) {
			return nil, false
		}
		out = append(out, k)
	}
	return out, true
}

func plural(f float64) string {
	if f == 1 {
		return "1 point"
	}
	return formatPoints(f) + " points"
}

func (s *session) ask(q *Question, i int) (QuestionResult, error) {
	s.printf("\n%s\n", s.bold.Sprintf("Question %d of %d · %s", i+1, len(s.qz.Questions), plural(q.MaxPoints())))
	s.markdown(q.Prompt)
	s.printf("\n")
	var ans Answer
	var shownOptions []*Option
	switch q.Type {
	case Choice:
		shownOptions = q.OptionOrder(s.qz.ID, s.opt.Learner)
		for k, o := range shownOptions {
			s.printf("  %d. %s\n", k+1, o.Text)
		}
		n := len(shownOptions)
		prompt := fmt.Sprintf("Your answer (1-%d):", n)
		problem := fmt.Sprintf("Type one number from 1 to %d.", n)
		if q.Multi {
			prompt = fmt.Sprintf("Your answer (one or more of 1-%d, such as 1 3):", n)
			problem = fmt.Sprintf("Type one or more different numbers from 1 to %d, separated by spaces.", n)
		}
		l, err := s.read(prompt, func(l string) (string, bool) {
			ks, ok := numbers(l, n)
			return problem, ok && (q.Multi || len(ks) == 1)
		})
		if err != nil {
			return QuestionResult{}, err
		}
		ks, _ := numbers(strings.TrimSpace(l), n)
		for _, k := range ks {
			ans.Options = append(ans.Options, shownOptions[k-1].ID)
		}
	case Short:
		l, err := s.read("Your answer:", func(l string) (string, bool) {
			return "Type an answer (a word or a short phrase).", l != ""
		})
		if err != nil {
			return QuestionResult{}, err
		}
		ans.Text = l
	case Numeric:
		parse := func(l string) (float64, bool) {
			f, err := strconv.ParseFloat(strings.ReplaceAll(l, "_", ""), 64)
			return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
		}
		l, err := s.read("Your answer (a number):", func(l string) (string, bool) {
			_, ok := parse(l)
			return "Type a number, such as 42 or 0.5.", ok
		})
		if err != nil {
			return QuestionResult{}, err
		}
		ans.Number, _ = parse(strings.TrimSpace(l))
	case Order:
		shown := q.StepOrder(s.qz.ID, s.opt.Learner)
		for k, st := range shown {
			s.printf("  %d. %s\n", k+1, st.Text)
		}
		n := len(shown)
		l, err := s.read(fmt.Sprintf("Your order (all of 1-%d, first step first):", n), func(l string) (string, bool) {
			ks, ok := numbers(l, n)
			return fmt.Sprintf("Type each number from 1 to %d once, in the order the steps happen.", n), ok && len(ks) == n
		})
		if err != nil {
			return QuestionResult{}, err
		}
		ks, _ := numbers(strings.TrimSpace(l), n)
		for _, k := range ks {
			ans.Steps = append(ans.Steps, shown[k-1].ID)
		}
	case Trace:
		s.program(q.Program)
		s.printf("\n")
		for k, o := range Outcomes {
			s.printf("  %d. %s\n", k+1, o.Describe())
		}
		n := len(Outcomes)
		l, err := s.read(fmt.Sprintf("What happens when it runs under -race? (1-%d):", n), func(l string) (string, bool) {
			ks, ok := numbers(l, n)
			return fmt.Sprintf("Type one number from 1 to %d.", n), ok && len(ks) == 1
		})
		if err != nil {
			return QuestionResult{}, err
		}
		ks, _ := numbers(strings.TrimSpace(l), n)
		ans.Outcome = Outcomes[ks[0]-1]
		if ans.Outcome == Prints {
			s.printf("%s\n", s.bold.Sprint("What does it print? Type its lines, then an empty line:"))
			var lines []string
			for {
				l, err := s.line()
				if err != nil && len(lines) == 0 {
					return QuestionResult{}, err
				}
				if err != nil || l == "" {
					break
				}
				lines = append(lines, l)
			}
			ans.Output = strings.Join(lines, "\n")
		}
	default:
		return QuestionResult{}, fmt.Errorf("question %q: unknown type %q", q.ID, q.Type)
	}
	r := q.Grade(ans)
	s.verdict(q, r, ans, shownOptions)
	return r, nil
}

func (s *session) verdict(q *Question, r QuestionResult, ans Answer, shown []*Option) {
	got := fmt.Sprintf("%s of %s", formatPoints(r.Score), plural(r.Max))
	switch {
	case r.Correct():
		s.printf("\n%s %s.\n", s.good.Sprint("✔ Right:"), got)
	case r.Score > 0:
		s.printf("\n%s %s.\n", s.part.Sprint("~ Partly right:"), got)
	default:
		s.printf("\n%s %s.\n", s.bad.Sprint("✘ Not right:"), got)
	}
	if q.Type == Choice {
		for _, id := range ans.Options {
			o := q.option(id)
			if o == nil || o.Feedback == "" {
				continue
			}
			k := slices.Index(shown, o) + 1
			mark := s.bad.Sprint("✘")
			if o.Correct {
				mark = s.good.Sprint("✔")
			}
			s.printf("  %s %d. %s\n", mark, k, o.Feedback)
		}
	} else {
		for _, f := range r.Feedback {
			s.printf("  %s\n", f)
		}
	}
	if !r.Correct() {
		ra := q.RightAnswer()
		if q.Type == Choice {
			var ks []string
			for k, o := range shown {
				if o.Correct {
					ks = append(ks, fmt.Sprintf("%d. %s", k+1, o.Text))
				}
			}
			ra = strings.Join(ks, "; ")
		}
		s.printf("%s %s\n", s.dim.Sprint("The answer:"), ra)
	}
	s.markdown(q.Explanation)
}
