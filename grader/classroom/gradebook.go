package classroom

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/quiz"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// Gradebook is the JSON gradebook: every submission with its whole report.
type Gradebook struct {
	Version       int       `json:"version"`
	Tool          string    `json:"tool"`
	Course        string    `json:"course"`
	CourseVersion string    `json:"course_version,omitempty"`
	KeyHash       string    `json:"key_hash,omitempty"` // the grader key graded against
	Run           *Run      `json:"run,omitempty"`
	Columns       []Column  `json:"columns"`
	MaxScore      float64   `json:"max_score"`
	Submissions   []*Result `json:"submissions"`
	Notes         []string  `json:"notes,omitempty"`
}

// Run records how a batch was graded, so that a gradebook says what its grades
// mean (a run without the race detector did not check for races).
type Run struct {
	Race        bool   `json:"race"`
	Strict      bool   `json:"strict"`
	Timeout     string `json:"timeout,omitempty"` // "" when each exercise kept its own
	Deadline    string `json:"deadline"`
	Jobs        int    `json:"jobs"`
	Dedupe      bool   `json:"dedupe"`
	Containment string `json:"containment,omitempty"` // how test processes were contained
	Shard       string `json:"shard,omitempty"`       // i/n of a sharded run; "" for the whole class
}

// Column is a graded item: an exercise or a quiz.
type Column struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"` // exercise | quiz
	MaxScore float64 `json:"max_score"`
}

// NewGradebook lays out the results: a column per exercise of the course, then
// one per quiz of the course. Columns and points come from the course gilgrade
// grades with, never from a submission.
func NewGradebook(c *course.Course, quizzes []*quiz.Quiz, results []*Result) *Gradebook {
	g := &Gradebook{Version: 1, Tool: "gilgrade", Course: c.ID, Submissions: results}
	for _, e := range c.Exercises {
		g.Columns = append(g.Columns, Column{ID: e.ID, Kind: "exercise", MaxScore: e.Points})
	}
	for _, q := range quizzes {
		g.Columns = append(g.Columns, Column{ID: q.ID, Kind: "quiz", MaxScore: q.MaxScore()})
	}
	g.total()
	return g
}

func (g *Gradebook) total() {
	g.MaxScore = 0
	for _, col := range g.Columns {
		g.MaxScore += col.MaxScore
	}
}

// ReadGradebook reads a gradebook.json.
func ReadGradebook(r io.Reader) (*Gradebook, error) {
	var g Gradebook
	dec := json.NewDecoder(r)
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("not a gilgrade gradebook: %w", err)
	}
	if g.Tool != "gilgrade" || g.Version != 1 {
		return nil, errors.New("not a gilgrade gradebook of version 1")
	}
	return &g, nil
}

// Merge joins the gradebooks of the shards of one batch into the gradebook of
// the whole batch. They must grade the same course version with the same
// options, and no submission may appear twice.
func Merge(books []*Gradebook) (*Gradebook, error) {
	if len(books) == 0 {
		return nil, errors.New("no gradebook to merge")
	}
	first := books[0]
	out := &Gradebook{Version: 1, Tool: "gilgrade", Course: first.Course, CourseVersion: first.CourseVersion,
		Columns: first.Columns}
	if first.Run != nil {
		run := *first.Run
		run.Shard = ""
		out.Run = &run
	}
	seen := map[string]int{}
	for i, b := range books {
		switch {
		case b.Course != first.Course || b.CourseVersion != first.CourseVersion:
			return nil, fmt.Errorf("gradebook %d grades course %s (version %.12s), gradebook 1 grades %s (version %.12s)", i+1, b.Course, b.CourseVersion, first.Course, first.CourseVersion)
		case !slices.Equal(b.Columns, first.Columns):
			return nil, fmt.Errorf("gradebook %d has other columns than gradebook 1", i+1)
		case !sameRun(b.Run, first.Run):
			return nil, fmt.Errorf("gradebook %d was graded with other options than gradebook 1 (%s against %s)", i+1, b.Run, first.Run)
		}
		for _, s := range b.Submissions {
			if j, dup := seen[s.ID]; dup {
				return nil, fmt.Errorf("submission %s is in gradebooks %d and %d: merge the shards of one run, each once", safetext.Line(s.ID), j+1, i+1)
			}
			seen[s.ID] = i
			out.Submissions = append(out.Submissions, s)
		}
		for _, n := range b.Notes {
			if !slices.Contains(out.Notes, n) {
				out.Notes = append(out.Notes, n)
			}
		}
	}
	slices.SortFunc(out.Submissions, func(a, b *Result) int { return strings.Compare(a.ID, b.ID) })
	out.total()
	return out, nil
}

func sameRun(a, b *Run) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.Shard, y.Shard = "", ""
	return x == y
}

func (r *Run) String() string {
	if r == nil {
		return "no options recorded"
	}
	return fmt.Sprintf("race=%v strict=%v timeout=%q jobs=%d dedupe=%v", r.Race, r.Strict, r.Timeout, r.Jobs, r.Dedupe)
}

// WriteJSON writes the gradebook as indented JSON.
func (g *Gradebook) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g)
}

// WriteCSV writes one row per submission — id, a column per exercise and quiz,
// total, percent, status, note — after a first row of the points possible, as
// otter-grader's final_grades.csv does. Text fields are neutralised so that no
// spreadsheet runs a submission's id or note as a formula.
func (g *Gradebook) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"id"}
	possible := []string{"points possible"}
	for _, c := range g.Columns {
		head = append(head, safetext.CSVField(c.ID))
		possible = append(possible, report.Points(c.MaxScore))
	}
	head = append(head, "total", "percent", "status", "note")
	possible = append(possible, report.Points(g.MaxScore), "100", "", "")
	rows := [][]string{head, possible}
	for _, r := range g.Submissions {
		row := []string{safetext.CSVField(safetext.Line(r.ID))}
		total := 0.0
		for _, c := range g.Columns {
			s, ok := score(r.Report, c)
			total += s
			if ok {
				row = append(row, report.Points(s))
			} else {
				row = append(row, "")
			}
		}
		pct := 0.0
		if g.MaxScore > 0 {
			pct = 100 * total / g.MaxScore
		}
		note := r.Error
		if note == "" && r.Report != nil && r.Report.Status == report.Error {
			note = "some exercise could not be graded: see the JSON gradebook"
		}
		row = append(row, report.Points(total), report.Points(pct), safetext.CSVField(string(r.Status)), safetext.CSVField(safetext.Line(note)))
		rows = append(rows, row)
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func score(r *report.Report, c Column) (float64, bool) {
	if r == nil {
		return 0, false
	}
	if c.Kind == "quiz" {
		for _, q := range r.Quizzes {
			if q.ID == c.ID {
				return q.Score, true
			}
		}
		return 0, false
	}
	for _, ex := range r.Exercises {
		if ex.ID == c.ID {
			return ex.Score, true
		}
	}
	return 0, false
}
