package lostcancel_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/lostcancel"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), lostcancel.Analyzer, "a")
}
