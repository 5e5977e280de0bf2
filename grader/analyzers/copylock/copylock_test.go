package copylock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/copylock"
	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), copylock.Analyzer, "a"), "wg-by-value", "mutex-by-value")
}
