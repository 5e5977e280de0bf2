package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// The JUnit XML of GitLab, Jenkins and most CI servers: one testcase per
// exercise and quiz, in two suites. A testcase fails whenever its item earned
// less than its points, an unfilled exercise and an untaken quiz included:
// GitLab counts a testcase by the element inside it (failure, error, skipped,
// else success) and ignores the suites' counters, so an unfilled exercise shown
// as skipped would read as "not failed" while it scores 0. A failure carries the
// diagnoses; points are properties.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname  string          `xml:"classname,attr"`
	Name       string          `xml:"name,attr"`
	File       string          `xml:"file,attr,omitempty"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Skipped    *junitResult    `xml:"skipped"`
	Error      *junitResult    `xml:"error"`
	Failure    *junitResult    `xml:"failure"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

// junitType is the type of a failure or error: the code of the first error
// diagnosis, which `gilgrade explain` documents.
func junitType(it item) string {
	if it.ex != nil {
		if d, ok := firstError(it.ex); ok {
			return d.Code
		}
		if it.status == Error {
			return string(diag.GraderError)
		}
		return string(diag.TestFailed)
	}
	if it.status == Error {
		return string(diag.GraderError)
	}
	return "below-pass-mark"
}

func junitCaseOf(it item, classname string) junitCase {
	c := junitCase{Classname: classname, Name: it.name, File: it.file, Time: seconds(it.durationMS),
		Properties: []junitProperty{
			{Name: "points", Value: Points(it.score)},
			{Name: "max_points", Value: Points(it.max)},
			{Name: "status", Value: string(it.status)},
			{Name: "command", Value: it.command},
		}}
	if it.ex != nil && !it.ex.RaceChecked {
		c.Properties = append(c.Properties, junitProperty{Name: "race_checked", Value: "false"})
	}
	detail := plainDetail(it)
	res := &junitResult{Message: it.summary, Type: junitType(it), Text: detail}
	switch {
	case it.status == Passed:
		if it.ex != nil {
			// The advice, if any, for Jenkins, which shows a passed test's
			// output. GitLab keeps no text of a passed testcase, and a
			// failure or skip to carry it would miscount the exercise: the
			// Code Quality report of the same run shows it there, at its line.
			c.SystemOut = detail
		}
	case it.quiz && it.status == Failed && it.q.Answered == 0:
		res.Message = "quiz not taken: " + it.summary
		res.Type = "quiz-not-taken"
		c.Failure = res
	case it.status == Error:
		c.Error = res
	default:
		c.Failure = res
	}
	return c
}

func junit(r *Report, stamp time.Time) junitSuites {
	r = cleaned(r, logLine, safetext.Log)
	suites := junitSuites{Name: "gilgrade"}
	var ts string
	if !stamp.IsZero() {
		ts = stamp.UTC().Format("2006-01-02T15:04:05")
	}
	var total int64
	add := func(name string, its []item) {
		if len(its) == 0 {
			return
		}
		s := junitSuite{Name: name, Timestamp: ts}
		var ms int64
		var score, max float64
		for _, it := range its {
			c := junitCaseOf(it, "gilgrade."+name)
			s.Cases = append(s.Cases, c)
			s.Tests++
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
			ms += it.durationMS
			score += it.score
			max += it.max
		}
		s.Time = seconds(ms)
		s.Properties = []junitProperty{{Name: "points", Value: Points(score)}, {Name: "max_points", Value: Points(max)}}
		suites.Suites = append(suites.Suites, s)
		suites.Tests += s.Tests
		suites.Failures += s.Failures
		suites.Errors += s.Errors
		total += ms
	}
	var exs, qs []item
	for _, it := range items(r) {
		if it.quiz {
			qs = append(qs, it)
		} else {
			exs = append(exs, it)
		}
	}
	add("exercises", exs)
	add("quizzes", qs)
	suites.Time = seconds(total)
	if len(r.Notes) > 0 && len(suites.Suites) > 0 {
		suites.Suites[0].SystemOut = safetext.Defuse("note: " + strings.Join(r.Notes, "\nnote: ") + "\n")
	}
	return suites
}

// WriteJUnit writes the report as JUnit XML. The suites carry a timestamp only
// when stamp is not the zero time.
func WriteJUnit(w io.Writer, r *Report, stamp time.Time) error {
	b, err := xml.MarshalIndent(junit(r, stamp), "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(b)+"\n")
	return err
}
