package wgadd_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/wgadd"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), wgadd.Analyzer, "a")
}
