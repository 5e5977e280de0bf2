package classreport

import (
	"html/template"
	"io"
	"math"
	"slices"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// page is the class report. html/template escapes every value for its place;
// learner text additionally goes through safetext.HTML's control-character
// rules by way of the clean function, and the charts, drawn here, escape their
// own text.
var page = template.Must(template.New("class").Funcs(template.FuncMap{
	"clean": func(s string) string { return safetext.Terminal(s) },
	"num":   report.Points,
	"minus": func(a, b int) int { return a - b },
	"pct": func(n, of int) int {
		if of == 0 {
			return 0
		}
		return int(math.Round(100 * float64(n) / float64(of)))
	},
	"mark": func(s report.Status) string {
		switch s {
		case report.Passed:
			return "✓"
		case report.Failed:
			return "✗"
		case report.Unfilled:
			return "…"
		case report.Error:
			return "!"
		}
		return "–"
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Class report: {{.C.Course}}</title>
<style>{{.CSS}}
.chart{display:block;margin:1rem 0}.codes,.fills{margin:.6rem 0 1.2rem}.mark{text-align:center}td.passed,td.failed,td.unfilled,td.error{font-weight:bold}
</style>
</head><body>
<h1>Class report: {{.C.Course}}</h1>
<p><span id="submissions">{{.C.Submissions}}</span> submissions, <span id="graded">{{.C.Graded}}</span> graded{{if .NotGraded}}, {{.NotGraded}} could not be graded{{end}}.
{{- if .C.Graded}} Mean score {{num .Mean}}, median {{num .Median}} of {{num .C.MaxScore}} points.{{end}}</p>

<h2>Score distribution</h2>
{{.ScoreChart}}

<h2>Exercises</h2>
{{.PassChart}}
{{range .C.Exercises}}
<h3 id="{{.ID}}">{{.ID}} {{.Title}}</h3>
<p><span data-exercise="{{.ID}}" data-passed="{{.Passed}}">{{.Passed}}</span> of <span data-exercise="{{.ID}}" data-graded="{{.Graded}}">{{.Graded}}</span> passed ({{pct .Passed .Graded}}%){{if .Failed}}, {{.Failed}} failed{{end}}{{if .Unfilled}}, {{.Unfilled}} with blanks left{{end}}{{if .Errored}}, {{.Errored}} could not be graded{{end}}.</p>
{{- if .Codes}}
<table class="codes"><thead><tr><th>diagnosis</th><th>students</th><th>what it means</th></tr></thead><tbody>
{{- $ex := .ID}}{{range .Codes}}
<tr><td><code>{{.Code}}</code>{{with .Doc.Severity}}{{if ne (print .) "error"}}<br><small>{{.}}: does not fail the exercise</small>{{end}}{{end}}</td><td class="num" data-exercise="{{$ex}}" data-code="{{.Code}}">{{.Students}}</td><td>{{if .Doc.Title}}{{.Doc.Title}}{{if .Doc.Body}} <a href="#code-{{.Code}}">(explained below)</a>{{end}}{{else}}—{{end}}</td></tr>
{{- end}}
</tbody></table>
{{- end}}
{{- if .Blanks}}
<table class="fills"><thead><tr><th>blank</th><th>fill</th><th>students</th><th>verdict</th></tr></thead><tbody>
{{- range .Blanks}}{{$b := .}}{{range $i, $f := .Top}}
<tr>{{if eq $i 0}}<td rowspan="{{len $b.Top}}">{{$b.N}}<br><small>{{$b.Distinct}} distinct of {{$b.Read}}</small></td>{{end}}<td><code>{{clean $f.Text}}</code>{{if $f.Known}}<br><small>{{$f.Known}}</small>{{end}}</td><td class="num">{{$f.Students}}</td>
<td>{{if eq $f.Passed $f.Students}}<span class="passed">all passed</span>{{else}}{{$f.Passed}} passed, <span class="failed">{{minus $f.Students $f.Passed}} failed</span>{{range $f.Codes}} · <code>{{.Code}}</code> ×{{.Students}}{{end}}{{end}}</td></tr>
{{- end}}{{end}}
</tbody></table>
{{- end}}
{{end}}
{{- if .C.FillsUnread}}<p>The fills of {{.C.FillsUnread}} submission(s) are not counted: only submissions graded from a folder can be read again.</p>{{end}}

{{- if .Docs}}
<h2>What the codes mean</h2>
{{- range .Docs}}
<h3 id="code-{{.Code}}"><code>{{.Code}}</code>: {{.Title}}</h3>
<pre>{{.Body}}</pre>
{{- end}}
{{- end}}

<h2>Submissions</h2>
<table id="submissions-table"><thead><tr><th>submission</th><th>status</th><th>points</th>{{range .C.Exercises}}<th>{{.ID}}</th>{{end}}<th>note</th></tr></thead><tbody>
{{- range .C.Rows}}
<tr><td>{{if .Page}}<a href="{{.Page}}">{{clean .ID}}</a>{{else}}{{clean .ID}}{{end}}</td><td class="{{.Status}}">{{.Status}}</td><td class="num">{{num .Score}}</td>{{range .Statuses}}<td class="mark {{.}}">{{mark .}}</td>{{end}}<td>{{clean .Error}}</td></tr>
{{- end}}
</tbody></table>
<p><small>✓ passed · ✗ failed · … blanks left · ! could not be graded · – not graded</small></p>
</body></html>
`))

// WriteHTML writes the class report page.
func WriteHTML(w io.Writer, cl *Class) error {
	mean, median := 0.0, 0.0
	if n := len(cl.Scores); n > 0 {
		for _, s := range cl.Scores {
			mean += s
		}
		mean /= float64(n)
		sorted := slices.Sorted(slices.Values(cl.Scores))
		median = sorted[n/2]
		if n%2 == 0 {
			median = (sorted[n/2-1] + sorted[n/2]) / 2
		}
	}
	// Each code's explanation is written once, in the order codes first appear,
	// and always shown, so that a printed page keeps it.
	var docs []diag.Doc
	seen := map[string]bool{}
	for _, e := range cl.Exercises {
		for _, c := range e.Codes {
			if !seen[c.Code] && c.Doc.Body != "" {
				seen[c.Code] = true
				docs = append(docs, c.Doc)
			}
		}
	}
	return page.Execute(w, map[string]any{
		"Docs":       docs,
		"C":          cl,
		"CSS":        template.CSS(report.PageCSS),
		"NotGraded":  cl.Submissions - cl.Graded,
		"Mean":       mean,
		"Median":     median,
		"ScoreChart": template.HTML(scoreChart(Distribution(cl.Scores, cl.MaxScore), cl.MaxScore)),
		"PassChart":  template.HTML(passChart(cl.Exercises)),
	})
}
