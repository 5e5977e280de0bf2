package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// TestStrictCompileErrorPaths: under --strict the learner's files are compiled
// from temporary copies (go's -overlay); a compile error must still name the
// learner's file, in every format, and no report may hold a path outside the
// course. One grading run writes every format, which also checks that
// --format takes several.
func TestStrictCompileErrorPaths(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add(1)", "go", "defer wg.Done()", "wg.Wiat()")
	summary := filepath.Join(t.TempDir(), "summary.md")
	ghOut := filepath.Join(t.TempDir(), "github_output")
	var specs []string
	for _, f := range report.Formats() {
		specs = append(specs, string(f)+"="+string(f)+".out")
	}
	r := runIn(t, root, false, 80, map[string]string{"GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": ghOut},
		"check", "--strict", "--format", strings.Join(specs, ","), "ex01")
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitFailed, r.stdout, r.stderr)
	}
	// Every report went to a file: stdout has the one score line.
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "gilgrade: 0/") {
		t.Errorf("stdout is not one score line:\n%s", r.stdout)
	}
	// Paths inside the course are fine (--verbose keeps the compiler's
	// absolute one); anything else under the temporary folder is not.
	outside := []string{"gilgrade-overlay", os.TempDir() + string(os.PathSeparator)}
	read := func(name string) string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	files := map[string]string{"job summary": read(summary), "$GITHUB_OUTPUT": read(ghOut)}
	for _, f := range report.Formats() {
		files[string(f)] = read(filepath.Join(root, string(f)+".out"))
	}
	for name, text := range files {
		inside := strings.ReplaceAll(text, root+string(os.PathSeparator), "")
		for _, bad := range outside {
			if strings.Contains(inside, bad) {
				t.Errorf("the %s report holds %q:\n%s", name, bad, text)
			}
		}
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(files["json"]), &rep); err != nil {
		t.Fatal(err)
	}
	ex := rep.Exercises[0]
	if !hasCode(ex, "compile-error") {
		t.Fatalf("no compile error: %v", codesOf(ex))
	}
	for _, d := range ex.Diagnostics {
		if d.Code == "compile-error" && d.File != "exercises/ex01_start_join/squares.go" {
			t.Errorf("the compile error names %q, not the learner's file", d.File)
		}
	}
	if !regexp.MustCompile(`<testsuite [^>]*timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"`).MatchString(files["junit"]) {
		t.Errorf("the JUnit suites carry no timestamp:\n%s", files["junit"])
	}
	if !strings.Contains(files["exercism"], `"test_code": "func Test`) {
		t.Errorf("exercism test_code is not the tests' code:\n%s", files["exercism"])
	}
	if !strings.Contains(files["github"], "::error file=exercises/ex01_start_join/squares.go,line=") {
		t.Errorf("no annotation at the learner's file:\n%s", files["github"])
	}
}

func TestParseOutputs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		formats, output string
		want            string // format:file pairs, or "error"
	}{
		{"text", "", "text:"},
		{"github,classroom", "", "github: classroom:"},
		{"github, junit=r.xml", "", "github: junit:r.xml"},
		{"junit", "x.xml", "junit:x.xml"},
		{"github,junit", "x.xml", "error"}, // which one goes to x.xml?
		{"junit=a.xml", "x.xml", "error"},
		{"json,json=x", "", "error"},
		{"junit=", "", "error"},
		{"xml", "", "error"},
	} {
		outs, err := parseOutputs(c.formats, c.output)
		var got []string
		for _, o := range outs {
			got = append(got, string(o.format)+":"+o.file)
		}
		g := strings.Join(got, " ")
		if err != nil {
			g = "error"
		}
		if g != c.want {
			t.Errorf("parseOutputs(%q, %q) = %s (%v), want %s", c.formats, c.output, g, err, c.want)
		}
	}
	if f := strictFormat([]output{{format: report.FormatText}, {format: report.FormatClassroom}}); f != "classroom" {
		t.Errorf("strictFormat = %s: a run writing a CI format grades strictly", f)
	}
}

