package unclosedjobs_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
	"github.com/gilgrade/gilgrade/grader/analyzers/unclosedjobs"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), unclosedjobs.Analyzer, "a"), "unclosed-jobs")
}

func TestDoc(t *testing.T) {
	analyzertest.Doc(t, unclosedjobs.Analyzer)
}
