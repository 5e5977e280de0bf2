package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// gradescopeResults is Gradescope's results.json (docs/REPORT.md, "Gradescope").
type gradescopeResults struct {
	Score            float64          `json:"score"`
	ExecutionTime    int64            `json:"execution_time"` // seconds
	Output           string           `json:"output"`
	OutputFormat     string           `json:"output_format"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"`
	Tests            []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Name         string   `json:"name"`
	Number       string   `json:"number"`
	Score        float64  `json:"score"`
	MaxScore     float64  `json:"max_score"`
	Status       string   `json:"status"` // passed | failed
	Output       string   `json:"output"`
	OutputFormat string   `json:"output_format"`
	Tags         []string `json:"tags"`
	Visibility   string   `json:"visibility"`
}

var gradescopeVisibilities = []string{"visible", "hidden", "after_due_date", "after_published"}

// mdDiagnostic renders one diagnosis in Markdown, for Gradescope. Gradescope
// renders Markdown as HTML, so every piece of text that may come from the
// learner is either escaped prose or inside a code span or block: none of it
// can become a link, an image or a tag.
func mdDiagnostic(b *strings.Builder, d diag.Diagnostic) {
	fmt.Fprintf(b, "- **%s** %s", safetext.Markdown(string(d.Severity)), safetext.CodeSpan(d.Code))
	if loc := location(d.File, d.Line, d.Col); loc != "" {
		fmt.Fprintf(b, " at %s", safetext.CodeSpan(loc))
	}
	fmt.Fprintf(b, ": %s\n", mdProse(d.Message))
	if d.Source != "" {
		b.WriteString("\n" + indentLines(safetext.CodeBlock(d.Source), "  ") + "\n")
	}
	for _, det := range d.Details {
		fmt.Fprintf(b, "  - %s\n", mdProse(det))
	}
	if d.Hint != "" {
		fmt.Fprintf(b, "  - → %s\n", mdProse(d.Hint))
	}
}

// indentLines indents every non-empty line of s.
func indentLines(s, ind string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = ind + l
		}
	}
	return strings.Join(lines, "\n")
}

func gradescopeOutput(it item) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %s/%s points\n", mdProse(it.summary), Points(it.score), Points(it.max))
	if it.ex == nil {
		return b.String()
	}
	if !it.ex.RaceChecked {
		b.WriteString("\n_The race detector did not run: a data race could still hide here._\n")
	}
	if len(it.ex.Diagnostics) > 0 {
		b.WriteString("\n")
		for _, d := range it.ex.Diagnostics {
			mdDiagnostic(&b, d)
		}
	}
	if !diag.HasError(it.ex.Diagnostics) {
		for _, t := range failedTests(it.ex) {
			fmt.Fprintf(&b, "\n%s failed:\n\n%s", safetext.CodeSpan(t.Name), safetext.CodeBlock(t.Output))
		}
	}
	return b.String()
}

func gradescope(r *Report, visibility string) (gradescopeResults, error) {
	if visibility == "" {
		visibility = "visible"
	}
	if !slices.Contains(gradescopeVisibilities, visibility) {
		return gradescopeResults{}, fmt.Errorf("unknown gradescope visibility %q: use one of %s",
			visibility, strings.Join(gradescopeVisibilities, ", "))
	}
	r = cleaned(r, logLine, safetext.Log)
	res := gradescopeResults{Score: r.Score, OutputFormat: "md", Visibility: visibility,
		StdoutVisibility: "hidden", Tests: []gradescopeTest{}}
	var ms int64
	for i, it := range items(r) {
		ms += it.durationMS
		status := "failed"
		if it.status == Passed {
			status = "passed"
		}
		tags := []string{"exercise"}
		if it.quiz {
			tags = []string{"quiz"}
		}
		if it.ex != nil {
			var codes []string
			for _, d := range it.ex.Diagnostics {
				codes = append(codes, d.Code)
			}
			slices.Sort(codes)
			tags = append(tags, slices.Compact(codes)...)
		}
		res.Tests = append(res.Tests, gradescopeTest{Name: it.name, Number: strconv.Itoa(i + 1),
			Score: it.score, MaxScore: it.max, Status: status, Output: gradescopeOutput(it),
			OutputFormat: "md", Tags: tags, Visibility: visibility})
	}
	res.ExecutionTime = (ms + 999) / 1000
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n", scoreLine(r))
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "\n> **Note:** %s\n", mdProse(n))
	}
	res.Output = b.String()
	return res, nil
}

// WriteGradescope writes Gradescope's results.json: one test per exercise and
// quiz with its points and a Markdown explanation. visibility is that of the
// results and of every test; "" means visible.
func WriteGradescope(w io.Writer, r *Report, visibility string) error {
	res, err := gradescope(r, visibility)
	if err != nil {
		return err
	}
	return encodeJSON(w, res, "  ")
}
