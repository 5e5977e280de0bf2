package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/report"
)

// The pull request workflows of `ci init github` and the merge request pipeline
// of `ci init gitlab`. A pull request from a fork runs code nobody reviewed, so
// the GitHub side follows the pattern GitHub documents for it: the workflow on
// pull_request grades with a read-only token and no secrets and uploads the
// report as an artifact; a second workflow on workflow_run, which may write,
// downloads that report as data and comments, without ever checking out or
// running the pull request's code.

// ciTemplate turns a template written with [[ ]] for its own actions and
// GitHub's ${{ }} expressions as they are into the text/template syntax runCI
// executes, so the workflows read as the YAML they become.
func ciTemplate(s string) string {
	s = strings.ReplaceAll(s, "GILGRADE_MARKER", report.PRCommentMarker)
	return strings.NewReplacer("{{", `{{"{{"}}`, "}}", `{{"}}"}}`, "[[", "{{", "]]", "}}").Replace(s)
}

var (
	githubPRFiles = []ciFile{
		{".github/workflows/gilgrade-pr.yml", 0o644, ciTemplate(githubPRWorkflow)},
		{".github/workflows/gilgrade-comment.yml", 0o644, ciTemplate(githubCommentWorkflow)},
	}
	gitlabMRFile = ciFile{".gitlab-ci.yml", 0o644, ciTemplate(gitlabMRPipeline)}
)

// ciRepo returns the root of the git repository holding the course root, and
// the course root's folder inside it ("" when they are the same). A course
// that is not in a repository yet is taken as the repository's root.
func ciRepo(root string) (top, prefix string) {
	out, err := git(root, "rev-parse", "--show-toplevel")
	if err != nil {
		return root, ""
	}
	top = strings.TrimSpace(out)
	prefix, err = repoPrefix(top, root)
	if err != nil {
		return root, ""
	}
	return top, prefix
}

// ciNoteRepo says where the forge files go when that is not the course root,
// so that a course inside an unrelated repository does not surprise anyone.
func ciNoteRepo(e *Env, top, prefix string) {
	if prefix != "" {
		fmt.Fprintf(e.Stdout, "The course is the folder %s of the git repository at %s: its CI files go to the repository's root, and run in %s.\n",
			prefix, top, prefix)
	}
}

// ciPath is where a CI file goes: a forge reads its files from the
// repository's root, whatever folder the course is in; the Gradescope scripts
// belong to the course.
func ciPath(root, top, name string) string {
	if strings.HasPrefix(name, ".github/") || name == ".gitlab-ci.yml" {
		return filepath.Join(top, filepath.FromSlash(name))
	}
	return filepath.Join(root, filepath.FromSlash(name))
}

const githubPRWorkflow = `# Grades every pull request with gilgrade: the exercises it changes, with
# annotations at the learner's lines, and a report that gilgrade-comment.yml
# turns into one comment on the pull request, updated on every push.
# Written by ` + "`gilgrade ci init github`" + `; gilgrade is pinned to [[.Version]].
#
# This workflow runs the pull request's code, so it has a read-only token and
# no secrets (a pull request from a fork gets none anyway). Never give it a
# secret such as a course key: the learner's code could read it. It grades
# against the course gilgrade ships; the full grade, where points are recorded,
# runs in gilgrade.yml on push.
name: gilgrade pull request

on:
  pull_request:

permissions:
  contents: read

concurrency:
  group: gilgrade-pr-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  grade:
    name: Grade the changed exercises
    runs-on: ubuntu-latest
    timeout-minutes: 20
[[- if .Prefix]]
    defaults:
      run:
        working-directory: [[.Prefix]]
[[- end]]
    steps:
      - name: Check out the pull request
        uses: actions/checkout@v7
        with:
          # The whole history, so that git can compare with the base commit.
          fetch-depth: 0
          # Keep the token out of .git/config, where the learner's code could read it.
          persist-credentials: false

      - name: Install Go
        uses: actions/setup-go@v7
        with:
          go-version: "[[.GoVersion]]"
          cache: false

      - name: Cache the Go build cache
        uses: actions/cache@v5
        with:
          path: |
            ~/.cache/go-build
            ~/go/pkg/mod
          key: gilgrade-[[.Version]]-${{ runner.os }}-${{ hashFiles('[[if .Prefix]][[.Prefix]]/[[end]]exercises/**') }}
          restore-keys: |
            gilgrade-[[.Version]]-${{ runner.os }}-

      - name: Install gilgrade
        run: go install [[.Module]]@[[.Version]]

      - name: Note the pull request for the comment
        env:
          PR_NUMBER: ${{ github.event.pull_request.number }}
        run: |
          mkdir -p "$RUNNER_TEMP/gilgrade"
          printf '%s\n' "$PR_NUMBER" > "$RUNNER_TEMP/gilgrade/pr-number"

      - name: Grade the exercises the pull request changes
        env:
          BASE_SHA: ${{ github.event.pull_request.base.sha }}
        run: gilgrade check --changed "$BASE_SHA" --strict --format json --output "$RUNNER_TEMP/gilgrade/report.json"

      - name: Annotate the learner's lines
        if: always()
        run: |
          if [ -f "$RUNNER_TEMP/gilgrade/report.json" ]; then
            gilgrade report --format github[[if .Prefix]] --path-prefix [[.Prefix]][[end]] "$RUNNER_TEMP/gilgrade/report.json"
          fi

      - name: Keep the report for the comment
        if: always()
        uses: actions/upload-artifact@v7
        with:
          name: gilgrade-report
          path: ${{ runner.temp }}/gilgrade/
          retention-days: 7
`

