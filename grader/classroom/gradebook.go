package classroom

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
)

// Gradebook is the JSON gradebook: every submission with its whole report.
type Gradebook struct {
	Version     int       `json:"version"`
	Tool        string    `json:"tool"`
	Course      string    `json:"course"`
	KeyHash     string    `json:"key_hash,omitempty"` // the grader key graded against
	Columns     []Column  `json:"columns"`
	MaxScore    float64   `json:"max_score"`
	Submissions []*Result `json:"submissions"`
	Notes       []string  `json:"notes,omitempty"`
}

// Column is a graded item: an exercise or a quiz.
type Column struct {
	ID       string  `json:"id"`
	Kind     string  `json:"kind"` // exercise | quiz
	MaxScore float64 `json:"max_score"`
}

// NewGradebook lays out the results: a column per exercise of the course, then
// one per quiz that any report graded.
func NewGradebook(c *course.Course, results []*Result) *Gradebook {
	g := &Gradebook{Version: 1, Tool: "gilgrade", Course: c.ID, Submissions: results}
	for _, e := range c.Exercises {
		g.Columns = append(g.Columns, Column{ID: e.ID, Kind: "exercise", MaxScore: e.Points})
	}
	var quizzes []Column
	for _, r := range results {
		if r.Report == nil {
			continue
		}
		for _, q := range r.Report.Quizzes {
			if !slices.ContainsFunc(quizzes, func(c Column) bool { return c.ID == q.ID }) {
				quizzes = append(quizzes, Column{ID: q.ID, Kind: "quiz", MaxScore: q.MaxScore})
			}
		}
	}
	slices.SortFunc(quizzes, func(a, b Column) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	g.Columns = append(g.Columns, quizzes...)
	for _, col := range g.Columns {
		g.MaxScore += col.MaxScore
	}
	return g
}

// WriteJSON writes the gradebook as indented JSON.
func (g *Gradebook) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(g)
}

// WriteCSV writes one row per submission — id, a column per exercise and quiz,
// total, percent, status, note — after a first row of the points possible, as
// otter-grader's final_grades.csv does.
func (g *Gradebook) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"id"}
	possible := []string{"points possible"}
	for _, c := range g.Columns {
		head = append(head, c.ID)
		possible = append(possible, num(c.MaxScore))
	}
	head = append(head, "total", "percent", "status", "note")
	possible = append(possible, num(g.MaxScore), "100", "", "")
	rows := [][]string{head, possible}
	for _, r := range g.Submissions {
		row := []string{r.ID}
		total := 0.0
		for _, c := range g.Columns {
			s, ok := score(r.Report, c)
			total += s
			if ok {
				row = append(row, num(s))
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
		row = append(row, num(total), num(pct), string(r.Status), note)
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
	if ex := findExercise(r, c.ID); ex != nil {
		return ex.Score, true
	}
	return 0, false
}

// num prints a score with at most two decimals.
func num(f float64) string {
	return strconv.FormatFloat(float64(int64(f*100+0.5))/100, 'f', -1, 64)
}
