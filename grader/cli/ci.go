package cli

import (
	"bytes"
	"fmt"
	"go/version"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/template"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/course"
)

var ciCmd = &Command{
	Name:    "ci",
	Args:    "init github|gitlab|gradescope [--version V] [--force]",
	Summary: "write ready CI files that grade the course: GitHub Actions and Classroom, GitLab, Gradescope",
	Run:     runCI,
}

// gilgradeModule is where `go install` finds gilgrade.
const gilgradeModule = "github.com/gilgrade/gilgrade/cmd/gilgrade"

// ciFile is one file ci init writes, relative to the course root.
type ciFile struct {
	Name string
	Mode fs.FileMode
	Text string // a text/template over ciData
}

// ciData fills the templates.
type ciData struct {
	Version   string // gilgrade's version for go install: v1.2.3, or latest
	GoVersion string // the Go release to install, like 1.26.x
	GoExact   string // a full Go release for a download URL, like 1.26.8
	Module    string // gilgrade's command package
	// KeySecret is set for a course gilgrade does not carry: grading then needs
	// its key, from the secret GILGRADE_KEY (or KeyFile beside Gradescope's
	// scripts).
	KeySecret bool
	KeyFile   string
	Prefix    string // the course root's folder in the git repository, slash-separated; "" at its root
	Actions   map[string]string
}

// ciActions pins each action the generated workflows use to its current major
// version, read from the action's own repository (each of these runs on
// node24; the Classroom reporter has no release after v1).
var ciActions = map[string]string{
	"checkout": "actions/checkout@v7",
	"setupGo":  "actions/setup-go@v7",
	"cache":    "actions/cache@v5",
	"reporter": "classroom-resources/autograding-grading-reporter@v1",
}

var ciTargets = map[string][]ciFile{
	"github":     append([]ciFile{{".github/workflows/gilgrade.yml", 0o644, githubWorkflow}}, githubPRFiles...),
	"gitlab":     {gitlabMRFile},
	"gradescope": {{"gradescope/setup.sh", 0o755, gradescopeSetup}, {"gradescope/run_autograder", 0o755, gradescopeRun}},
}

func runCI(e *Env, args []string) int {
	fl := e.flags()
	var version, goVersion string
	var force bool
	fl.StringVar(&version, "version", "", "the gilgrade `version` the files install (default: this gilgrade's own)")
	fl.StringVar(&goVersion, "go", "", "the Go `release` the files install, like 1.26.8 (default: the one this gilgrade was built with)")
	fl.BoolVar(&force, "force", false, "overwrite files that exist")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) != 2 || args[0] != "init" || ciTargets[args[1]] == nil {
		return e.exit(usagef("usage: gilgrade ci init github|gitlab|gradescope [--version V] [--force]"))
	}
	root, err := course.Find(e.Dir)
	if err != nil {
		return e.exit(usagef("%v.\nRun `gilgrade ci init` inside the course workspace your students get.", err))
	}
	if version == "" {
		version = buildVersion()
		if version == "" || strings.Contains(version, "+") {
			fmt.Fprintf(e.Stderr, "%s this gilgrade has no release version (%s), so the files install gilgrade@latest, which can change under your students: pin one with --version v1.2.3\n", e.Style().Warn("warning:"), Version())
			version = "latest"
		}
	}
	if goVersion == "" {
		goVersion = strings.TrimPrefix(runtime.Version(), "go")
		goVersion, _, _ = strings.Cut(goVersion, " ")
	}
	top, prefix := ciRepo(root)
	ciNoteRepo(e, top, prefix)
	data := ciData{Version: version, GoExact: goVersion, GoVersion: minorX(goVersion), Module: gilgradeModule, Prefix: prefix, Actions: ciActions}
	if c, err := course.Load(root); err == nil {
		if carried, err := bundle.Key(); err != nil || carried.CourseID != c.ID {
			data.KeySecret, data.KeyFile = true, c.ID+keySuffix
		}
	}

	files := ciTargets[args[1]]
	var exists []string
	for _, f := range files {
		if _, err := os.Stat(ciPath(root, top, f.Name)); err == nil {
			exists = append(exists, f.Name)
		}
	}
	if len(exists) > 0 && !force {
		verb := "exists"
		if len(exists) > 1 {
			verb = "exist"
		}
		return e.exit(usagef("%s already %s; add --force to overwrite", strings.Join(exists, ", "), verb))
	}
	for _, f := range files {
		var buf bytes.Buffer
		if err := template.Must(template.New(f.Name).Parse(f.Text)).Execute(&buf, data); err != nil {
			return e.exit(graderError(err))
		}
		name := ciPath(root, top, f.Name)
		err := os.MkdirAll(filepath.Dir(name), 0o755)
		if err == nil {
			err = os.WriteFile(name, buf.Bytes(), f.Mode)
		}
		if err == nil {
			err = os.Chmod(name, f.Mode) // WriteFile keeps an existing file's mode
		}
		if err != nil {
			return e.exit(graderError(err))
		}
		fmt.Fprintln(e.Stdout, "Wrote", f.Name)
	}
	fmt.Fprintln(e.Stdout, ciNext[args[1]])
	if data.KeySecret {
		fmt.Fprintln(e.Stdout, ciKeyNext[args[1]](data))
	}
	return ExitOK
}

