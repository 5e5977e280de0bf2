package waitinloop_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/waitinloop"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), waitinloop.Analyzer, "a"), "sequential")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, waitinloop.Analyzer)
}
