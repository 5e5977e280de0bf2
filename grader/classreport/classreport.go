// Package classreport writes the teacher's view of a graded class: one
// self-contained HTML page (report.html) with the score distribution, per exercise
// the share that passed and the diagnosis codes that hit how many students, the
// most common fills of each blank with how they fared, and a row per submission
// linking to its own page. It reads the gradebook that `gilgrade grade` built, and
// the submissions' files for the fills.
package classreport

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/classroom"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/diag"
	_ "github.com/gilgrade/gilgrade/grader/lint" // registers the analyzers' codes
	"github.com/gilgrade/gilgrade/grader/report"
)

// TopFills is how many distinct fills of a blank the page lists.
const TopFills = 5

// Class is what the page shows, computed from the gradebook.
type Class struct {
	Course      string
	Submissions int // in the gradebook
	Graded      int // with a report
	MaxScore    float64
	Scores      []float64 // of the graded submissions, in gradebook order
	Exercises   []Exercise
	Rows        []Row
	// FillsUnread counts submissions whose fills could not be read at all (a git
	// repository whose clone is gone).
	FillsUnread int
}

// Exercise is one exercise across the class.
type Exercise struct {
	ID, Title                         string
	Graded                            int // submissions with a result for it
	Passed, Failed, Unfilled, Errored int
	Codes                             []Code
	Blanks                            []Blank
}

// Code is a diagnosis code and the number of students it hit in an exercise.
type Code struct {
	Code     string
	Students int
	Doc      diag.Doc // Title and Body empty for a code without documentation
}

// Blank is one blank of an exercise (1-based N, counted across its files).
type Blank struct {
	N        int
	Read     int // submissions whose fill of it was read
	Distinct int
	Top      []Fill // the most common, at most TopFills
}

// Fill is one distinct fill of a blank and how the students who wrote it fared.
type Fill struct {
	Text     string // whitespace-normalised
	Students int
	Passed   int    // of them, how many passed the exercise
	Codes    []Code // the error codes of those who did not, most common first
	Known    string // "the reference solution" or "known mistake: …", if it is one
}

// Row is one submission.
type Row struct {
	ID       string
	Status   classroom.Status
	Score    float64
	Error    string
	Page     string          // its page, relative to report.html; "" without a report
	Statuses []report.Status // per exercise of the course, "" when missing
}

// Build computes the class from the gradebook. shipped is the course as gilgrade
// ships it (the templates the fills are read against).
func Build(book *classroom.Gradebook, c *course.Course, shipped fs.FS) *Class {
	cl := &Class{Course: book.Course, Submissions: len(book.Submissions), MaxScore: book.MaxScore}
	docs := map[string]diag.Doc{}
	for _, d := range diag.Docs() {
		docs[d.Code] = d
	}
	type fillKey struct {
		ex   string
		n    int
		text string
	}
	groups := map[fillKey]*Fill{}
	read := map[string][]int{} // exercise → per blank, submissions read
	for i, s := range book.Submissions {
		row := Row{ID: s.ID, Status: s.Status, Score: s.Score, Error: s.Error}
		if s.Report == nil {
			for range c.Exercises {
				row.Statuses = append(row.Statuses, "")
			}
			cl.Rows = append(cl.Rows, row)
			continue
		}
		cl.Graded++
		cl.Scores = append(cl.Scores, s.Report.Score)
		row.Page = pageName(i, s.ID)
		root, haveFiles := "", false
		if fi, err := os.Stat(s.Source); err == nil && fi.IsDir() {
			root, haveFiles = workspaceRoot(s.Source)
		}
		if !haveFiles {
			cl.FillsUnread++
		}
		for _, e := range c.Exercises {
			ex := findExercise(s.Report, e.ID)
			if ex == nil {
				row.Statuses = append(row.Statuses, "")
				continue
			}
			row.Statuses = append(row.Statuses, ex.Status)
			if !haveFiles {
				continue
			}
			fills, err := exerciseFills(shipped, root, e)
			if err != nil {
				continue
			}
			if read[e.ID] == nil {
				read[e.ID] = make([]int, len(fills))
			}
			for k, f := range fills {
				if k >= len(read[e.ID]) {
					break
				}
				read[e.ID][k]++
				key := fillKey{e.ID, k + 1, Normalize(f)}
				g := groups[key]
				if g == nil {
					g = &Fill{Text: key.text, Known: known(e, k, key.text)}
					groups[key] = g
				}
				g.Students++
				if ex.Status == report.Passed {
					g.Passed++
				} else {
					g.Codes = addCodes(g.Codes, ex.Diagnostics, true)
				}
			}
		}
		cl.Rows = append(cl.Rows, row)
	}

	for _, e := range c.Exercises {
		ce := Exercise{ID: e.ID, Title: e.Title}
		for _, s := range book.Submissions {
			if s.Report == nil {
				continue
			}
			ex := findExercise(s.Report, e.ID)
			if ex == nil {
				continue
			}
			ce.Graded++
			switch ex.Status {
			case report.Passed:
				ce.Passed++
			case report.Unfilled:
				ce.Unfilled++
			case report.Error:
				ce.Errored++
			default:
				ce.Failed++
			}
			ce.Codes = addCodes(ce.Codes, ex.Diagnostics, false)
		}
		sortCodes(ce.Codes)
		for i := range ce.Codes {
			ce.Codes[i].Doc = docs[ce.Codes[i].Code]
		}
		for k, n := range read[e.ID] {
			b := Blank{N: k + 1, Read: n}
			var all []Fill
			for key, g := range groups {
				if key.ex == e.ID && key.n == k+1 {
					sortCodes(g.Codes)
					all = append(all, *g)
				}
			}
			slices.SortFunc(all, func(a, b Fill) int {
				return cmp.Or(cmp.Compare(b.Students, a.Students), cmp.Compare(a.Text, b.Text))
			})
			b.Distinct = len(all)
			b.Top = all[:min(len(all), TopFills)]
			ce.Blanks = append(ce.Blanks, b)
		}
		cl.Exercises = append(cl.Exercises, ce)
	}
	return cl
}

