package copylock_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/copylock"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), copylock.Analyzer, "a")
}
