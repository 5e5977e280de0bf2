package readbeforewait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/readbeforewait"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), readbeforewait.Analyzer, "a"), "read-before-wait")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, readbeforewait.Analyzer)
}