const githubCommentWorkflow = `# Comments on each pull request with its gilgrade report, and updates that one
# comment on every push. Written by ` + "`gilgrade ci init github`" + `; gilgrade is
# pinned to [[.Version]].
#
# The pattern GitHub documents for pull requests from forks: gilgrade-pr.yml
# grades with a read-only token and uploads the report; this workflow runs from
# the default branch with the right to comment, and takes the report as data.
# It never checks out, builds or runs the pull request's code, restores no
# cache (a cache can be written by code under grading), and gilgrade renders
# every string of the report inside code, so it cannot mention or link.
name: gilgrade comment

on:
  workflow_run:
    workflows: [gilgrade pull request]
    types: [completed]

permissions:
  actions: read
  pull-requests: write

jobs:
  comment:
    name: Comment on the pull request
    runs-on: ubuntu-latest
    timeout-minutes: 10
    if: >-
      github.event.workflow_run.event == 'pull_request' &&
      github.event.workflow_run.conclusion != 'cancelled' &&
      github.event.workflow_run.conclusion != 'skipped'
    steps:
      - name: Download the report
        uses: actions/download-artifact@v8
        with:
          name: gilgrade-report
          path: ${{ runner.temp }}/gilgrade
          run-id: ${{ github.event.workflow_run.id }}
          github-token: ${{ github.token }}

      - name: Install Go
        uses: actions/setup-go@v7
        with:
          go-version: "[[.GoVersion]]"
          cache: false

      - name: Install gilgrade
        run: go install [[.Module]]@[[.Version]]

      - name: Write the comment
        run: |
          cd "$RUNNER_TEMP/gilgrade"
          if [ ! -f report.json ]; then
            printf '%s\n%s\n' 'GILGRADE_MARKER' '⚠️ gilgrade could not grade this pull request: see the log of its check.' > comment.md
          elif ! gilgrade report --format pr-comment[[if .Prefix]] --path-prefix [[.Prefix]][[end]] --output comment.md report.json; then
            printf '%s\n%s\n' 'GILGRADE_MARKER' '⚠️ the report of this pull request could not be read: see the log of its check.' > comment.md
          fi

      - name: Create or update the comment
        uses: actions/github-script@v8
        env:
          HEAD_SHA: ${{ github.event.workflow_run.head_sha }}
        with:
          script: |
            const fs = require('fs');
            const path = require('path');
            const dir = path.join(process.env.RUNNER_TEMP, 'gilgrade');
            const marker = 'GILGRADE_MARKER';
            // The pull request's run wrote the number: take it only for the
            // pull request whose head that run graded.
            const number = Number(fs.readFileSync(path.join(dir, 'pr-number'), 'utf8').trim());
            if (!Number.isSafeInteger(number) || number <= 0) {
              core.setFailed('the report names no pull request');
              return;
            }
            const { data: pr } = await github.rest.pulls.get({ ...context.repo, pull_number: number });
            if (pr.head.sha !== process.env.HEAD_SHA) {
              core.notice(` + "`" + `pull request #${number} is not at ${process.env.HEAD_SHA} any more: a newer run comments` + "`" + `);
              return;
            }
            const body = fs.readFileSync(path.join(dir, 'comment.md'), 'utf8');
            const comments = await github.paginate(github.rest.issues.listComments,
              { ...context.repo, issue_number: number, per_page: 100 });
            // Only this workflow's own comment: anyone can write the marker.
            const mine = comments.find(c => c.user && c.user.login === 'github-actions[bot]' &&
              (c.body || '').startsWith(marker));
            if (mine) {
              await github.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body });
            } else {
              await github.rest.issues.createComment({ ...context.repo, issue_number: number, body });
            }
`

const gitlabMRPipeline = `# Grades the course with gilgrade in merge request pipelines, and on pushes to
# branches with no merge request open. The merge request shows the exercises in
# its test report (JUnit) and the diagnoses its changes bring in its Code
# Quality widget, advice on passed exercises included, which a test report
# leaves out; GitLab Ultimate also shows them inline in the diff. The widget
# compares with the target branch's latest pipeline, which a push to it runs.
# The job log shows the whole report on every tier, merge request or not.
# Written by ` + "`gilgrade ci init gitlab`" + `; gilgrade is pinned to [[.Version]].
#
# The job runs the learner's code: never give it a course key or another secret
# (a merge request from a fork runs in the fork, without this project's CI/CD
# variables). It grades against the course gilgrade ships.
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH

gilgrade:
  image: golang:[[.GoExact]]
  variables:
    GOCACHE: $CI_PROJECT_DIR/.cache/go-build
  cache:
    key: gilgrade-[[.Version]]
    paths:
      - .cache/go-build
  script:
    - go install [[.Module]]@[[.Version]]
[[- if .Prefix]]
    - cd [[.Prefix]]
[[- end]]
    # One grading run; the widgets' reports are written from its saved report.
    - status=0
    - gilgrade check --all --strict --format json --output "$CI_PROJECT_DIR/gilgrade-report.json" || status=$?
    # The whole report in the job log, as a learner reads it in a terminal.
    - gilgrade report "$CI_PROJECT_DIR/gilgrade-report.json"
    - gilgrade report --format junit --output "$CI_PROJECT_DIR/gilgrade-junit.xml" "$CI_PROJECT_DIR/gilgrade-report.json"
    - gilgrade report --format codequality[[if .Prefix]] --path-prefix [[.Prefix]][[end]] --output "$CI_PROJECT_DIR/gl-code-quality-report.json" "$CI_PROJECT_DIR/gilgrade-report.json"
    - exit $status
  artifacts:
    when: always
    paths:
      - gilgrade-report.json
      - gilgrade-junit.xml
      - gl-code-quality-report.json
    reports:
      junit: gilgrade-junit.xml
      codequality: gl-code-quality-report.json
`
