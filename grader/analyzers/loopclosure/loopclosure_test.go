package loopclosure_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/loopclosure"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), loopclosure.Analyzer, "a", "b"), "loop-var-capture")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, loopclosure.Analyzer)
}
