package cli

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The class workflows are YAML with a sharded grading job and a merge job that
// waits for every shard.
func TestCIClassWorkflowYAML(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import yaml").Run() != nil {
		t.Skip("no python3 with PyYAML to parse YAML")
	}
	type doc = map[string]any
	parse := func(name string) doc {
		out, err := exec.Command(py, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))", name).CombinedOutput()
		if err != nil {
			t.Fatalf("%s is not YAML: %v\n%s", name, err, out)
		}
		var d doc
		if err := json.Unmarshal(out, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	script := func(v any) string { b, _ := json.Marshal(v); return string(b) }

	gh := parse(filepath.Join("testdata", "ci", "github-class", "gilgrade-class.yml"))
	jobs, _ := gh["jobs"].(doc)
	grade, _ := jobs["grade"].(doc)
	merge, _ := jobs["merge"].(doc)
	matrix, _ := grade["strategy"].(doc)["matrix"].(doc)
	shards, _ := matrix["shard"].([]any)
	env, _ := gh["env"].(doc)
	if len(shards) != 4 || env["SHARDS"] != float64(4) {
		t.Errorf("github: matrix %v, SHARDS %v", matrix, env["SHARDS"])
	}
	if merge["needs"] != "grade" || !strings.Contains(script(grade["steps"]), `--shard \"${{ matrix.shard }}/$SHARDS\"`) ||
		!strings.Contains(script(merge["steps"]), "gilgrade grade merge --out gradebook gradebook-*/gradebook.json") {
		t.Errorf("github: grade %v\nmerge %v", grade, merge)
	}

	gl := parse(filepath.Join("testdata", "ci", "gitlab-class", "gilgrade-class.gitlab-ci.yml"))
	glGrade, _ := gl["grade"].(doc)
	glMerge, _ := gl["merge"].(doc)
	if glGrade["parallel"] != float64(4) || !strings.Contains(script(glGrade["script"]), `--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"`) {
		t.Errorf("gitlab: grade %v", glGrade)
	}
	if needs, _ := glMerge["needs"].([]any); len(needs) != 1 || needs[0] != "grade" || glMerge["stage"] != "merge" {
		t.Errorf("gitlab: merge %v", glMerge)
	}
}
