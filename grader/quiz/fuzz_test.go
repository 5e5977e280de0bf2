package quiz

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// maxFuzzQuiz bounds the quiz files the fuzz targets read. The fuzzer
// minimises every input that finds new code by trying to cut out each range of
// it, so an input of n bytes costs about n²/2 runs: a real quiz file of 14 KB
// kept both workers minimising for the whole run and nothing else was tried.
// Each question type fits in a few hundred bytes; the shipped quizzes are
// parsed, templated and graded whole by this package's unit tests.
const maxFuzzQuiz = 1 << 10

// questionSeeds cuts valid into quizzes of one question each, so that every
// type of question is a seed of its own, small enough to minimise quickly.
func questionSeeds(f *testing.F) [][]byte {
	head, rest, _ := strings.Cut(valid, "[[questions]]")
	head = strings.Replace(head, "pass_mark = 3", "pass_mark = 1", 1)
	var seeds [][]byte
	for _, q := range strings.Split(rest, "[[questions]]") {
		src := []byte(head + "[[questions]]" + q)
		if _, err := Parse("seed.toml", src); err != nil || len(src) > maxFuzzQuiz {
			f.Fatalf("seed of %d bytes does not parse: %v\n%s", len(src), err, src)
		}
		seeds = append(seeds, src)
	}
	return seeds
}

// FuzzParse: no quiz file makes the parser, the template or grading panic, and a
// quiz that parses has a template that parses back.
func FuzzParse(f *testing.F) {
	for _, seed := range questionSeeds(f) {
		f.Add(seed)
	}
	f.Add([]byte("[[questions]]\n[[questions.options]]\n[[questions]]\n[[questions.steps]]\nid = 1\n"))
	f.Add([]byte("questions = [{id = \"q\", type = \"choice\", options = [{id = \"a\"}]}]\n"))
	f.Add([]byte("id = \"x\"\n[[questions]]\ntype = \"short\"\npatterns = ['(', '\\p{']\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzQuiz {
			return
		}
		qz, err := Parse("f.toml", src)
		if err != nil {
			if qz != nil {
				t.Fatal("a quiz with an error")
			}
			if !strings.HasPrefix(err.Error(), "f.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := WriteTemplate(&b, qz); err != nil {
			t.Fatal(err)
		}
		a, err := ParseAnswers("t.toml", b.Bytes(), qz)
		if err != nil {
			t.Fatalf("template does not parse back: %v\n%s", err, b.String())
		}
		Grade(qz, a)
		Run(qz, strings.NewReader("1\n1 2\nx\n1\n\n"), io.Discard, SessionOptions{})
		// Its student's copy parses as one, with the same questions.
		pub, err := qz.Public()
		if err != nil {
			t.Fatal(err)
		}
		pq, err := ParsePublic("p.toml", pub)
		if err != nil || pq.HasKeys() || len(pq.Questions) != len(qz.Questions) {
			t.Fatalf("the student's copy does not parse back: %v\n%s", err, pub)
		}
	})
}

// FuzzParsePublic: no file in a student's workspace makes the lenient parser or
// the template panic.
func FuzzParsePublic(f *testing.F) {
	for _, seed := range questionSeeds(f) {
		f.Add(seed)
	}
	f.Add([]byte("id = \"q\"\ntitle = \"Q\"\npass_mark = 1\npublic = true\n[[questions]]\nid = \"a\"\ntype = \"order\"\nprompt = \"?\"\n[[questions.steps]]\nid = \"x\"\ntext = \"X\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzQuiz {
			return
		}
		qz, err := ParsePublic("f.toml", src)
		if err != nil {
			if qz != nil || !strings.HasPrefix(err.Error(), "f.toml") {
				t.Fatalf("quiz %v with error %v", qz, err)
			}
			return
		}
		var b bytes.Buffer
		if err := WriteTemplate(&b, qz); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParseAnswers: no answers file makes the answers parser or grading panic.
func FuzzParseAnswers(f *testing.F) {
	f.Add([]byte(validAnswers))
	f.Add([]byte("quiz = \"demo\"\n[answers]\ntr = { outcome = 3 }\nsteps = [1, \"go\"]\n"))
	f.Add([]byte("quiz = \"demo\"\nanswers = [\"a\"]\n"))
	f.Add([]byte("quiz = 1\n[answers.pick]\nx = 1\n"))
	qz, err := Parse("demo.toml", []byte(valid))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzQuiz {
			return
		}
		a, err := ParseAnswers("a.toml", src, qz)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "a.toml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		r := Grade(qz, a)
		if r.Score < 0 || r.Score > r.Max+1e-9 {
			t.Fatalf("score %g of %g", r.Score, r.Max)
		}
	})
}

// FuzzSession: no input makes a session panic or loop, and the score stays in range.
func FuzzSession(f *testing.F) {
	f.Add("x\n9\n2\n1 1\n3,1\n\nT.Start()\nthree\n3.55\n10\n1 2 3\n4 2 1 3\n7\n1\nhi\n\n")
	f.Add("1\n")
	f.Add("\r\n\r\n-1\n0\n1,2,3,4,5\n")
	qz, err := Parse("demo.toml", []byte(valid))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := Run(qz, strings.NewReader(in), io.Discard, SessionOptions{Learner: in})
		if err != nil {
			t.Fatal(err)
		}
		if r.Score < 0 || r.Score > r.Max+1e-9 || len(r.Questions) != len(qz.Questions) {
			t.Fatalf("score %g of %g, %d results", r.Score, r.Max, len(r.Questions))
		}
	})
}
