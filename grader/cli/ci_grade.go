package cli

// Class-grading workflows: `gilgrade ci init github-class` and `gitlab-class`
// write a pipeline for the teacher's repository that grades every submission
// listed in submissions.txt (one folder or git URL a line), split over parallel
// jobs with `grade --shard`, and joins the shards with `grade merge` into one
// gradebook, as a single run would have written it.
func init() {
	ciTargets["github-class"] = []ciFile{{".github/workflows/gilgrade-class.yml", 0o644, githubClassWorkflow}}
	ciTargets["gitlab-class"] = []ciFile{{"gilgrade-class.gitlab-ci.yml", 0o644, gitlabClassCI}}
	ciNext["github-class"] = "Commit it to the teacher's repository with a submissions.txt (one git URL or folder a line) and a CLASSROOM_TOKEN secret that can read the students' repositories; run it from the Actions tab. The gradebook is the artifact named gradebook."
	ciNext["gitlab-class"] = "Commit it to the teacher's project as .gitlab-ci.yml (or name it in Settings › CI/CD › CI/CD configuration file) with a submissions.txt (one git URL or folder a line) and a masked CLASSROOM_TOKEN variable that can read the students' repositories; run the pipeline by hand. The gradebook is the merge job's artifact."
}

const githubClassWorkflow = `# Grades a whole class with gilgrade: the submissions listed in submissions.txt
# (one git URL or folder a line) are split over a matrix of jobs, each grading
# its shard, and a last job merges the shards into one gradebook.
# Written by ` + "`gilgrade ci init github-class`" + `; gilgrade is pinned to {{.Version}}.
name: gilgrade-class

on:
  workflow_dispatch:

permissions:
  contents: read

env:
  SHARDS: 4

jobs:
  grade:
    name: Grade shard ${{"{{"}} matrix.shard {{"}}"}}
    runs-on: ubuntu-latest
    timeout-minutes: 120
    strategy:
      fail-fast: false
      matrix:
        shard: [1, 2, 3, 4] # as many as SHARDS
    steps:
      - name: Check out the class list
        uses: actions/checkout@v4

      - name: Install Go
        uses: actions/setup-go@v5
        with:
          go-version: "{{.GoVersion}}"
          cache: false

      - name: Install gilgrade
        run: go install {{.Module}}@{{.Version}}

      - name: Grade this shard
        env:
          # git reads the token from here to clone private repositories; the
          # students' code runs with an environment that has none of it.
          GIT_CONFIG_COUNT: "1"
          GIT_CONFIG_KEY_0: url.https://x-access-token:${{"{{"}} secrets.CLASSROOM_TOKEN {{"}}"}}@github.com/.insteadOf
          GIT_CONFIG_VALUE_0: https://github.com/
        run: |
          mapfile -t subs < <(grep -v '^[[:space:]]*\(#\|$\)' submissions.txt)
          gilgrade grade --shard "${{"{{"}} matrix.shard {{"}}"}}/$SHARDS" --out "gradebook-${{"{{"}} matrix.shard {{"}}"}}" -- "${subs[@]}" || test $? -eq 1

      - name: Keep the shard's gradebook
        uses: actions/upload-artifact@v4
        with:
          name: gradebook-${{"{{"}} matrix.shard {{"}}"}}
          path: gradebook-${{"{{"}} matrix.shard {{"}}"}}/

  merge:
    name: Merge the gradebook
    needs: grade
    runs-on: ubuntu-latest
    steps:
      - name: Install Go
        uses: actions/setup-go@v5
        with:
          go-version: "{{.GoVersion}}"
          cache: false

      - name: Install gilgrade
        run: go install {{.Module}}@{{.Version}}

      - name: Fetch the shards' gradebooks
        uses: actions/download-artifact@v4
        with:
          pattern: gradebook-*

      - name: Merge
        run: gilgrade grade merge --out gradebook gradebook-*/gradebook.json || test $? -eq 1

      - name: Keep the gradebook
        uses: actions/upload-artifact@v4
        with:
          name: gradebook
          path: gradebook/
`

const gitlabClassCI = `# Grades a whole class with gilgrade: the submissions listed in submissions.txt
# (one git URL or folder a line) are split over parallel jobs, each grading its
# shard, and a last job merges the shards into one gradebook. Run it by hand.
# Use it as the teacher's project's .gitlab-ci.yml, or name this file in
# Settings > CI/CD > CI/CD configuration file.
# Written by ` + "`gilgrade ci init gitlab-class`" + `; gilgrade is pinned to {{.Version}}.
stages:
  - grade
  - merge

default:
  image: golang:{{.GoExact}}
  before_script:
    - go install {{.Module}}@{{.Version}}

grade:
  stage: grade
  parallel: 4
  rules:
    - if: $CI_PIPELINE_SOURCE == "web"
  variables:
    # git reads the token from here to clone private repositories; the
    # students' code runs with an environment that has none of it.
    GIT_CONFIG_COUNT: "1"
    GIT_CONFIG_KEY_0: url.https://oauth2:${CLASSROOM_TOKEN}@${CI_SERVER_HOST}/.insteadOf
    GIT_CONFIG_VALUE_0: https://${CI_SERVER_HOST}/
  script:
    - mapfile -t subs < <(grep -v '^[[:space:]]*\(#\|$\)' submissions.txt)
    - gilgrade grade --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --out "gradebook-$CI_NODE_INDEX" -- "${subs[@]}" || test $? -eq 1
  artifacts:
    paths:
      - gradebook-$CI_NODE_INDEX/

merge:
  stage: merge
  rules:
    - if: $CI_PIPELINE_SOURCE == "web"
  needs:
    - grade
  script:
    - gilgrade grade merge --out gradebook gradebook-*/gradebook.json || test $? -eq 1
  artifacts:
    paths:
      - gradebook/
`