// minorX turns 1.26.8 (or 1.26rc1) into 1.26.x for setup-go; what is not a
// Go version is left as it is.
func minorX(v string) string {
	lang := version.Lang("go" + v)
	if lang == "" {
		return v
	}
	return strings.TrimPrefix(lang, "go") + ".x"
}

var ciNext = map[string]string{
	"github":     "Commit them to the repository your students start from. Each push shows annotations, a summary table and, in GitHub Classroom, the points; each pull request gets a check on the exercises it changes and one comment with the report.",
	"gitlab":     "Commit it at the root of the repository your students start from, and push it to the default branch: each merge request then shows the exercises in its test report and the diagnoses it brings, advice on passed exercises included, in its Code Quality widget (inline in the diff on GitLab Ultimate); every job's log shows the whole report.",
	"gradescope": "Zip the two files of gradescope/ at the zip's root (cd gradescope && zip ../autograder.zip setup.sh run_autograder) and upload it as a Gradescope autograder.",
}

// ciKeyNext says where the key of a course gilgrade does not carry goes.
var ciKeyNext = map[string]func(ciData) string{
	"github": func(ciData) string {
		return "This course is not the one gilgrade carries, so the workflow reads its key from the secret GILGRADE_KEY: store the one line of the .gilkey.b64 file `gilgrade course build` wrote as an organization or repository secret of that name."
	},
	"gitlab": func(ciData) string {
		return "This course is not the one gilgrade carries: add its key as a masked CI/CD variable GILGRADE_KEY (the one line of the .gilkey.b64 file `gilgrade course build` wrote), which the job receives as it is."
	},
	"gradescope": func(d ciData) string {
		return "This course is not the one gilgrade carries: put its key " + d.KeyFile + " (written by `gilgrade course build`) into the zip beside the two scripts."
	},
}

const githubWorkflow = `# Grades the course with gilgrade on every push: annotations at the learner's
# lines, a summary table, and the points for GitHub Classroom.
# Written by ` + "`gilgrade ci init github`" + `; gilgrade is pinned to {{.Version}}.
name: gilgrade

on:
  push:
  repository_dispatch:

permissions:
  checks: write
  actions: read
  contents: read

jobs:
  grade:
    name: Grade
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 20
{{- if .Prefix}}
    defaults:
      run:
        working-directory: {{.Prefix}}
{{- end}}
{{- if .KeySecret}}
    env:
      # The course's grader key, from a secret: gilgrade reads it before any of
      # the student's code runs and keeps it out of the tests' environment.
      GILGRADE_KEY: ${{"{{"}} secrets.GILGRADE_KEY {{"}}"}}
{{- end}}
    steps:
      - name: Check out the work
        uses: {{.Actions.checkout}}

      - name: Install Go
        uses: {{.Actions.setupGo}}
        with:
          go-version: "{{.GoVersion}}"
          cache: false

      - name: Cache the Go build cache
        uses: {{.Actions.cache}}
        with:
          path: |
            ~/.cache/go-build
            ~/go/pkg/mod
          key: gilgrade-{{.Version}}-${{"{{"}} runner.os {{"}}"}}-${{"{{"}} hashFiles('exercises/**') {{"}}"}}
          restore-keys: |
            gilgrade-{{.Version}}-${{"{{"}} runner.os {{"}}"}}-

      - name: Install gilgrade
        run: go install {{.Module}}@{{.Version}}

      # One grading run writes both reports, so the annotations and the
      # points Classroom records come from the same results.
      - name: Grade the exercises
        id: gilgrade
        run: gilgrade check --all --format github,classroom

      - name: Report the points to GitHub Classroom
        if: always()
        uses: {{.Actions.reporter}}
        env:
          GILGRADE_RESULTS: ${{"{{"}} steps.gilgrade.outputs.result {{"}}"}}
        with:
          runners: gilgrade
`