// TestMaxScoreWithoutAnswers: the course decides what counts, so the maximum is
// the same with and without answers files, and a quiz without one scores 0 of
// its points. The README's way of writing one works in a fresh workspace.
func TestMaxScoreWithoutAnswers(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	before, r := checkJSON(t, root, "--all")
	if r.code != ExitFailed {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if len(before.Quizzes) == 0 {
		t.Fatal("the course's quizzes are not in the report")
	}
	for _, q := range before.Quizzes {
		if q.Score != 0 || q.MaxScore == 0 || q.Status != report.Failed || q.Answered != 0 {
			t.Errorf("quiz %s without answers: %+v", q.ID, q)
		}
	}
	id := before.Quizzes[0].ID
	if r := run(t, root, "quiz", "template", id, "-o", "answers/"+id+".toml"); r.code != ExitOK {
		t.Fatalf("quiz template -o answers/%s.toml in a fresh workspace: exit %d\n%s", id, r.code, r.stderr)
	}
	after, _ := checkJSON(t, root, "--all")
	if after.MaxScore != before.MaxScore || len(after.Quizzes) != len(before.Quizzes) {
		t.Errorf("max_score %v with an answers file, %v without; quizzes %d and %d", after.MaxScore, before.MaxScore,
			len(after.Quizzes), len(before.Quizzes))
	}
	// Strict grading takes the quizzes gilgrade ships: a workspace without
	// its quiz files (or with edited ones) has the same quizzes to answer.
	if err := os.RemoveAll(filepath.Join(root, "quizzes")); err != nil {
		t.Fatal(err)
	}
	strict, _ := checkJSON(t, root, "--all", "--strict")
	if strict.MaxScore != before.MaxScore || len(strict.Quizzes) != len(before.Quizzes) {
		t.Errorf("strict, without quiz files: max_score %v, want %v", strict.MaxScore, before.MaxScore)
	}
}

// ownCommand is the grammar of the annotations the github format writes: a
// known command, properties whose values hold no ':' or ',', then the message.
var ownCommand = regexp.MustCompile(`^::(error|warning|notice)( [a-zA-Z]+=[^:,]*(,[a-zA-Z]+=[^:,]*)*)?::`)

// hostileRun is a graded run whose learner printed what a CI runner or a
// terminal would obey.
func hostileRun() *report.Report {
	evil := "\x1b]0;owned\x07\r::error file=x.go::forged\n  ::add-mask::secret\ntext ##[error]legacy\n<img src=http://x>\n"
	r := report.New()
	r.Exercises = []report.Exercise{{ID: "ex01", Title: "t", Status: report.Failed, MaxScore: 1, RaceChecked: true,
		Dir: "exercises/ex01_start_join", Files: []string{"exercises/ex01_start_join/squares.go"},
		Tests: []report.Test{{Name: "TestSquares", Status: report.TestFail, Output: evil + "panic: " + evil}}}}
	r.Total()
	return r
}

// TestWriteReportsStdoutIsData: whatever the format, stdout carries no workflow
// command but the github format's own and no raw ESC; with the report in a file
// stdout has one line, without the learner's text; the Classroom line in
// $GITHUB_OUTPUT is base64.
func TestWriteReportsStdoutIsData(t *testing.T) {
	t.Parallel()
	root := workspace(t)
	c, err := (&Env{Dir: root, Stderr: io.Discard}).openCourse()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range report.Formats() {
		for _, file := range []string{"", "report.out"} {
			ghOut := filepath.Join(t.TempDir(), "out")
			var stdout strings.Builder
			e := &Env{Stdout: &stdout, Stderr: io.Discard, Dir: root,
				Getenv: func(k string) string { return map[string]string{"GITHUB_OUTPUT": ghOut}[k] }}
			outs, err := parseOutputs(string(f), file)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.writeReports(c, hostileRun(), gradeFlags{outputs: outs, format: string(f)}); err != nil {
				t.Fatal(err)
			}
			out := stdout.String()
			if strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, '\r') {
				t.Errorf("%s (file %q): stdout holds a raw control character", f, file)
			}
			for _, l := range strings.Split(out, "\n") {
				if f == report.FormatGitHub && file == "" && ownCommand.MatchString(l) && !strings.Contains(l, "##[") {
					continue // the github format's own annotation, the learner's text in its escaped message
				}
				if safetext.HasCommand(l) {
					t.Errorf("%s (file %q): stdout line is a workflow command: %q", f, file, l)
				}
			}
			if file != "" && (strings.Count(out, "\n") != 1 || strings.Contains(out, "forged") || !strings.Contains(out, "report.out")) {
				t.Errorf("%s --output: stdout is not one line with the score:\n%s", f, out)
			}
			if f == report.FormatClassroom {
				b, _ := os.ReadFile(ghOut)
				if !regexp.MustCompile(`^result=[A-Za-z0-9+/=]+\n$`).Match(b) {
					t.Errorf("$GITHUB_OUTPUT: %q", b)
				}
			}
		}
	}
}
