package lockcheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/lockcheck"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), lockcheck.Analyzer, "a", "reentry", "caller"), "missing-unlock", "defer-lock", "empty-critical-section", "double-lock")
}
