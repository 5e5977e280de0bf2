package unsyncshared_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/unsyncshared"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), unsyncshared.Analyzer, "a", "old"), "unsync-shared")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, unsyncshared.Analyzer)
}
