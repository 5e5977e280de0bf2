package quiz

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validAnswers = `quiz = "demo"

[answers]
pick = "a"
many = ["a", "c"]
word = "start()"
num = 3.5
range = 9
steps = ["add", "go", "wait", "done"]
tr = { outcome = "prints", output = "hi" }
`

func TestParseAnswers(t *testing.T) {
	qz := mustParse(t, valid)
	a, err := ParseAnswers("answers.toml", []byte(validAnswers), qz)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Answers) != 7 || a.Quiz != "demo" {
		t.Fatalf("got %d answers to %q", len(a.Answers), a.Quiz)
	}
	if got := a.Answers["num"].Number; got != 3.5 {
		t.Errorf("num = %g", got)
	}
	if got := a.Answers["range"].Number; got != 9 {
		t.Errorf("range (an integer in TOML) = %g", got)
	}
	r := Grade(qz, a)
	// pick 1, many 0 (1/2 - 1/2), word 1, num 1, range 1, steps 1/3, tr 1
	if !near(r.Score, 5+1.0/3) {
		t.Errorf("score %g", r.Score)
	}
}

func TestParseAnswersEmptyMeansUnanswered(t *testing.T) {
	qz := mustParse(t, valid)
	src := "quiz = \"demo\"\n[answers]\npick = \"\"\nmany = []\nsteps = []\ntr = { outcome = \"\", output = \"\" }\nnum = \"\"\n"
	a, err := ParseAnswers("a.toml", []byte(src), qz)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Answers) != 0 {
		t.Errorf("got answers %v, want none", a.Answers)
	}
}

func TestParseAnswersErrors(t *testing.T) {
	qz := mustParse(t, valid)
	for _, tc := range []struct{ src, want string }{
		{"quiz = \"demo\"\n[answers]\npick = \n", `a.toml:3: not valid TOML`},
		{"[answers]\npick = \"a\"\n", `a.toml:1: missing quiz id: add quiz = "demo"`},
		{"quiz = \"other\"\n", `a.toml:1: these are answers to quiz "other", not "demo"`},
		{"quiz = \"demo\"\nlearner = \"x\"\n", `a.toml:2: unknown key "learner"`},
		{"quiz = \"demo\"\nanswers = 3\n", `a.toml:2: answers must be a table`},
		{"quiz = \"demo\"\n[answers]\npik = \"a\"\n", `a.toml:3: no question "pik" in quiz "demo": did you mean "pick"?`},
		{"quiz = \"demo\"\n[answers]\npick = \"z\"\n", `a.toml:3: answer to "pick": no option "z": the options are "a", "b", "none"`},
		{"quiz = \"demo\"\n[answers]\npick = 1\n", `a.toml:3: answer to "pick": write an option id in quotes`},
		{"quiz = \"demo\"\n[answers]\npick = [\"a\", \"b\"]\n", `a.toml:3: answer to "pick": this question has one right option`},
		{"quiz = \"demo\"\n[answers]\nmany = [\"a\", \"a\"]\n", `a.toml:3: answer to "many": option "a" is listed twice`},
		{"quiz = \"demo\"\n[answers]\nword = 3\n", `a.toml:3: answer to "word": write the answer as a string`},
		{"quiz = \"demo\"\n[answers]\nnum = \"3.5\"\n", `a.toml:3: answer to "num": write the number without quotes`},
		{"quiz = \"demo\"\n[answers]\nnum = nan\n", `a.toml:3: answer to "num": write a finite number`},
		{"quiz = \"demo\"\n[answers]\nsteps = [\"add\", \"go\"]\n", `a.toml:3: answer to "steps": list every step once; missing "done", "wait"`},
		{"quiz = \"demo\"\n[answers]\nsteps = [\"add\", \"go\", \"go\", \"wait\"]\n", `answer to "steps": step "go" is listed twice`},
		{"quiz = \"demo\"\n[answers]\nsteps = [\"add\", \"run\", \"done\", \"wait\"]\n", `answer to "steps": no step "run"`},
		{"quiz = \"demo\"\n[answers]\nsteps = \"add\"\n", `a.toml:3: answer to "steps": write every step id in order`},
		{"quiz = \"demo\"\n[answers]\ntr = \"hangs\"\n", `a.toml:3: answer to "tr": unknown outcome "hangs"`},
		{"quiz = \"demo\"\n[answers]\ntr = { outcome = \"deadlock\", output = \"x\" }\n", `answer to "tr": output is only for outcome = "prints"`},
		{"quiz = \"demo\"\n[answers]\ntr = { result = \"deadlock\" }\n", `a.toml:3: answer to "tr": unknown key "result"`},
		{"quiz = \"demo\"\n[answers]\ntr = { output = \"hi\" }\n", `answer to "tr": output without an outcome`},
	} {
		_, err := ParseAnswers("a.toml", []byte(tc.src), qz)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseAnswers(%q):\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
}

func TestTemplateParsesBackEmpty(t *testing.T) {
	qz := mustParse(t, valid)
	var b bytes.Buffer
	if err := WriteTemplate(&b, qz); err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswers("template.toml", b.Bytes(), qz)
	if err != nil {
		t.Fatalf("template does not parse back: %v\n%s", err, b.String())
	}
	if len(a.Answers) != 0 {
		t.Errorf("template has answers: %v", a.Answers)
	}
	for _, q := range qz.Questions {
		if !strings.Contains(b.String(), "\n"+q.ID+" = ") {
			t.Errorf("template lacks question %q", q.ID)
		}
	}
	for _, want := range []string{"#   none     None of these", "#   wait     Wait", "outcome is prints, deadlock"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("template lacks %q:\n%s", want, b.String())
		}
	}
}

// The sample answers files committed for the course quizzes grade as expected.
func TestSampleAnswers(t *testing.T) {
	for _, tc := range []struct {
		quiz, file string
		score      float64
	}{
		{"gil.toml", "gil_answers.toml", 10},
		{"goroutines.toml", "goroutines_answers.toml", 18},
		{"goroutines.toml", "goroutines_partial_answers.toml", 9.5},
	} {
		qz, err := Load(filepath.Join(quizzesDir, tc.quiz))
		if err != nil {
			t.Fatal(err)
		}
		a, err := LoadAnswers(filepath.Join("testdata", tc.file), qz)
		if err != nil {
			t.Fatal(err)
		}
		if r := Grade(qz, a); !near(r.Score, tc.score) {
			t.Errorf("%s: score %g, want %g", tc.file, r.Score, tc.score)
		}
	}
}

func TestTemplateOfCourseQuizzes(t *testing.T) {
	qs, err := LoadDir(quizzesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, qz := range qs {
		var b bytes.Buffer
		if err := WriteTemplate(&b, qz); err != nil {
			t.Fatal(err)
		}
		if _, err := ParseAnswers(qz.ID+".toml", b.Bytes(), qz); err != nil {
			t.Errorf("%s template: %v", qz.ID, err)
		}
	}
}

func TestLoadAnswersBounded(t *testing.T) {
	qz := &Quiz{ID: "gil"}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# padding\n"), MaxAnswersSize/10+1), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.toml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	for name, want := range map[string]string{big: "larger than", link: "not a regular file", dir: "not a regular file"} {
		_, err := LoadAnswers(name, qz)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadAnswers(%s) = %v, want an error saying %q", name, err, want)
		}
	}
}
