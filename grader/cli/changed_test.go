package cli

import (
	"slices"
	"testing"

	"github.com/gilgrade/gilgrade/grader/course"
)

func TestSelectChanged(t *testing.T) {
	t.Parallel()
	c := &course.Course{Exercises: []*course.Exercise{
		{ID: "ex01", Dir: "exercises/ex01_start"}, {ID: "ex02", Dir: "exercises/ex02_mutex"}, {ID: "ex03", Dir: "exercises/ex03_start"},
	}}
	ids := func(s *changedSet) []string {
		var out []string
		for _, ex := range s.exercises {
			out = append(out, ex.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name, prefix string
		files        []string
		want         []string
		quizzes      []string
	}{
		{"one exercise", "", []string{"exercises/ex02_mutex/m.go", ""}, []string{"ex02"}, nil},
		{"course order", "", []string{"exercises/ex03_start/a.go", "exercises/ex01_start/b.go"}, []string{"ex01", "ex03"}, nil},
		{"a folder whose name starts like another", "", []string{"exercises/ex01_start_extra/x.go"}, []string{"ex01", "ex02", "ex03"}, nil},
		{"shared file", "", []string{"exercises/go.mod"}, []string{"ex01", "ex02", "ex03"}, nil},
		{"outside the exercises", "", []string{"README.md", "quizzes/gil.toml", ".github/workflows/x.yml"}, nil, nil},
		{"answers", "", []string{"answers/gil.toml", "answers/notes.txt", "answers/deep/x.toml"}, nil, []string{"gil"}},
		{"prefix", "courses/go", []string{"courses/go/exercises/ex02_mutex/m.go", "exercises/ex01_start/a.go", "courses/go2/exercises/ex03_start/a.go"}, []string{"ex02"}, nil},
	} {
		s := selectChanged(c, "main", tc.prefix, tc.files)
		if got := ids(s); !slices.Equal(got, tc.want) {
			t.Errorf("%s: exercises %v, want %v", tc.name, got, tc.want)
		}
		var qs []string
		for q := range s.quizzes {
			qs = append(qs, q)
		}
		if !slices.Equal(qs, tc.quizzes) {
			t.Errorf("%s: quizzes %v, want %v", tc.name, qs, tc.quizzes)
		}
	}
}
