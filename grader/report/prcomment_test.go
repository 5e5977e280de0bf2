package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// savedReport reads testdata/saved_report.json: a class-like run saved with
// --format json, with an exercise whose every text is hostile Markdown.
func savedReport(t testing.TB) *Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "saved_report.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPRCommentGolden(t *testing.T) {
	r := savedReport(t)
	o := Options{GitHubPrefix: "course"}
	comment := render(t, r, "pr-comment", o)
	golden(t, "pr_comment.md.golden", comment)
	checkCommentSafe(t, string(comment))
	golden(t, "codequality.json.golden", render(t, r, "codequality", o))
}

// TestCommentAndCodeQualityAgree renders one saved report both ways: every Code
// Quality issue is in the comment, at the same path and line, and every path is
// the learner's file from the repository's root.
func TestCommentAndCodeQualityAgree(t *testing.T) {
	r := savedReport(t)
	o := Options{GitHubPrefix: "course/"}
	comment := string(render(t, r, "pr-comment", o))
	var issues []codeQualityIssue
	if err := json.Unmarshal(render(t, r, "codequality", o), &issues); err != nil {
		t.Fatal(err)
	}
	wantIssues := 0
	for _, ex := range r.Exercises {
		wantIssues += len(ex.Diagnostics)
		if (ex.Status == Failed || ex.Status == Error) && !diag.HasError(ex.Diagnostics) {
			wantIssues++
		}
	}
	if len(issues) != wantIssues || wantIssues < 8 {
		t.Fatalf("%d issues, want %d", len(issues), wantIssues)
	}
	fingerprints := map[string]bool{}
	for _, is := range issues {
		if fingerprints[is.Fingerprint] {
			t.Errorf("fingerprint %s repeats", is.Fingerprint)
		}
		fingerprints[is.Fingerprint] = true
		if !regexp.MustCompile(`^(info|minor|major|critical|blocker)$`).MatchString(is.Severity) {
			t.Errorf("severity %q", is.Severity)
		}
		if !strings.HasPrefix(is.Location.Path, "course/exercises/") || is.Location.Lines.Begin < 1 || is.Description == "" {
			t.Errorf("issue %+v", is)
		}
		code := strings.TrimPrefix(is.CheckName, "gilgrade/")
		if code == "unfilled" || code == "test-failed" {
			// One entry per exercise in the comment: the path is enough.
			if !strings.Contains(comment, is.Location.Path) {
				t.Errorf("the comment does not name %s (%s)", is.Location.Path, code)
			}
			continue
		}
		// A diagnosis without a line is at line 1 for GitLab, at the file in the comment.
		at := fmt.Sprintf("%s:%d", is.Location.Path, is.Location.Lines.Begin)
		if !strings.Contains(comment, "`"+code+"`") || !strings.Contains(comment, at) && !strings.Contains(comment, "`"+is.Location.Path+"`") {
			t.Errorf("the comment lacks %s at %s", code, at)
		}
	}
}

// TestCodeQualityFingerprintStable: moving a mistake to another line keeps its
// fingerprint, so GitLab does not report it as fixed and new again.
func TestCodeQualityFingerprintStable(t *testing.T) {
	fp := func(line int) string {
		r := savedReport(t)
		for i := range r.Exercises[1].Diagnostics {
			r.Exercises[1].Diagnostics[i].Line += line
		}
		var issues []codeQualityIssue
		json.Unmarshal(render(t, r, "codequality", Options{}), &issues)
		var fps []string
		for _, is := range issues {
			fps = append(fps, is.Fingerprint)
		}
		return strings.Join(fps, ",")
	}
	if a, b := fp(0), fp(3); a != b {
		t.Errorf("fingerprints changed with the line:\n%s\n%s", a, b)
	}
}

// stripCode returns md with the content of code blocks and code spans replaced
// by C, the way a CommonMark reader delimits them.
func stripCode(md string) string {
	var out strings.Builder
	lines := strings.SplitAfter(md, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if fence := regexp.MustCompile("^(`{3,})").FindString(l); fence != "" {
			out.WriteString("C\n")
			for i++; i < len(lines); i++ {
				if strings.TrimSpace(lines[i]) == fence || strings.HasPrefix(lines[i], fence) && strings.Trim(strings.TrimSpace(lines[i]), "`") == "" {
					break
				}
			}
			continue
		}
		out.WriteString(stripSpans(l))
	}
	return out.String()
}

func stripSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i += 2
			continue
		}
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		// Find a closing run of exactly n backticks.
		j, closed := i+n, -1
		for j < len(s) {
			if s[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(s) && s[j+m] == '`' {
				m++
			}
			if m == n {
				closed = j
				break
			}
			j += m
		}
		if closed < 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteString("C")
		i = closed + n
	}
	return b.String()
}

