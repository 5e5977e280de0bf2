package callnotpass_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/gilgrade/gilgrade/grader/analyzers/callnotpass"
	"github.com/gilgrade/gilgrade/grader/analyzers/internal/analyzertest"
)

func TestAnalyzer(t *testing.T) {
	analyzertest.Messages(t, analysistest.Run(t, analysistest.TestData(), callnotpass.Analyzer, "a"), "call-not-pass")
}
