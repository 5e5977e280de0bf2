package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The class workflows are YAML with a sharded grading job and a merge job that
// waits for every shard.
func TestCIClassWorkflowYAML(t *testing.T) {
	t.Parallel()
	type doc = yamlDoc
	parse := func(name string) doc { return parseYAML(t, name) }
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