// checkCommentSafe checks what a reader of the comment sees outside code: no
// mention, reference, link, HTML or second marker, and tables whose rows keep
// their four cells.
func checkCommentSafe(t *testing.T, md string) {
	t.Helper()
	if !strings.HasPrefix(md, PRCommentMarker+"\n") {
		t.Errorf("the marker must start the comment")
	}
	if len(md) > 65536 {
		t.Errorf("the comment has %d bytes, over GitHub's limit", len(md))
	}
	prose := stripCode(strings.TrimPrefix(md, PRCommentMarker))
	prose = strings.ReplaceAll(prose, "<sub>", "")
	prose = strings.ReplaceAll(prose, "</sub>", "")
	for _, bad := range []string{"@", "<", "](", "://", "www.", "$"} {
		if strings.Contains(prose, bad) {
			t.Errorf("outside code the comment holds %q:\n%s", bad, prose)
		}
	}
	for _, l := range strings.Split(prose, "\n") {
		if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "## ") && !strings.HasPrefix(l, "### ") {
			t.Errorf("a heading the comment did not write: %q", l)
		}
		if strings.Contains(strings.TrimLeft(l, "#"), "#") {
			t.Errorf("a # outside code: %q", l)
		}
	}
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "| ") {
			continue
		}
		if n := tableCells(l); n != 4 {
			t.Errorf("a table row with %d cells: %q", n, l)
		}
	}
}

// tableCells counts a GFM table row's cells: a | not escaped by a backslash
// ends one, inside a code span too.
func tableCells(row string) int {
	pipes := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			pipes++
		}
	}
	return pipes - 1
}

func TestPRCommentHostileText(t *testing.T) {
	for _, s := range []string{
		"@teacher", "see #12", "GH-12", "https://evil.example/x", "www.evil.example", "<img src=x>",
		"[click](javascript:alert(1))", "![i](x)", "**bold** _it_", "a | b", "`a|b`", "``", "x\\|y", "\\`|",
		"line\nbreak\r\n## heading", "::error::x", "<!-- gilgrade-pr-comment -->", "```\ncode", "\u202egnp.exe",
		"mail me: a@b.example", "|", "`@x` and @y", "$\\href{x}{y}$", "$$a$$", "`" + strings.Repeat("x", 400),
	} {
		r := New()
		r.Notes = []string{s}
		r.Exercises = []Exercise{{ID: s, Title: s, Status: Failed, MaxScore: 1, Files: []string{s},
			Tests: []Test{{Name: s, Status: TestFail, Output: s}},
			Diagnostics: []diag.Diagnostic{{Code: s, Severity: diag.Error, File: s, Line: 3, Message: s, Hint: s,
				Source: s, Details: []string{s}}}},
			{ID: "ex02", Title: s, Status: Failed, MaxScore: 1, Files: []string{s}, Tests: []Test{{Name: s, Status: TestFail, Output: s}}}}
		r.Quizzes = []Quiz{{ID: s, Title: s, Status: Failed}}
		r.Total()
		var b bytes.Buffer
		if err := WritePRComment(&b, r, ""); err != nil {
			t.Fatal(err)
		}
		checkCommentSafe(t, b.String())
	}
}

