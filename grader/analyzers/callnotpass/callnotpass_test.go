package callnotpass_test

import (
	"testing"

	"github.com/gilgrade/gilgrade/grader/analyzers/callnotpass"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), callnotpass.Analyzer, "a")
}
