package verify

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gilgrade/gilgrade/grader/report"
)

// answerFile is one answer as written: a TOML file named after the answer, in a
// folder named after its exercise's directory ("ex03_worker_pool/leaks.toml").
type answerFile struct {
	Name     string            `toml:"name"`
	Status   string            `toml:"status"`
	Headline string            `toml:"headline"`
	Line     int               `toml:"line"`
	At       string            `toml:"at"`
	Pending  string            `toml:"pending"`
	Fills    map[string]string `toml:"fills"`
}

// LoadAnswers reads every answer under fsys: one folder per exercise, named like
// the exercise's directory, and in it one .toml file per answer.
func LoadAnswers(fsys fs.FS) ([]Answer, error) {
	names, err := fs.Glob(fsys, "*/*.toml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Answer
	for _, name := range names {
		a, err := parseAnswer(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func parseAnswer(fsys fs.FS, name string) (Answer, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Answer{}, err
	}
	var af answerFile
	md, err := toml.Decode(string(b), &af)
	if err != nil {
		return Answer{}, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return Answer{}, fmt.Errorf("unknown key %q", un[0].String())
	}
	dir := path.Dir(name)
	id, _, _ := strings.Cut(dir, "_")
	a := Answer{Exercise: id, Name: af.Name, Status: report.Status(af.Status), Headline: af.Headline,
		Line: af.Line, At: strings.TrimSpace(af.At), Fills: map[int]string{}, Source: name, Pending: af.Pending}
	if a.Name == "" {
		a.Name = strings.TrimSuffix(path.Base(name), ".toml")
	}
	switch a.Status {
	case report.Passed:
		if a.Headline != "" {
			return Answer{}, fmt.Errorf("a passing answer has no headline")
		}
	case report.Failed:
		if a.Headline == "" {
			return Answer{}, fmt.Errorf("a failing answer needs the headline code it must get")
		}
	default:
		return Answer{}, fmt.Errorf("status must be passed or failed, not %q", af.Status)
	}
	if (af.Line != 0 || af.At != "") && a.Status != report.Failed {
		return Answer{}, fmt.Errorf("only a failing answer has a headline line")
	}
	if strings.ContainsAny(a.At, "\r\n") || (af.At != "" && a.At == "") {
		return Answer{}, fmt.Errorf("at must be a piece of one line of the learner's file")
	}
	if len(af.Fills) == 0 {
		return Answer{}, fmt.Errorf("no fills")
	}
	for k, v := range af.Fills {
		n, err := strconv.Atoi(k)
		if err != nil {
			return Answer{}, fmt.Errorf("fills: %q is not a blank number", k)
		}
		a.Fills[n] = v
	}
	return a, nil
}