const gradescopeSetup = `#!/usr/bin/env bash
# Gradescope runs this once to build the autograder image: it installs Go, a C
# compiler for the race detector, and gilgrade {{.Version}}, then warms the build cache
# so that grading a submission does not rebuild the race-enabled standard library.
# Written by ` + "`gilgrade ci init gradescope`" + `.
set -euo pipefail

GO_VERSION={{.GoExact}}
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates curl gcc libc6-dev git
curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz
export PATH=/usr/local/go/bin:$PATH
GOBIN=/usr/local/bin go install {{.Module}}@{{.Version}}

# Warm the cache with the solved course: an unfilled one builds nothing, and
# every submission would then pay for the race-enabled standard library.
mkdir -p /autograder/warm
cd /autograder/warm
gilgrade init course
cd course
gilgrade reset --solution --all >/dev/null
gilgrade check --all --format gradescope --output /dev/null --min-score 0
`

const gradescopeRun = `#!/usr/bin/env bash
# Gradescope runs this for each submission. It always writes results.json, even
# when gilgrade is missing, the submission is not a course, or gilgrade crashes.
# Written by ` + "`gilgrade ci init gradescope`" + ` for gilgrade {{.Version}}.
AUTOGRADER=${AUTOGRADER:-/autograder}
RESULTS=$AUTOGRADER/results/results.json
LOG=$AUTOGRADER/results/gilgrade.log
export PATH=/usr/local/go/bin:/usr/local/bin:$PATH
mkdir -p "$AUTOGRADER/results"

# error_result writes a results.json with no points and the message, escaped for JSON.
error_result() {
  msg=$(printf '%s' "$1" | tr '\n\r\t' '   ' | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -cd '[:print:]')
  printf '{"score":0,"output":"%s","output_format":"text","tests":[]}\n' "$msg" > "$RESULTS"
}

if ! command -v gilgrade >/dev/null 2>&1; then
  error_result "The autograder could not run: gilgrade is not installed (setup.sh failed). Please tell your teacher."
  exit 0
fi
cd "$AUTOGRADER/submission" 2>/dev/null || { error_result "The autograder found no submission."; exit 0; }
# The course workspace is the submission or a folder inside it.
if [ ! -f exercises/course.toml ]; then
  found=$(find . -maxdepth 3 -path '*/exercises/course.toml' 2>/dev/null | head -n 1)
  if [ -z "$found" ]; then
    error_result "Your submission holds no course workspace (no exercises/course.toml): upload the folder gilgrade init made."
    exit 0
  fi
  cd "$(dirname "$(dirname "$found")")" || exit 0
fi

{{if .KeySecret}}# The course's grader key, zipped beside this script.
export GILGRADE_KEY="$AUTOGRADER/source/{{.KeyFile}}"

{{end}}# The report goes to a file; what gilgrade prints (the score line, or why it
# could not grade) goes to the log and to this script's output, which the
# instructor sees on the submission's autograder page.
out=$(mktemp)
timeout 540 gilgrade check --all --format gradescope --output "$out" --no-color 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
if [ -s "$out" ] && [ "$status" -ne 124 ]; then
  cp "$out" "$RESULTS"
elif [ "$status" -eq 124 ]; then
  error_result "Grading took longer than 9 minutes and was stopped. Look for a loop that never ends."
else
  error_result "gilgrade could not grade this submission (exit $status): $(tail -n 5 "$LOG")"
fi
rm -f "$out"
exit 0
`
