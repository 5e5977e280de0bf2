package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
)

// actionlintVersion is the actionlint the tests run through the Go module
// proxy when no actionlint is installed; it is not a dependency of gilgrade.
const actionlintVersion = "v1.7.12"

type yamlDoc = map[string]any

// parseYAML reads one of the YAML files under testdata/ci with PyYAML (Go's
// standard library has no YAML parser and gilgrade needs none). Every file is
// parsed in one python3 run, the first time one is asked for: a python3 start
// with PyYAML takes a good part of a second on a busy machine, and the CI tests
// read a dozen files.
func parseYAML(t *testing.T, name string) yamlDoc {
	t.Helper()
	docs, err := ciYAML()
	if err != nil {
		t.Skip(err)
	}
	out, ok := docs[filepath.ToSlash(name)]
	if !ok {
		t.Fatalf("%s is not among the YAML files under testdata/ci", name)
	}
	var d yamlDoc
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("%s is not YAML: %v", name, err)
	}
	return d
}

// ciYAML parses the YAML files under testdata/ci, as JSON by their slash path.
var ciYAML = sync.OnceValues(func() (map[string]json.RawMessage, error) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import yaml").Run() != nil {
		return nil, errors.New("no python3 with PyYAML to parse YAML")
	}
	names, err := filepath.Glob(filepath.Join("testdata", "ci", "*", "*.yml"))
	if err != nil {
		return nil, err
	}
	const script = `import json, sys, yaml
docs = {}
for name in sys.argv[1:]:
    with open(name) as f:
        try:
            docs[name] = yaml.safe_load(f)
        except yaml.YAMLError as e:
            docs[name] = "not YAML: %s" % e
print(json.dumps(docs, default=str))`
	out, err := exec.Command(py, append([]string{"-c", script}, names...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %w", err)
	}
	docs := map[string]json.RawMessage{}
	if err := json.Unmarshal(out, &docs); err != nil {
		return nil, err
	}
	slashed := map[string]json.RawMessage{}
	for name, d := range docs {
		slashed[filepath.ToSlash(name)] = d
	}
	return slashed, nil
})

// triggers returns a workflow's on: map (PyYAML reads the key on as true).
func triggers(wf yamlDoc) yamlDoc {
	if on, ok := wf["on"].(yamlDoc); ok {
		return on
	}
	on, _ := wf["true"].(yamlDoc)
	return on
}

func steps(t *testing.T, wf yamlDoc, job string) []yamlDoc {
	t.Helper()
	j, ok := wf["jobs"].(yamlDoc)[job].(yamlDoc)
	if !ok {
		t.Fatalf("no job %s", job)
	}
	var ss []yamlDoc
	for _, s := range j["steps"].([]any) {
		ss = append(ss, s.(yamlDoc))
	}
	return ss
}

func stepUsing(ss []yamlDoc, action string) yamlDoc {
	for _, s := range ss {
		if u, _ := s["uses"].(string); strings.HasPrefix(u, action+"@") {
			return s
		}
	}
	return nil
}

func runs(ss []yamlDoc) string {
	var b strings.Builder
	for _, s := range ss {
		if r, ok := s["run"].(string); ok {
			b.WriteString(r + "\n")
		}
	}
	return b.String()
}

