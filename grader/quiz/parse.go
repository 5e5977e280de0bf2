package quiz

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// idPattern is what quiz, question, option and step ids look like: they are bare
// TOML keys in answers files and stable across edits of the text.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

const idRule = "use lowercase letters, digits, '-' and '_' (at most 64), starting with a letter or digit"

var (
	topKeys    = []string{"id", "title", "pass_mark", "intro", "public", "questions"}
	commonKeys = []string{"id", "type", "points", "tags", "prompt", "explanation"}
	typeKeys   = map[Type][]string{
		Choice:  {"multi", "scoring", "shuffle", "options"},
		Short:   {"answer", "accept", "patterns"},
		Numeric: {"value", "tolerance", "min", "max"},
		Order:   {"scoring", "steps"},
		Trace:   {"program", "outcome", "output", "scoring"},
	}
	optionKeys = []string{"id", "text", "correct", "feedback", "pinned"}
	stepKeys   = []string{"id", "text"}
)

// Load reads and validates a quiz file of a student workspace (see ParsePublic).
func Load(path string) (*Quiz, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read quiz: %w", err)
	}
	return ParsePublic(path, src)
}

// LoadDir loads every *.toml file of dir, sorted by name, as Load does. It returns
// the quizzes that are valid and an error listing the problems of the others.
func LoadDir(dir string) ([]*Quiz, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var quizzes []*Quiz
	var all Errors
	seen := map[string]string{}
	for _, f := range files {
		qz, err := Load(f)
		if err != nil {
			var es Errors
			if asErrors(err, &es) {
				all = append(all, es...)
			} else {
				all = append(all, &Error{File: f, Msg: err.Error()})
			}
			continue
		}
		if other, ok := seen[qz.ID]; ok {
			all = append(all, &Error{File: f, Line: qz.lines.line("id"),
				Msg: fmt.Sprintf("quiz id %q is already used by %s: give each quiz its own id", qz.ID, other)})
			continue
		}
		seen[qz.ID] = f
		quizzes = append(quizzes, qz)
	}
	if len(all) > 0 {
		return quizzes, all
	}
	return quizzes, nil
}

func asErrors(err error, es *Errors) bool {
	e, ok := err.(Errors)
	if ok {
		*es = e
	}
	return ok
}

// Parse reads and validates a quiz with its keys, as a course source or a grader
// key holds it; file names it in errors. The error, if any, is an Errors listing
// every problem with its line.
func Parse(file string, src []byte) (*Quiz, error) {
	qz, err := parse(file, src)
	if err == nil && qz.IsPublic {
		err = Errors{{File: file, Line: qz.lines.line("public"),
			Msg: "this is a student's copy of the quiz, without its keys (public = true): check and grade with the course source or its key"}}
		qz = nil
	}
	return qz, err
}

// ParsePublic reads and validates a quiz as a student workspace holds it: the
// public form (public = true, no keys), or a whole quiz as an older gilgrade
// wrote it. Only a quiz with HasKeys can grade answers.
func ParsePublic(file string, src []byte) (*Quiz, error) {
	return parse(file, src)
}

func parse(file string, src []byte) (qz *Quiz, err error) {
	e := &errs{file: file}
	var generic map[string]any
	if _, err := toml.Decode(string(src), &generic); err != nil {
		e.decodeError(err)
		return nil, e.err()
	}
	e.lines = newLineFinder(src, generic)
	checkKeys(e, generic)
	qz = &Quiz{}
	if _, err := toml.Decode(string(src), qz); err != nil {
		e.decodeError(err)
		return nil, e.err()
	}
	qz.File = file
	qz.lines = e.lines
	e.public = qz.IsPublic
	validate(e, qz)
	if err := e.err(); err != nil {
		return nil, err
	}
	return qz, nil
}

