package quiz

import "github.com/gilgrade/gilgrade/grader/report"

// Progress is where a learner's quiz results are kept between runs; the CLI
// provides it. Only the best result of each quiz matters to the course total.
type Progress interface {
	// BestQuiz returns the learner's best result for the quiz, ok false if none.
	BestQuiz(id string) (best report.Quiz, ok bool, err error)
	// RecordQuiz stores a result; a store keeps it only if it beats the best.
	RecordQuiz(r report.Quiz) error
}
