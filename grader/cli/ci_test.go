package cli

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateCI = flag.Bool("update-ci", false, "rewrite testdata/ci from what ci init writes")

// TestCIInitGolden: what ci init writes for each target, byte for byte, with
// its file modes (testdata/script/ci.txtar covers refusing and forcing).
func TestCIInitGolden(t *testing.T) {
	t.Parallel()
	root := freshCourse(t)
	for target, files := range ciTargets {
		r := run(t, root, "ci", "init", target, "--version", "v1.2.3", "--go", "1.26.8")
		if r.code != ExitOK {
			t.Fatalf("%s: exit %d\n%s", target, r.code, r.stderr)
		}
		for _, f := range files {
			got, err := os.ReadFile(filepath.Join(root, f.Name))
			if err != nil {
				t.Fatal(err)
			}
			if fi, _ := os.Stat(filepath.Join(root, f.Name)); fi.Mode().Perm() != f.Mode {
				t.Errorf("%s: mode %v, want %v", f.Name, fi.Mode().Perm(), f.Mode)
			}
			golden := filepath.Join("testdata", "ci", target, filepath.Base(f.Name))
			if *updateCI {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				os.WriteFile(golden, got, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from %s (-update-ci rewrites it):\n%s", f.Name, golden, got)
			}
		}
	}
}

// TestCIWorkflowYAML parses the workflow and the GitLab job as YAML and checks the
// keys GitHub, Classroom and GitLab rely on.
func TestCIWorkflowYAML(t *testing.T) {
	t.Parallel()
	type doc = yamlDoc
	parse := func(name string) doc { return parseYAML(t, name) }
	wf := parse(filepath.Join("testdata", "ci", "github", "gilgrade.yml"))
	// PyYAML reads the key on as true.
	on, _ := wf["on"].(doc)
	if on == nil {
		on, _ = wf["true"].(doc)
	}
	if _, ok := on["push"]; !ok {
		t.Errorf("no push trigger: %v", wf)
	}
	if _, ok := on["repository_dispatch"]; !ok {
		t.Errorf("no repository_dispatch trigger: %v", wf)
	}
	perms := wf["permissions"].(doc)
	if perms["checks"] != "write" || perms["actions"] != "read" || perms["contents"] != "read" {
		t.Errorf("permissions %v", perms)
	}
	job := wf["jobs"].(doc)["grade"].(doc)
	if job["if"] != "github.actor != 'github-classroom[bot]'" {
		t.Errorf("if: %v", job["if"])
	}
	var uses, runs []string
	for _, s := range job["steps"].([]any) {
		step := s.(doc)
		if u, ok := step["uses"].(string); ok {
			uses = append(uses, u)
		}
		if r, ok := step["run"].(string); ok {
			runs = append(runs, r)
		}
	}
	all := strings.Join(append(uses, runs...), "\n")
	for _, want := range []string{"actions/checkout@v7", "actions/setup-go@v7", "actions/cache@v5",
		"classroom-resources/autograding-grading-reporter@v1",
		"go install github.com/gilgrade/gilgrade/cmd/gilgrade@v1.2.3", "gilgrade check --all --format github,classroom"} {
		if !strings.Contains(all, want) {
			t.Errorf("workflow lacks %q", want)
		}
	}
	// One grading run: the annotations and the points come from the same
	// results, and the reporter reads that step's output.
	if n := strings.Count(all, "gilgrade check"); n != 1 {
		t.Errorf("the workflow grades %d times, want once:\n%s", n, all)
	}
	for _, s := range job["steps"].([]any) {
		step := s.(doc)
		if u, _ := step["uses"].(string); strings.HasPrefix(u, "classroom-resources/") {
			env, _ := step["env"].(doc)
			if env["GILGRADE_RESULTS"] != "${{ steps.gilgrade.outputs.result }}" || step["with"].(doc)["runners"] != "gilgrade" {
				t.Errorf("reporter step %v", step)
			}
		}
	}
	gl := parse(filepath.Join("testdata", "ci", "gitlab", ".gitlab-ci.yml"))
	art := gl["gilgrade"].(doc)["artifacts"].(doc)
	if art["reports"].(doc)["junit"] != "gilgrade-junit.xml" {
		t.Errorf("gitlab artifacts %v", art)
	}
}

// TestGradescopeRunAutograder runs run_autograder with gilgrade missing, crashing
// and working: results.json must always be valid JSON.
func TestGradescopeRunAutograder(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "ci", "gradescope", "run_autograder"))
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, gilgrade string // the gilgrade on PATH, "" for none
		course         bool
		want           string
	}{
		{"missing", "", true, "not installed"},
		{"crashing", "#!/bin/sh\necho 'panic: \"boom\"\\\\ at\tsomewhere' >&2\nexit 2\n", true, "could not grade"},
		{"not a course", "#!/bin/sh\nexit 2\n", false, "no course workspace"},
		{"working", "#!/bin/sh\nGILGRADE_REEXEC=1 exec " + self + " \"$@\"\n", true, `"tests"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ag := t.TempDir()
			bin := t.TempDir()
			sub := filepath.Join(ag, "submission")
			if tc.course {
				if r := run(t, t.TempDir(), "init", sub); r.code != ExitOK {
					t.Fatal(r.stderr)
				}
			} else {
				os.MkdirAll(sub, 0o755)
			}
			if tc.gilgrade != "" {
				os.WriteFile(filepath.Join(bin, "gilgrade"), []byte(tc.gilgrade), 0o755)
			}
			goBin, _ := exec.LookPath("go")
			cmd := exec.Command("bash", script)
			cmd.Env = []string{"AUTOGRADER=" + ag, "HOME=" + os.Getenv("HOME"),
				"PATH=" + bin + ":" + filepath.Dir(goBin) + ":/usr/bin:/bin"}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("run_autograder: %v\n%s", err, out)
			}
			// The instructor sees the script's output: it shows how grading went.
			if tc.name == "working" && !strings.Contains(string(out), "gilgrade: 0/") {
				t.Errorf("run_autograder's output does not show the score:\n%s", out)
			}
			b, err := os.ReadFile(filepath.Join(ag, "results", "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res map[string]any
			if err := json.Unmarshal(b, &res); err != nil {
				t.Fatalf("results.json is not JSON: %v\n%s", err, b)
			}
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("results.json lacks %q:\n%s", tc.want, b)
			}
		})
	}
}

// TestGradescopeSetupWarms runs the gilgrade commands of setup.sh as written: the
// course they check must be the solved one, whose tests build and pass (an
// unfilled course builds nothing, so it warms nothing), and every command must
// succeed under the script's `set -e`.
func TestGradescopeSetupWarms(t *testing.T) {
	if testing.Short() {
		t.Skip("checks the whole solved course under -race")
	}
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "ci", "gradescope", "setup.sh"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ran := 0
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "cd course":
			dir = filepath.Join(dir, "course")
		case strings.HasPrefix(line, "gilgrade "):
			line, _, _ = strings.Cut(line, ">")
			args := strings.Fields(line)[1:]
			r := run(t, dir, args...)
			if r.code != ExitOK {
				t.Fatalf("%s: exit %d\n%s%s", line, r.code, r.stdout, r.stderr)
			}
			ran++
			if m := regexp.MustCompile(`(\d+) of (\d+) exercises passed`).FindStringSubmatch(r.stdout); args[0] == "check" && (m == nil || m[1] != m[2]) {
				t.Errorf("the warming check did not build and pass every exercise:\n%s", r.stdout)
			}
		}
	}
	if ran != 3 {
		t.Errorf("ran %d gilgrade commands of setup.sh, want init, reset and check", ran)
	}
}

func TestMinorX(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]string{"1.26.8": "1.26.x", "1.26": "1.26.x", "1.26rc1": "1.26.x", "devel": "devel"} {
		if got := minorX(v); got != want {
			t.Errorf("minorX(%q) = %q, want %q", v, got, want)
		}
	}
}