// tables returns the tables of an array of tables, whichever way it was written.
func tables(v any) []map[string]any {
	switch v := v.(type) {
	case []map[string]any:
		return v
	case []any:
		var ts []map[string]any
		for _, x := range v {
			if t, ok := x.(map[string]any); ok {
				ts = append(ts, t)
			} else {
				ts = append(ts, nil)
			}
		}
		return ts
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// checkKeys reports keys the format does not know, including keys that belong to
// another question type, each at its own line.
func checkKeys(e *errs, top map[string]any) {
	for _, k := range sortedKeys(top) {
		if !slices.Contains(topKeys, k) {
			e.key([]any{k}, "unknown key %q%s; a quiz has %s", k, suggest(k, topKeys), strings.Join(topKeys, ", "))
		}
	}
	for i, q := range tables(top["questions"]) {
		if q == nil {
			continue
		}
		typ, _ := q["type"].(string)
		allowed := append(slices.Clone(commonKeys), typeKeys[Type(typ)]...)
		var every []string
		for _, ks := range typeKeys {
			every = append(every, ks...)
		}
		for _, k := range sortedKeys(q) {
			if slices.Contains(allowed, k) {
				continue
			}
			path := []any{"questions", i, k}
			if slices.Contains(every, k) && typeKeys[Type(typ)] != nil {
				e.key(path, "key %q is not used by %s questions: remove it or change the type", k, typ)
				continue
			}
			if typeKeys[Type(typ)] == nil && slices.Contains(every, k) {
				continue // the unknown type is reported by validate
			}
			e.key(path, "unknown key %q in a question%s", k, suggest(k, append(commonKeys, every...)))
		}
		for j, o := range tables(q["options"]) {
			for _, k := range sortedKeys(o) {
				if !slices.Contains(optionKeys, k) {
					e.key([]any{"questions", i, "options", j, k}, "unknown key %q in an option%s; an option has %s",
						k, suggest(k, optionKeys), strings.Join(optionKeys, ", "))
				}
			}
		}
		for j, s := range tables(q["steps"]) {
			for _, k := range sortedKeys(s) {
				if !slices.Contains(stepKeys, k) {
					e.key([]any{"questions", i, "steps", j, k}, "unknown key %q in a step; a step has id and text", k)
				}
			}
		}
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func validate(e *errs, qz *Quiz) {
	switch {
	case qz.ID == "":
		e.at(1, "missing id: add a line such as id = \"goroutines\"")
	case !idPattern.MatchString(qz.ID):
		e.key([]any{"id"}, "quiz id %q: %s", qz.ID, idRule)
	}
	if strings.TrimSpace(qz.Title) == "" {
		e.at(max(e.lines.line("title"), 1), "missing title: add a line such as title = \"Goroutines\"")
	}
	if len(qz.Questions) == 0 {
		e.at(max(e.lines.line("questions"), 1), "the quiz has no questions: add [[questions]] tables")
	}
	ids := map[string]int{}
	for i, q := range qz.Questions {
		q.index = i
		validateQuestion(e, q, i, ids)
	}
	total := qz.MaxScore()
	switch {
	case total == 0:
	case !finite(qz.PassMark) || qz.PassMark <= 0:
		e.at(max(e.lines.line("pass_mark"), 1), "pass_mark must be a positive number of points, such as pass_mark = %g", math.Ceil(total*0.7))
	case qz.PassMark > total:
		e.key([]any{"pass_mark"}, "pass_mark %g is more than the %g points of the quiz: lower it", qz.PassMark, total)
	}
}

func validateQuestion(e *errs, q *Question, i int, ids map[string]int) {
	at := func(k ...any) []any { return append([]any{"questions", i}, k...) }
	name := fmt.Sprintf("question %d", i+1)
	if q.ID != "" {
		name = fmt.Sprintf("question %q", q.ID)
	}
	switch {
	case q.ID == "":
		e.key(at(), "%s has no id: add id = \"…\" (answers files refer to it)", name)
	case !idPattern.MatchString(q.ID):
		e.key(at("id"), "%s: %s", name, idRule)
	default:
		if prev, ok := ids[q.ID]; ok {
			e.key(at("id"), "duplicate question id %q (also question %d): give each question its own id", q.ID, prev+1)
		} else {
			ids[q.ID] = i
		}
	}
	if strings.TrimSpace(q.Prompt) == "" {
		e.key(at(), "%s has no prompt: add prompt = \"…\"", name)
	}
	if e.public {
		validatePublic(e, q, name, at)
	} else if strings.TrimSpace(q.Explanation) == "" {
		e.key(at(), "%s has no explanation: add explanation = \"…\", shown after the learner answers", name)
	}
	if q.Points != nil && (!finite(*q.Points) || *q.Points <= 0) {
		e.key(at("points"), "%s: points must be a positive number", name)
	}
	for j, t := range q.Tags {
		if strings.TrimSpace(t) == "" {
			e.key(at("tags"), "%s: tag %d is empty: remove it", name, j+1)
		}
	}
	switch q.Scoring {
	case "", AllOrNothing, Partial:
	default:
		e.key(at("scoring"), "%s: unknown scoring %q: use %q or %q", name, q.Scoring, AllOrNothing, Partial)
	}
	switch q.Type {
	case Choice:
		validateChoice(e, q, name, at)
	case Short:
		if !e.public {
			validateShort(e, q, name, at)
		}
	case Numeric:
		if !e.public {
			validateNumeric(e, q, name, at)
		}
	case Order:
		validateOrder(e, q, name, at)
	case Trace:
		validateTrace(e, q, name, at)
	case "":
		e.key(at(), "%s has no type: add type = \"choice\" (or short, numeric, order, trace)", name)
	default:
		e.key(at("type"), "%s: unknown type %q: use choice, short, numeric, order or trace", name, q.Type)
	}
}

func validateChoice(e *errs, q *Question, name string, at func(...any) []any) {
	if len(q.Options) < 2 {
		e.key(at(), "%s has %d option(s): a choice question needs at least two [[questions.options]]", name, len(q.Options))
	}
	ids := map[string]bool{}
	for j, o := range q.Options {
		switch {
		case o.ID == "":
			e.key(at("options", j), "%s: option %d has no id: add id = \"a\"", name, j+1)
		case !idPattern.MatchString(o.ID):
			e.key(at("options", j, "id"), "%s: option id %q: %s", name, o.ID, idRule)
		case ids[o.ID]:
			e.key(at("options", j, "id"), "%s: duplicate option id %q: give each option its own id", name, o.ID)
		}
		ids[o.ID] = true
		if strings.TrimSpace(o.Text) == "" {
			e.key(at("options", j), "%s: option %q has no text", name, o.ID)
		}
	}
	correct := len(q.correctIDs())
	switch {
	case e.public:
		// The keys live in the course's key.
	case len(q.Options) > 0 && correct == 0:
		e.key(at("options"), "%s has no correct option: mark the right one with correct = true", name)
	case correct > 1 && !q.Multi:
		e.key(at("options"), "%s has %d correct options but is single-answer: set multi = true or keep one correct option", name, correct)
	}
	if q.Scoring == Partial && !q.Multi {
		e.key(at("scoring"), "%s: partial scoring needs several answers: set multi = true or remove scoring", name)
	}
}

// normalize trims, collapses runs of white space to one space and lowercases.
func normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func validateShort(e *errs, q *Question, name string, at func(...any) []any) {
	if len(q.Accept) == 0 && len(q.Patterns) == 0 {
		e.key(at(), "%s accepts nothing: add accept = [\"…\"] or patterns = ['…']", name)
	}
	for j, a := range q.Accept {
		if normalize(a) == "" {
			e.key(at("accept"), "%s: accepted answer %d is empty: remove it", name, j+1)
		}
	}
	ok := true
	q.patterns = nil
	for _, p := range q.Patterns {
		re, err := compilePattern(p)
		if err != nil {
			e.key(at("patterns"), "%s: pattern %q does not compile: %s", name, p, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
			ok = false
			continue
		}
		q.patterns = append(q.patterns, re)
	}
	switch {
	case strings.TrimSpace(q.Answer) == "":
		e.key(at(), "%s has no answer: add answer = \"…\", the model answer shown after answering", name)
	case ok && (len(q.Accept) > 0 || len(q.Patterns) > 0) && !q.acceptsShort(q.Answer):
		e.key(at("answer"), "%s: its own answer %q is not accepted by accept or patterns: fix one of them", name, q.Answer)
	}
}

// compilePattern anchors an author's pattern to the whole answer, case-insensitively.
func compilePattern(p string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(p); err != nil {
		return nil, err
	}
	return regexp.Compile(`(?i)^(?:` + p + `)$`)
}

func (q *Question) acceptsShort(ans string) bool {
	n := normalize(ans)
	if n == "" {
		return false
	}
	for _, a := range q.Accept {
		if normalize(a) == n {
			return true
		}
	}
	spaced := strings.Join(strings.Fields(ans), " ")
	for _, re := range q.patterns {
		if re.MatchString(spaced) {
			return true
		}
	}
	return false
}

func validateNumeric(e *errs, q *Question, name string, at func(...any) []any) {
	for _, f := range []struct {
		key string
		v   *float64
	}{{"value", q.Value}, {"tolerance", q.Tolerance}, {"min", q.Min}, {"max", q.Max}} {
		if f.v != nil && !finite(*f.v) {
			e.key(at(f.key), "%s: %s must be a finite number", name, f.key)
			return
		}
	}
	if q.Value == nil {
		e.key(at(), "%s has no value: add value = 42, the right answer", name)
		return
	}
	hasRange := q.Min != nil || q.Max != nil
	switch {
	case q.Tolerance != nil && hasRange:
		e.key(at("tolerance"), "%s has both tolerance and min/max: keep one", name)
	case q.Tolerance != nil && *q.Tolerance < 0:
		e.key(at("tolerance"), "%s: tolerance must not be negative", name)
	case hasRange && (q.Min == nil || q.Max == nil):
		e.key(at(), "%s: a range needs both min and max", name)
	case hasRange && *q.Min > *q.Max:
		e.key(at("min"), "%s: min %g is more than max %g: swap them", name, *q.Min, *q.Max)
	case hasRange && (*q.Value < *q.Min || *q.Value > *q.Max):
		e.key(at("value"), "%s: its own value %g is outside min..max (%g..%g): fix one of them", name, *q.Value, *q.Min, *q.Max)
	}
}

func validateOrder(e *errs, q *Question, name string, at func(...any) []any) {
	if len(q.Steps) < 2 {
		e.key(at(), "%s has %d step(s): an order question needs at least two [[questions.steps]]", name, len(q.Steps))
	}
	ids := map[string]bool{}
	texts := map[string]bool{}
	for j, s := range q.Steps {
		switch {
		case s.ID == "":
			e.key(at("steps", j), "%s: step %d has no id: add id = \"…\"", name, j+1)
		case !idPattern.MatchString(s.ID):
			e.key(at("steps", j, "id"), "%s: step id %q: %s", name, s.ID, idRule)
		case ids[s.ID]:
			e.key(at("steps", j, "id"), "%s: duplicate step id %q: give each step its own id", name, s.ID)
		}
		ids[s.ID] = true
		switch t := normalize(s.Text); {
		case t == "":
			e.key(at("steps", j), "%s: step %q has no text", name, s.ID)
		case texts[t]:
			e.key(at("steps", j, "text"), "%s: two steps read %q: a learner cannot tell them apart", name, s.Text)
		default:
			texts[t] = true
		}
	}
}

func validateTrace(e *errs, q *Question, name string, at func(...any) []any) {
	if strings.TrimSpace(q.Program) == "" {
		e.key(at(), "%s has no program: add program = '''package main …'''", name)
	} else if !strings.Contains(q.Program, "package main") {
		e.key(at("program"), "%s: the program must be a whole main package (package main with func main)", name)
	}
	if e.public {
		return
	}
	switch q.Outcome {
	case Prints:
		if q.Output == "" {
			e.key(at("outcome"), "%s: outcome = \"prints\" needs output = \"…\", what the program prints", name)
		}
	case Deadlock, DataRace, Panics, CompileError:
		if q.Output != "" {
			e.key(at("output"), "%s: output is only for outcome = \"prints\": remove it", name)
		}
	case "":
		e.key(at(), "%s has no outcome: add outcome = \"prints\" (or deadlock, data-race, panic, compile-error)", name)
	default:
		e.key(at("outcome"), "%s: unknown outcome %q: use prints, deadlock, data-race, panic or compile-error", name, q.Outcome)
	}
}
