package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestClassroomOutputDecodes(t *testing.T) {
	r := sampleReport()
	line, err := ClassroomOutput(r)
	if err != nil {
		t.Fatal(err)
	}
	enc, ok := strings.CutPrefix(line, "result=")
	if !ok || !strings.HasSuffix(enc, "\n") || strings.Count(line, "\n") != 1 {
		t.Fatalf("not one result= line: %q", line)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(enc, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	// The line carries the same compact JSON the format writes.
	if want := bytes.TrimSuffix(render(t, r, "classroom", Options{}), []byte("\n")); !bytes.Equal(raw, want) {
		t.Errorf("decoded result differs from the classroom format:\n%s\n%s", raw, want)
	}
	if bytes.Contains(raw, []byte("\n")) {
		t.Error("the JSON is not compact")
	}
}

// TestClassroomReporterSums checks what the autograding reporter computes from
// the result: the sum of the tests' scores and the runner's max_score.
func TestClassroomReporterSums(t *testing.T) {
	var res struct {
		Version  int              `json:"version"`
		Status   string           `json:"status"`
		MaxScore float64          `json:"max_score"`
		Tests    []map[string]any `json:"tests"`
	}
	r := sampleReport()
	if err := json.Unmarshal(render(t, r, "classroom", Options{}), &res); err != nil {
		t.Fatal(err)
	}
	if res.Version != 1 || res.Status != "error" || res.MaxScore != r.MaxScore {
		t.Errorf("version %d status %q max_score %v", res.Version, res.Status, res.MaxScore)
	}
	var sum float64
	passedTests := 0
	keys := "duration filename line_no message name score status test_code"
	for _, tt := range res.Tests {
		sum += tt["score"].(float64)
		if tt["status"] == "pass" {
			passedTests++
		}
		var ks []string
		for k := range tt {
			ks = append(ks, k)
		}
		if got := strings.Join(slices.Sorted(slices.Values(ks)), " "); got != keys {
			t.Errorf("test keys %q, want %q", got, keys)
		}
		switch tt["status"] {
		case "pass", "fail", "error":
		default:
			t.Errorf("test status %q", tt["status"])
		}
	}
	// What Classroom records (notify-classroom.js): the sum of the scores.
	if sum != r.Score {
		t.Errorf("scores sum to %v, the report to %v", sum, r.Score)
	}
	// What the reporter's console shows (getTestScore in test-helpers.js of
	// autograding-grading-reporter v1): passed tests ÷ tests × max_score.
	if console := float64(passedTests) / float64(len(res.Tests)) * res.MaxScore; math.Abs(console-r.Score) > 1e-9 {
		t.Errorf("the reporter's console shows %v/%v, Classroom records %v", console, res.MaxScore, sum)
	}
	var ex02 map[string]any
	for _, tt := range res.Tests {
		if tt["name"] == "ex02: Append under a mutex (part 1 of 4)" {
			ex02 = tt
		}
	}
	if ex02 == nil || ex02["filename"] != "exercises/ex02_mutex_append/append.go" || ex02["line_no"] != 17.0 || ex02["duration"] != 1480.0 ||
		!strings.Contains(ex02["message"].(string), "[lock-not-held]") {
		t.Errorf("ex02 test: %v", ex02)
	}
}

// reporter computes what autograding-grading-reporter v1 prints and records
// for one runner's result, with the same IEEE doubles JavaScript uses: the
// console's "Total points for gilgrade: X/Y" (score.toFixed(2), where score is
// passed ÷ tests × max_score, getTestScore in src/helpers/test-helpers.js), its
// summary table's `${score}`, and the "Points X/Y" notice Classroom records
// (src/notify-classroom.js: the tests' scores added in order).
func reporter(res classroomResult) (console, table, recorded string) {
	passed := 0
	var sum float64
	for _, tt := range res.Tests {
		if tt.Status == "pass" {
			passed++
		}
		sum += tt.Score
	}
	score := float64(passed) / float64(len(res.Tests)) * res.MaxScore
	return jsToFixed2(score), jsString(score), jsString(sum)
}

// jsString is JavaScript's Number to String for the numbers a grade takes
// (1e-6 to 1e21): the shortest digits that read back as the same double.
func jsString(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// jsToFixed2 is JavaScript's x.toFixed(2) for x ≥ 0: the exact value of the
// double, rounded half up to two decimals (Go's %.2f rounds half to even).
func jsToFixed2(f float64) string {
	r := new(big.Rat).SetFloat64(f)
	r.Mul(r, big.NewRat(100, 1)).Add(r, big.NewRat(1, 2))
	n := new(big.Int).Quo(r.Num(), r.Denom())
	return new(big.Rat).SetFrac(n, big.NewInt(100)).FloatString(2)
}

// TestJSNumbers holds the JavaScript models to values node prints.
func TestJSNumbers(t *testing.T) {
	one, tenth, fortyNine := 1.0, 0.1, 49.0 // variables: Go folds constant arithmetic exactly
	for f, want := range map[float64][2]string{
		5.25: {"5.25", "5.25"}, 4: {"4.00", "4"}, 1.875: {"1.88", "1.875"}, 0.125: {"0.13", "0.125"},
		one / fortyNine * fortyNine: {"1.00", "0.9999999999999999"}, tenth + 2*tenth: {"0.30", "0.30000000000000004"}, 2.675: {"2.67", "2.675"},
	} {
		if got := [2]string{jsToFixed2(f), jsString(f)}; got != want {
			t.Errorf("%v: toFixed(2), String = %q, want %q", f, got, want)
		}
	}
}

// agree fails unless the reporter's console and Classroom's record show the
// same points: the console's two decimals are the recorded number itself, the
// summary table differs from it by no more than the reporter's own division
// rounds (7.5 of 11 points shows as 7.499999999999999 there, whatever the
// split), the maximum is the report's, and the record is the report's score
// when every score is whole units, and never more than it. A course whose
// maximum is not whole quarters (a question worth a third of a point) has a
// max_score the console's two decimals cannot show: there the console rounds
// the record.
func agree(t *testing.T, r *Report, res classroomResult, exact bool) bool {
	t.Helper()
	console, table, recorded := reporter(res)
	rec, _ := strconv.ParseFloat(recorded, 64)
	tab, _ := strconv.ParseFloat(table, 64)
	shown := console == jsToFixed2(rec)
	if whole(r.MaxScore * 4) {
		shown = shown && jsString(rec) == strings.TrimRight(strings.TrimRight(console, "0"), ".")
	}
	switch {
	case !shown:
		t.Errorf("the console shows %s, Classroom records %s", console, recorded)
	case math.Abs(tab-rec) > 1e-12*max(1, rec):
		t.Errorf("the summary table shows %s, Classroom records %s", table, recorded)
	case res.MaxScore != r.MaxScore:
		t.Errorf("max_score %v, the report's %v", res.MaxScore, r.MaxScore)
	case exact && rec != r.Score || rec > r.Score+1e-9:
		t.Errorf("Classroom records %s, the report has %v", recorded, r.Score)
	default:
		return true
	}
	return false
}

func weighted(maxes, scores []float64) *Report {
	r := New()
	for i, max := range maxes {
		st := Failed
		if scores[i] >= max {
			st = Passed
		}
		r.Exercises = append(r.Exercises, Exercise{ID: fmt.Sprintf("ex%02d", i+1), Status: st, MaxScore: max, Score: scores[i]})
	}
	r.Total()
	return r
}

// TestClassroomArithmetic: whatever the weights and partial scores, the
// reporter's console and Classroom's record agree with each other and with the
// report; partial credit finer than a quarter point is rounded down and said.
func TestClassroomArithmetic(t *testing.T) {
	for _, c := range []struct {
		maxes, scores []float64
		exact         bool
	}{
		{[]float64{1, 3, 2, 1}, []float64{1, 0, 2, 0}, true},
		{[]float64{3, 3, 3}, []float64{3, 1.5, 0}, true},
		{[]float64{10, 2}, []float64{4.25, 2}, true},
		{[]float64{1}, []float64{0}, true},
		{[]float64{2, 3, 1, 10, 5}, []float64{2, 0, 0, 4.5, 1.25}, true}, // the course: 21 points, a quiz in halves
		{[]float64{11}, []float64{7.5}, true},                            // 7.5/11 rounds in the reporter's division
		{[]float64{3, 10}, []float64{1, 10.0 / 3}, false},                // a third of a point
		{[]float64{10, 10}, []float64{4.3, 0.1}, false},                  // tenths: 0.1+0.2 is not 0.3 in binary
		{[]float64{1.0 / 3, 2}, []float64{1.0 / 3, 1}, false},            // a maximum that is not whole quarters
		{[]float64{100, 50}, []float64{20.5, 33}, true},                  // halves: quarters would be too many tests
		{[]float64{500}, []float64{250.75}, false},                       // whole points only
	} {
		r := weighted(c.maxes, c.scores)
		res := classroom(r)
		if !agree(t, r, res, c.exact) {
			t.Errorf("maxima %v, scores %v", c.maxes, c.scores)
		}
		if len(res.Tests) > classroomMaxTests && r.MaxScore <= classroomMaxTests {
			t.Errorf("%v: %d tests", c.maxes, len(res.Tests))
		}
		if !c.exact && !strings.Contains(res.Tests[0].Message+res.Tests[len(res.Tests)-1].Message, "GitHub Classroom counts points in") &&
			!slices.ContainsFunc(res.Tests, func(tt classroomTest) bool { return strings.HasPrefix(tt.Message, "GitHub Classroom counts points in") }) {
			t.Errorf("%v of %v: rounded without saying so", c.scores, c.maxes)
		}
	}
	// Many fractions: maxima of whole, half and quarter points, scores that
	// are any fraction of them.
	rng := rand.New(rand.NewPCG(15, 2026))
	for range 500 {
		n := 1 + rng.IntN(8)
		maxes, scores := make([]float64, n), make([]float64, n)
		exact := true
		for i := range n {
			maxes[i] = float64(1+rng.IntN(40)) / float64([]int{1, 2, 4}[rng.IntN(3)])
			switch rng.IntN(4) {
			case 0:
				scores[i] = maxes[i]
			case 1:
				scores[i] = 0
			case 2:
				scores[i] = maxes[i] * float64(rng.IntN(7)) / 6
				exact = false
			default:
				scores[i] = maxes[i] * rng.Float64()
				exact = false
			}
		}
		r := weighted(maxes, scores)
		if !agree(t, r, classroom(r), exact && whole(r.Score*4)) {
			t.Fatalf("maxima %v, scores %v", maxes, scores)
		}
	}
}

func TestClassroomStatus(t *testing.T) {
	for s, want := range map[Status]string{Passed: "pass", Failed: "fail", Unfilled: "fail", Error: "error"} {
		if got := classroomStatus(s); got != want {
			t.Errorf("classroomStatus(%s) = %s, want %s", s, got, want)
		}
	}
}

func TestClassroomMessageCapped(t *testing.T) {
	r := New()
	r.Exercises = []Exercise{failed("ex01", strings.Repeat("a", 3*classroomMessageMax))}
	r.Total()
	c := classroom(r)
	if n := len([]rune(c.Tests[0].Message)); n > classroomMessageMax {
		t.Errorf("message has %d characters", n)
	}
}
