package classroom

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var testCourse = &course.Course{ID: "demo", Exercises: []*course.Exercise{
	{ID: "ex01", Dir: "exercises/ex01_a", Points: 1, Files: []string{"a.go"}},
	{ID: "ex02", Dir: "exercises/ex02_b", Points: 2, Files: []string{"a.go"}},
}}

// writeWorkspace writes a tiny course workspace whose exercise files hold fills.
func writeWorkspace(t *testing.T, dir string, fills ...string) {
	t.Helper()
	files := map[string]string{"exercises/course.toml": "id = \"demo\"\n", "exercises/go.mod": "module x\n"}
	for i, e := range testCourse.Exercises {
		files[e.Dir+"/a.go"] = fills[i]
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fakeGrader passes an exercise whose file says "ok", counts its calls, and fails
// to grade a workspace whose first file says "crash".
type fakeGrader struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeGrader) grade(_ context.Context, _, root string, ids []string) (*report.Report, error) {
	if len(ids) == 0 {
		return nil, errors.New("no exercise named")
	}
	rep := report.New()
	for _, id := range ids {
		var e *course.Exercise
		for _, x := range testCourse.Exercises {
			if x.ID == id {
				e = x
			}
		}
		b, _ := os.ReadFile(filepath.Join(root, e.Dir, "a.go"))
		if string(b) == "crash" {
			return nil, errors.New("the grader crashed")
		}
		f.mu.Lock()
		f.calls = append(f.calls, filepath.Base(root)+"/"+id)
		f.mu.Unlock()
		ex := report.Exercise{ID: id, MaxScore: e.Points, Status: report.Failed, RaceChecked: true}
		switch string(b) {
		case "ok", "package p // ok", "package p\n\n// ok, with another comment\n":
			ex.Status, ex.Score = report.Passed, e.Points
		case "grader-error":
			ex.Status = report.Error
		}
		rep.Exercises = append(rep.Exercises, ex)
	}
	rep.Total()
	return rep, nil
}

func TestGradeBatch(t *testing.T) {
	class := t.TempDir()
	writeWorkspace(t, filepath.Join(class, "ann"), "ok", "ok")
	writeWorkspace(t, filepath.Join(class, "ben"), "ok", "no")
	writeWorkspace(t, filepath.Join(class, "cid"), "ok", "ok") // same as ann
	writeWorkspace(t, filepath.Join(class, "dot", "course"), "crash", "ok")
	os.MkdirAll(filepath.Join(class, "eve"), 0o755)
	var srcs []string
	for _, id := range []string{"eve", "dot", "cid", "ben", "ann", "nobody"} {
		srcs = append(srcs, filepath.Join(class, id))
	}
	fg := &fakeGrader{}
	var progress []int
	results := Grade(context.Background(), IDs(srcs), Options{Course: testCourse, Grade: fg.grade, Jobs: 2, Dedupe: true, Race: true,
		Progress: func(done, total int) { progress = append(progress, done) }})

	slices.Sort(fg.calls)
	// ann grades both exercises; ben only his ex02; cid nothing; dot crashes.
	if want := []string{"0/ex01", "0/ex02", "1/ex02"}; !slices.Equal(fg.calls, want) {
		t.Errorf("graded %v, want %v", fg.calls, want)
	}
	if len(progress) != 6 || progress[5] != 6 {
		t.Errorf("progress %v", progress)
	}
	book := NewGradebook(testCourse, nil, results)
	var csv, js bytes.Buffer
	if err := book.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if err := book.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(csv.String(), class, "CLASS")
	golden := filepath.Join("testdata", "gradebook.csv")
	if *update {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("gradebook.csv differs from %s (-update rewrites it):\n%s", golden, out)
	}
	if !strings.Contains(js.String(), `"reused": {`) || !strings.Contains(js.String(), `"ex01": "ann"`) {
		t.Errorf("gradebook.json does not say what was reused:\n%s", js.String())
	}
}

func TestShard(t *testing.T) {
	subs := IDs([]string{"e", "d", "c", "b", "a", "x/a"})
	var all []string
	for i := 1; i <= 3; i++ {
		for _, s := range Shard(subs, i, 3) {
			all = append(all, s.ID)
		}
	}
	if want := []string{"a", "c", "a-2", "d", "b", "e"}; !slices.Equal(all, want) {
		t.Errorf("shards %v, want %v", all, want)
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/0"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

func TestCleanEnv(t *testing.T) {
	env := CleanEnv([]string{"PATH=/bin", "HOME=/h", "GOCACHE=/c", "GITHUB_TOKEN=x", "AWS_SECRET_ACCESS_KEY=y",
		"MY_API_KEY=z", "SSH_AUTH_SOCK=/s", "RANDOM=1", "LC_ALL=C", "GOOGLE_APPLICATION_CREDENTIALS=/k", "DB_PASSWORD=p", "GOPROXY=https://proxy"})
	got := strings.Join(env, " ")
	for _, keep := range []string{"PATH=/bin", "HOME=/h", "GOCACHE=/c", "LC_ALL=C", "GOPROXY=off"} {
		if !slices.Contains(env, keep) {
			t.Errorf("dropped %s: %s", keep, got)
		}
	}
	for _, drop := range []string{"TOKEN", "SECRET", "API_KEY", "SSH_AUTH", "RANDOM", "GOOGLE", "PASSWORD"} {
		if strings.Contains(got, drop) {
			t.Errorf("kept %s: %s", drop, got)
		}
	}
}