// TestCIPullRequestWorkflow checks what makes the pull request workflow safe to
// run on a fork's code: only pull_request, a read-only token, no secret, no
// token left in the checkout, and a report uploaded for the comment.
func TestCIPullRequestWorkflow(t *testing.T) {
	t.Parallel()
	name := filepath.Join("testdata", "ci", "github", "gilgrade-pr.yml")
	text, _ := os.ReadFile(name)
	wf := parseYAML(t, name)
	on := triggers(wf)
	if _, ok := on["pull_request"]; !ok || len(on) != 1 {
		t.Errorf("triggers %v, want pull_request alone", on)
	}
	if want := (yamlDoc{"contents": "read"}); !reflect.DeepEqual(wf["permissions"], want) {
		t.Errorf("permissions %v, want %v", wf["permissions"], want)
	}
	for _, bad := range []string{"secrets.", "pull_request_target", "GILGRADE_KEY", "--key"} {
		if strings.Contains(string(text), bad) {
			t.Errorf("the pull request workflow mentions %q", bad)
		}
	}
	ss := steps(t, wf, "grade")
	co := stepUsing(ss, "actions/checkout")
	if co == nil || co["with"].(yamlDoc)["persist-credentials"] != false {
		t.Errorf("checkout %v: want persist-credentials: false", co)
	}
	up := stepUsing(ss, "actions/upload-artifact")
	if up == nil || up["with"].(yamlDoc)["name"] != "gilgrade-report" || up["if"] != "always()" {
		t.Errorf("upload %v", up)
	}
	all := runs(ss)
	for _, want := range []string{`gilgrade check --changed "$BASE_SHA" --strict --format json --output "$RUNNER_TEMP/gilgrade/report.json"`,
		"gilgrade report --format github", `"$RUNNER_TEMP/gilgrade/pr-number"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the steps lack %q:\n%s", want, all)
		}
	}
	// Event text reaches the shell through env, never spliced into a script.
	if strings.Contains(all, "${{") {
		t.Errorf("a run script expands an expression:\n%s", all)
	}
}

// TestCICommentWorkflow checks the workflow that may write: it follows the
// pull request workflow by name, reads only the artifact, never checks out or
// builds the pull request, restores no cache, and finds its comment by the
// marker gilgrade writes.
func TestCICommentWorkflow(t *testing.T) {
	t.Parallel()
	name := filepath.Join("testdata", "ci", "github", "gilgrade-comment.yml")
	text, _ := os.ReadFile(name)
	wf := parseYAML(t, name)
	pr := parseYAML(t, filepath.Join("testdata", "ci", "github", "gilgrade-pr.yml"))
	on := triggers(wf)
	wr, _ := on["workflow_run"].(yamlDoc)
	if len(on) != 1 || wr == nil || !reflect.DeepEqual(wr["workflows"], []any{pr["name"]}) || !reflect.DeepEqual(wr["types"], []any{"completed"}) {
		t.Errorf("triggers %v, want workflow_run of %q completed", on, pr["name"])
	}
	if want := (yamlDoc{"actions": "read", "pull-requests": "write"}); !reflect.DeepEqual(wf["permissions"], want) {
		t.Errorf("permissions %v, want %v", wf["permissions"], want)
	}
	job := wf["jobs"].(yamlDoc)["comment"].(yamlDoc)
	if cond, _ := job["if"].(string); !strings.Contains(cond, "github.event.workflow_run.event == 'pull_request'") {
		t.Errorf("if: %q", cond)
	}
	ss := steps(t, wf, "comment")
	for _, banned := range []string{"actions/checkout", "actions/cache"} {
		if stepUsing(ss, banned) != nil {
			t.Errorf("the comment workflow uses %s", banned)
		}
	}
	for _, bad := range []string{"head_branch", "head_repository", "secrets.", "ref:"} {
		if strings.Contains(string(text), bad) {
			t.Errorf("the comment workflow mentions %q", bad)
		}
	}
	dl := stepUsing(ss, "actions/download-artifact")
	if dl == nil || dl["with"].(yamlDoc)["run-id"] != "${{ github.event.workflow_run.id }}" || dl["with"].(yamlDoc)["name"] != "gilgrade-report" {
		t.Errorf("download %v", dl)
	}
	if sg := stepUsing(ss, "actions/setup-go"); sg == nil || sg["with"].(yamlDoc)["cache"] != false {
		t.Errorf("setup-go %v: want cache: false", sg)
	}
	all := runs(ss)
	if !strings.Contains(all, "go install github.com/gilgrade/gilgrade/cmd/gilgrade@v1.2.3") ||
		!strings.Contains(all, "gilgrade report --format pr-comment") || strings.Contains(all, "${{") {
		t.Errorf("run steps:\n%s", all)
	}
	gs := stepUsing(ss, "actions/github-script")
	script, _ := gs["with"].(yamlDoc)["script"].(string)
	for _, want := range []string{"'" + report.PRCommentMarker + "'", "pr.head.sha !== process.env.HEAD_SHA",
		"updateComment", "createComment", "'github-actions[bot]'"} {
		if !strings.Contains(script, want) {
			t.Errorf("the comment script lacks %q", want)
		}
	}
	if gs["env"].(yamlDoc)["HEAD_SHA"] != "${{ github.event.workflow_run.head_sha }}" {
		t.Errorf("env %v", gs["env"])
	}
}

// TestCIGitLabMergeRequests checks the pipeline runs for merge requests and
// keeps both widgets' reports.
func TestCIGitLabMergeRequests(t *testing.T) {
	t.Parallel()
	gl := parseYAML(t, filepath.Join("testdata", "ci", "gitlab", ".gitlab-ci.yml"))
	rules, _ := gl["workflow"].(yamlDoc)["rules"].([]any)
	if len(rules) == 0 || rules[0].(yamlDoc)["if"] != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Errorf("workflow rules %v", rules)
	}
	job := gl["gilgrade"].(yamlDoc)
	reports := job["artifacts"].(yamlDoc)["reports"].(yamlDoc)
	if reports["junit"] != "gilgrade-junit.xml" || reports["codequality"] != "gl-code-quality-report.json" {
		t.Errorf("reports %v", reports)
	}
	var script []string
	for _, s := range job["script"].([]any) {
		script = append(script, s.(string))
	}
	all := strings.Join(script, "\n")
	// Code Quality carries a passed exercise's advice into the merge request
	// (GitLab keeps no text of a passed testcase); the job log shows the text
	// report on every tier, with or without a merge request.
	if strings.Count(all, "gilgrade check") != 1 || !strings.Contains(all, "--format codequality") || !strings.HasSuffix(all, "exit $status") ||
		!strings.Contains(all, "\ngilgrade report \"$CI_PROJECT_DIR/gilgrade-report.json\"\n") {
		t.Errorf("script:\n%s", all)
	}
}

// gitRepo makes dir a git repository with everything in it committed.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "start"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// TestCIInitSubfolder: a course in a folder of its repository gets its
// workflows at the repository's root, run in its folder, with annotations and
// Code Quality paths from the root.
func TestCIInitSubfolder(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	root := filepath.Join(repo, "courses", "go")
	if r := run(t, t.TempDir(), "init", root); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	gitRepo(t, repo)
	for _, target := range []string{"github", "gitlab"} {
		r := run(t, root, "ci", "init", target, "--version", "v1.2.3", "--go", "1.26.8")
		if r.code != ExitOK || !strings.Contains(r.stdout, "The course is the folder courses/go of the git repository at ") {
			t.Fatalf("%s: exit %d\n%s%s", target, r.code, r.stdout, r.stderr)
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(repo, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pr := read(".github/workflows/gilgrade-pr.yml")
	for _, want := range []string{"working-directory: courses/go", "hashFiles('courses/go/exercises/**')",
		"gilgrade report --format github --path-prefix courses/go"} {
		if !strings.Contains(pr, want) {
			t.Errorf("gilgrade-pr.yml lacks %q", want)
		}
	}
	if c := read(".github/workflows/gilgrade.yml"); !strings.Contains(c, "        working-directory: courses/go\n") {
		t.Errorf("gilgrade.yml does not run in the course folder")
	}
	if c := read(".github/workflows/gilgrade-comment.yml"); !strings.Contains(c, "--format pr-comment --path-prefix courses/go") {
		t.Errorf("gilgrade-comment.yml does not render the comment with the prefix")
	}
	if gl := read(".gitlab-ci.yml"); !strings.Contains(gl, "    - cd courses/go\n") || !strings.Contains(gl, "--format codequality --path-prefix courses/go") {
		t.Errorf(".gitlab-ci.yml:\n%s", gl)
	}
	if _, err := os.Stat(filepath.Join(root, ".github")); err == nil {
		t.Errorf("workflows written inside the course folder, where GitHub does not read them")
	}
	wf := filepath.Join(repo, ".github", "workflows")
	actionlint(t, filepath.Join(wf, "gilgrade.yml"), filepath.Join(wf, "gilgrade-pr.yml"), filepath.Join(wf, "gilgrade-comment.yml"))
}

// TestCIActionlint lints the workflows ci init writes.
func TestCIActionlint(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "ci", "github")
	actionlint(t, filepath.Join(dir, "gilgrade-pr.yml"), filepath.Join(dir, "gilgrade-comment.yml"), filepath.Join(dir, "gilgrade.yml"))
}

// actionlint runs actionlint on the files: the installed one, else the pinned
// version through the Go module proxy; the test is skipped, saying so, when
// neither runs. actionlint checks the shell scripts too when shellcheck is
// installed.
func actionlint(t *testing.T, files ...string) {
	t.Helper()
	var cmd []string
	if p, err := exec.LookPath("actionlint"); err == nil {
		cmd = []string{p}
	} else {
		if testing.Short() {
			t.Skip("actionlint is not installed (-short does not build it)")
		}
		cmd = []string{"go", "run", "github.com/rhysd/actionlint/cmd/actionlint@" + actionlintVersion}
		probe := exec.Command(cmd[0], append(cmd[1:], "-version")...)
		probe.Dir = t.TempDir() // outside gilgrade's module: actionlint is no dependency
		probe.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := probe.CombinedOutput(); err != nil {
			t.Skipf("actionlint is not installed and `go run` could not build %s (%v): install it to lint the workflows\n%s",
				actionlintVersion, err, out)
		}
	}
	var abs []string
	for _, f := range files {
		a, _ := filepath.Abs(f)
		abs = append(abs, a)
	}
	c := exec.Command(cmd[0], append(append(cmd[1:], "-no-color"), abs...)...)
	c.Dir = t.TempDir()
	c.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := c.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// commentHarness runs the comment workflow's github-script with a fake GitHub
// API, the way actions/github-script calls it: an async function of require,
// github, context and core.
const commentHarness = `
const fs = require('fs');
const state = JSON.parse(process.argv[3]);
const calls = [];
const github = {
  rest: {
    pulls: { get: async (a) => { calls.push(['get', a.pull_number]); return { data: { head: { sha: state.prHead } } }; } },
    issues: {
      listComments: 'listComments',
      updateComment: async (a) => calls.push(['update', a.comment_id, a.body]),
      createComment: async (a) => calls.push(['create', a.issue_number, a.body]),
    },
  },
  paginate: async (fn, a) => { calls.push(['list', fn, a.issue_number]); return state.comments || []; },
};
const core = { setFailed: (m) => calls.push(['failed', m]), notice: (m) => calls.push(['notice', m]) };
const context = { repo: { owner: 'o', repo: 'r' } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', 'core', fs.readFileSync(process.argv[2], 'utf8'))(require, github, context, core)
  .then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); process.exit(1); });