// addCodes counts each code of ds once for one student. onlyErrors keeps the
// codes that failed the exercise.
func addCodes(cs []Code, ds []diag.Diagnostic, onlyErrors bool) []Code {
	seen := map[string]bool{}
	for _, d := range ds {
		if seen[d.Code] || (onlyErrors && d.Severity != diag.Error) {
			continue
		}
		seen[d.Code] = true
		i := slices.IndexFunc(cs, func(c Code) bool { return c.Code == d.Code })
		if i < 0 {
			cs = append(cs, Code{Code: d.Code})
			i = len(cs) - 1
		}
		cs[i].Students++
	}
	return cs
}

func sortCodes(cs []Code) {
	slices.SortFunc(cs, func(a, b Code) int {
		return cmp.Or(cmp.Compare(b.Students, a.Students), cmp.Compare(a.Code, b.Code))
	})
}

// known names a fill the course knows: the blank itself, the reference
// solution's, or a known mistake's fill of that blank (k is 0-based).
func known(e *course.Exercise, k int, text string) string {
	if text == "___" {
		return "left blank"
	}
	if k < len(e.Solution) && Normalize(e.Solution[k]) == text {
		return "the reference solution"
	}
	for _, m := range e.Mistakes {
		if f, ok := m.Fills[k+1]; ok && Normalize(f) == text {
			return "known mistake: " + m.Name
		}
	}
	return ""
}

func findExercise(r *report.Report, id string) *report.Exercise {
	for i := range r.Exercises {
		if r.Exercises[i].ID == id {
			return &r.Exercises[i]
		}
	}
	return nil
}

// pageName is the file of a submission's own page: its position keeps names
// unique, and only letters, digits, dot, dash and underscore of its id are kept,
// so that no id can name a path outside the reports folder.
func pageName(i int, id string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, id)
	if len(clean) > 40 {
		clean = clean[:40]
	}
	return fmt.Sprintf("reports/%03d-%s.html", i+1, clean)
}

// Write builds the class and writes report.html, and a page per graded
// submission under reports/, into dir.
func Write(dir string, book *classroom.Gradebook, c *course.Course, shipped fs.FS) error {
	cl := Build(book, c, shipped)
	if err := os.MkdirAll(filepath.Join(dir, "reports"), 0o755); err != nil {
		return err
	}
	for i, s := range book.Submissions {
		if s.Report == nil {
			continue
		}
		name := filepath.Join(dir, filepath.FromSlash(cl.Rows[i].Page))
		if err := report.WriteHTMLFile(name, s.Report, "gilgrade report: "+s.ID); err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		return err
	}
	err = WriteHTML(f, cl)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot write report.html: %w", err)
	}
	return nil
}
