package lockcheck_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/lockcheck"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lockcheck.Analyzer, "a")
}