// TestMdTextKeepsPlainProse: gilgrade's own messages keep their look; only
// prose that could notify or link is fenced.
func TestMdTextKeepsPlainProse(t *testing.T) {
	for in, want := range map[string]string{
		"`wg.Add(1)` runs inside the new goroutine, so `Wait` can return first: call it before `go`": "`wg.Add(1)` runs inside the new goroutine, so `Wait` can return first: call it before `go`",
		"started at append.go:14":  `started at append\.go:14`,
		"ping @teacher":            "`ping @teacher`",
		"see `x` at https://e.x/y": "``see `x` at https://e.x/y``",
		"a `b":                     "``a `b``",
	} {
		if got := mdText(in, 500); got != want {
			t.Errorf("mdText(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}

func TestPRCommentSize(t *testing.T) {
	r := New()
	long := strings.Repeat("wörds and `code` ", 200)
	for i := range 3000 {
		ex := Exercise{ID: fmt.Sprintf("ex%04d", i), Title: long, Status: Failed, MaxScore: 1,
			Files: []string{"exercises/x/x.go"}}
		for j := range 20 {
			ex.Diagnostics = append(ex.Diagnostics, diag.Diagnostic{Code: "data-race", Severity: diag.Error,
				File: "exercises/x/x.go", Line: j + 1, Message: long, Hint: long, Source: long, Details: []string{long, long}})
		}
		r.Exercises = append(r.Exercises, ex)
	}
	r.Total()
	var b bytes.Buffer
	if err := WritePRComment(&b, r, "course"); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	checkCommentSafe(t, md)
	if len(md) > prCommentMax || !strings.Contains(md, "more |") || !strings.HasSuffix(md, "</sub>\n") ||
		strings.Contains(md, "### What to fix first\n\n<sub>") || !strings.Contains(md, "60000 more problems") {
		t.Errorf("%d bytes; tail:\n%s", len(md), md[max(0, len(md)-400):])
	}
}

func FuzzPRComment(f *testing.F) {
	for _, s := range []string{"@x", "`a|b`", "a\\|b", "```", "<b>", "x](y)", "#1", "plain words"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, msg, file string) {
		r := New()
		r.Exercises = []Exercise{{ID: "ex01", Title: msg, Status: Failed, MaxScore: 1, Files: []string{file},
			Tests: []Test{{Name: msg, Status: TestFail, Output: msg}},
			Diagnostics: []diag.Diagnostic{{Code: msg, Severity: diag.Error, File: file, Line: 1, Message: msg,
				Hint: msg, Source: msg, Details: []string{msg}}}}}
		r.Total()
		var b bytes.Buffer
		if err := WritePRComment(&b, r, ""); err != nil {
			t.Fatal(err)
		}
		checkCommentSafe(t, b.String())
		var q bytes.Buffer
		if err := WriteCodeQuality(&q, r, ""); err != nil {
			t.Fatal(err)
		}
		var issues []codeQualityIssue
		if err := json.Unmarshal(q.Bytes(), &issues); err != nil || len(issues) != 1 {
			t.Fatalf("codequality: %v, %d issues", err, len(issues))
		}
	})
}

func TestRead(t *testing.T) {
	r := savedReport(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(filepath.Join("testdata", "saved_report.json"))
	if !bytes.Equal(b.Bytes(), saved) {
		t.Errorf("the report does not survive a round trip through Read")
	}
	for in, want := range map[string]string{
		"{\n  \"tool\": \"gilgrade\",\n  oops}":              "line 3, column 3",
		`{"tool": "gilgrade", "version": 1, "score": "x"}`:   "field score holds a JSON string",
		`{"tool": "other", "version": 1}`:                    `"tool" is "other"`,
		`{"tool": "gilgrade", "version": 9}`:                 "newer than this gilgrade reads",
		`{"tool": "gilgrade"}`:                               `no "version"`,
		`{"tool": "gilgrade", "version": 1, "status": "ok"}`: `"status" is "ok"`,
		`{"tool": "gilgrade", "version": 1, "status": "passed", "exercises": [{"id": "ex01", "status": "won"}]}`: `exercise "ex01"`,
		`{"tool": "gilgrade", "version": 1, "status": "passed"} {}`:                                              "more than one JSON value",
		``: "not a gilgrade JSON report",
	} {
		_, err := Read([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%q) = %v, want an error with %q", in, err, want)
		}
	}
}

// maxFuzzReport bounds the saved reports FuzzRead reads. The fuzzer minimises
// each input that finds new code by trying to cut out every range of it, about
// n²/2 runs for n bytes: seeded with the whole 9 KB saved report, and writing
// it in every format each run (milliseconds), it spent the run minimising one
// input. Each seed is now one exercise or quiz of it, each run writes one
// format, and TestRead and the goldens read the whole report.
const maxFuzzReport = 1 << 10

func FuzzRead(f *testing.F) {
	formats := Formats()
	// The saved report cut into reports of one exercise or quiz each, with
	// one of its diagnoses at a time and long texts cut short.
	saved := savedReport(f)
	for _, ex := range saved.Exercises {
		ex.Tests = slices.Clone(ex.Tests)
		for j := range ex.Tests {
			ex.Tests[j].Output = cutLine(ex.Tests[j].Output, 80)
		}
		ds := ex.Diagnostics
		for i := range max(len(ds), 1) {
			ex.Diagnostics = slices.Clone(ds[min(i, len(ds)):min(i+1, len(ds))])
			for j := range ex.Diagnostics {
				d := &ex.Diagnostics[j]
				d.Message, d.Hint = cutLine(d.Message, 120), cutLine(d.Hint, 120)
				d.Details = d.Details[:min(len(d.Details), 1)]
			}
			r := New()
			r.Exercises = []Exercise{ex}
			r.Total()
			fuzzSeeds(f, r, len(formats))
		}
	}
	for i := range saved.Quizzes {
		r := New()
		r.Quizzes = saved.Quizzes[i : i+1]
		r.Total()
		fuzzSeeds(f, r, len(formats))
	}
	f.Add([]byte(`{"tool":"gilgrade","version":1,"status":"passed"}`), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		if len(data) > maxFuzzReport {
			return
		}
		r, err := Read(data)
		if err != nil {
			return
		}
		name := formats[int(format)%len(formats)]
		var b bytes.Buffer
		if err := Write(&b, r, string(name), Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	})
}

// fuzzSeeds adds r as compact JSON, which must fit maxFuzzReport, once for
// each format.
func fuzzSeeds(f *testing.F, r *Report, formats int) {
	var b bytes.Buffer
	if err := encodeJSON(&b, r, ""); err != nil {
		f.Fatal(err)
	}
	if b.Len() > maxFuzzReport {
		f.Fatalf("a seed of %d bytes", b.Len())
	}
	for i := range formats {
		f.Add(b.Bytes(), uint8(i))
	}
}