`

// TestCICommentScript runs the comment workflow's steps after the download: the
// shell step renders the comment with gilgrade (this test binary), and the
// script creates or updates the one comment, trusting nothing in the artifact.
func TestCICommentScript(t *testing.T) {
	slowEndToEnd(t, "runs the comment workflow script under node")
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node to run the actions/github-script step")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	wf := parseYAML(t, filepath.Join("testdata", "ci", "github", "gilgrade-comment.yml"))
	var render, script string
	for _, s := range steps(t, wf, "comment") {
		if s["name"] == "Write the comment" {
			render = s["run"].(string)
		}
		if u, _ := s["uses"].(string); strings.HasPrefix(u, "actions/github-script@") {
			script = s["with"].(yamlDoc)["script"].(string)
		}
	}
	if render == "" || script == "" {
		t.Fatal("no render step or no script")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "gilgrade"), []byte("#!/bin/sh\nGILGRADE_REEXEC=1 exec "+self+" \"$@\"\n"), 0o755)
	work := t.TempDir()
	harness := filepath.Join(work, "harness.js")
	scriptFile := filepath.Join(work, "script.js")
	os.WriteFile(harness, []byte(commentHarness), 0o644)
	os.WriteFile(scriptFile, []byte(script), 0o644)

	// prepare lays out the downloaded artifact and runs the render step.
	prepare := func(t *testing.T, prNumber string, withReport bool) string {
		temp := t.TempDir()
		dir := filepath.Join(temp, "gilgrade")
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "pr-number"), []byte(prNumber), 0o644)
		if withReport {
			b, _ := os.ReadFile(savedReport)
			os.WriteFile(filepath.Join(dir, "report.json"), b, 0o644)
		}
		cmd := exec.Command("bash", "-e", "-c", render)
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+temp, "PATH="+bin+":"+os.Getenv("PATH"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("render step: %v\n%s", err, out)
		}
		return temp
	}
	call := func(t *testing.T, temp, prHead string, comments []yamlDoc) [][]any {
		state, _ := json.Marshal(yamlDoc{"prHead": prHead, "comments": comments})
		cmd := exec.Command(node, harness, scriptFile, string(state))
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+temp, "HEAD_SHA=abc123")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("script: %v\n%s%s", err, out, stderr.String())
		}
		var calls [][]any
		if err := json.Unmarshal(out, &calls); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return calls
	}
	marker := report.PRCommentMarker
	bot := func(id int, body string) yamlDoc {
		return yamlDoc{"id": id, "body": body, "user": yamlDoc{"login": "github-actions[bot]", "type": "Bot"}}
	}
	student := yamlDoc{"id": 3, "body": marker + "\nfake", "user": yamlDoc{"login": "student", "type": "User"}}
	last := func(calls [][]any) []any { return calls[len(calls)-1] }

	t.Run("create", func(t *testing.T) {
		temp := prepare(t, "7\n", true)
		calls := call(t, temp, "abc123", []yamlDoc{student, bot(4, "an unrelated bot comment")})
		c := last(calls)
		if c[0] != "create" || c[1] != float64(7) || !strings.HasPrefix(c[2].(string), marker+"\n## ") {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("update its own", func(t *testing.T) {
		temp := prepare(t, "7", true)
		calls := call(t, temp, "abc123", []yamlDoc{student, bot(5, marker+"\nold")})
		if c := last(calls); c[0] != "update" || c[1] != float64(5) || !strings.Contains(c[2].(string), "gilgrade: 15.5/34 points") {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("a newer push", func(t *testing.T) {
		temp := prepare(t, "7", true)
		calls := call(t, temp, "def456", nil)
		if c := last(calls); c[0] != "notice" || len(calls) != 2 {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("a forged number", func(t *testing.T) {
		temp := prepare(t, "7; echo pwned", true)
		calls := call(t, temp, "abc123", nil)
		if len(calls) != 1 || calls[0][0] != "failed" {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("no report", func(t *testing.T) {
		temp := prepare(t, "7", false)
		calls := call(t, temp, "abc123", nil)
		if c := last(calls); c[0] != "create" || !strings.Contains(c[2].(string), "could not grade this pull request") {
			t.Errorf("calls %v", calls)
		}
	})
	t.Run("not a report", func(t *testing.T) {
		temp := prepare(t, "7", false)
		os.WriteFile(filepath.Join(temp, "gilgrade", "report.json"), []byte("<html>"), 0o644)
		// The render step ran before the bad file was there: run it again.
		cmd := exec.Command("bash", "-e", "-c", render)
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+temp, "PATH="+bin+":"+os.Getenv("PATH"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("render step: %v\n%s", err, out)
		}
		calls := call(t, temp, "abc123", nil)
		if c := last(calls); c[0] != "create" || !strings.Contains(c[2].(string), "could not be read") {
			t.Errorf("calls %v", calls)
		}
	})
}

// TestCIPullRequestSteps runs the pull request workflow's shell steps (all but
// installing gilgrade, which this test binary stands in for) on a pull request
// that edits ex02, then the comment workflow's render step on what they left:
// the two workflows agree on the artifact's layout, and the comment is about
// the exercise the pull request changed.
func TestCIPullRequestSteps(t *testing.T) {
	slowEndToEnd(t, "runs the pull request workflow, race runs included")
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	root := workspace(t)
	gitRepo(t, root)
	base, err := git(root, "rev-parse", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(filepath.Join(root, "exercises/ex02_mutex_append/squares.go"), os.O_APPEND|os.O_WRONLY, 0o644)
	f.WriteString("\n// my change\n")
	f.Close()
	gitRun(t, root, "commit", "-q", "-am", "ex02")

	self, _ := os.Executable()
	bin := t.TempDir()
	os.WriteFile(filepath.Join(bin, "gilgrade"), []byte("#!/bin/sh\nGILGRADE_REEXEC=1 exec "+self+" \"$@\"\n"), 0o755)
	temp := t.TempDir()
	runStep := func(s yamlDoc, env ...string) (string, int) {
		cmd := exec.Command("bash", "-e", "-c", s["run"].(string))
		cmd.Dir = root
		cmd.Env = append(append(os.Environ(), "RUNNER_TEMP="+temp, "PATH="+bin+":"+os.Getenv("PATH")), env...)
		for k := range s["env"].(yamlDoc) {
			cmd.Env = append(cmd.Env, k+"="+map[string]string{
				"PR_NUMBER": "42", "BASE_SHA": strings.TrimSpace(base)}[k])
		}
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	pr := parseYAML(t, filepath.Join("testdata", "ci", "github", "gilgrade-pr.yml"))
	outs := map[string]string{}
	for _, s := range steps(t, pr, "grade") {
		name, _ := s["name"].(string)
		if _, ok := s["run"]; !ok || name == "Install gilgrade" {
			continue
		}
		if s["env"] == nil {
			s["env"] = yamlDoc{}
		}
		out, code := runStep(s)
		outs[name] = out
		if want := map[bool]int{true: ExitFailed, false: ExitOK}[strings.HasPrefix(name, "Grade")]; code != want {
			t.Errorf("step %q: exit %d, want %d\n%s", name, code, want, out)
		}
	}
	if a := outs["Annotate the learner's lines"]; !strings.Contains(a, "::error file=exercises/ex02_mutex_append/squares.go") ||
		strings.Contains(a, "ex01") {
		t.Errorf("annotations:\n%s", a)
	}
	comment := parseYAML(t, filepath.Join("testdata", "ci", "github", "gilgrade-comment.yml"))
	for _, s := range steps(t, comment, "comment") {
		if s["name"] == "Write the comment" {
			s["env"] = yamlDoc{}
			if out, code := runStep(s); code != 0 {
				t.Fatalf("render: exit %d\n%s", code, out)
			}
		}
	}
	md, _ := os.ReadFile(filepath.Join(temp, "gilgrade", "comment.md"))
	num, _ := os.ReadFile(filepath.Join(temp, "gilgrade", "pr-number"))
	if !strings.HasPrefix(string(md), report.PRCommentMarker) || !strings.Contains(string(md), "| `ex02` ") ||
		strings.Contains(string(md), "| `ex01` ") || !strings.Contains(string(md), "graded only what changed since") || string(num) != "42\n" {
		t.Errorf("pr-number %q, comment:\n%s", num, md)
	}
}
