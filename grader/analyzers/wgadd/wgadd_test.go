package wgadd_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/wgadd"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), wgadd.Analyzer, "a"), "wg-add-in-goroutine")
}
