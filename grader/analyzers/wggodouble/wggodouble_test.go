package wggodouble_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggodouble"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), wggodouble.Analyzer, "a"), "wg-go-double")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, wggodouble.Analyzer)
}
