package wggo_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggo"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), wggo.Analyzer, "a"), "use-wg-go")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, wggo.Analyzer)
}
