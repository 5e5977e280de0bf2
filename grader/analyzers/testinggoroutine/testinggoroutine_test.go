package testinggoroutine_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/testinggoroutine"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), testinggoroutine.Analyzer, "a")
}
