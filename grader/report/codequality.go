package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/safetext"
)

// codeQualityIssue is one entry of GitLab's Code Quality report, the subset of
// the Code Climate issue format GitLab reads: it shows each issue in the merge
// request's widget and, when its path is in the diff, inline at its line.
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"` // info | minor | major | critical | blocker
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// codeQualitySeverity maps a diagnosis to GitLab's scale: a mistake that fails
// the exercise is major (GitLab keeps critical and blocker for worse than a
// failed exercise), advice is minor, a note is info.
func codeQualitySeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "major"
	case diag.Warning:
		return "minor"
	}
	return "info"
}

// WriteCodeQuality writes GitLab's Code Quality report: a JSON array with an
// issue for every diagnosis, at the learner's file and line, and one for each
// exercise that failed with no diagnosis to explain it. prefix is the course
// root's path inside the repository, as for WriteGitHub: GitLab places issues by
// their path from the repository's root. The same problem keeps the same
// fingerprint from one pipeline to the next, so the merge request's widget can
// tell new problems from fixed ones.
func WriteCodeQuality(w io.Writer, r *Report, prefix string) error {
	issues := []codeQualityIssue{}
	seen := map[string]int{}
	add := func(check, desc, severity, file string, line int) {
		path := prPath(prefix, file)
		// The line is left out of the fingerprint: an edit above a mistake moves
		// it without making it a new one. Repeats of the same text in the same
		// file are told apart by their order.
		key := path + "\x00" + check + "\x00" + desc
		seen[key]++
		h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, seen[key])))
		issues = append(issues, codeQualityIssue{Description: desc, CheckName: "gilgrade/" + check,
			Fingerprint: hex.EncodeToString(h[:16]), Severity: severity,
			Location: codeQualityLocation{Path: path, Lines: codeQualityLines{Begin: max(line, 1)}}})
	}
	for i := range r.Exercises {
		ex := &r.Exercises[i]
		for _, d := range ex.Diagnostics {
			file, line := d.File, d.Line
			if file == "" {
				file, line = exerciseFile(ex), 0
			}
			add(codeQualityName(d.Code), codeQualityDescription(ex, d), codeQualitySeverity(d.Severity), file, line)
		}
		if (ex.Status == Failed || ex.Status == Error) && !diag.HasError(ex.Diagnostics) {
			a := testsAnnotation(ex)
			add(codeQualityName(a.code), safetext.Line(cutLine(a.title, 300)), "major", exerciseFile(ex), 0) // the title names the exercise
		}
	}
	return encodeJSON(w, issues, "  ")
}

// codeQualityDescription is one line: the exercise, the message and the hint.
// GitLab shows it as text; control characters are made visible all the same.
func codeQualityDescription(ex *Exercise, d diag.Diagnostic) string {
	s := ex.ID + ": " + cutLine(d.Message, 500)
	if d.Hint != "" {
		s += " → " + cutLine(d.Hint, 300)
	}
	return safetext.Line(s)
}

// codeQualityName keeps a check name to the characters of gilgrade's codes.
func codeQualityName(code string) string {
	if code == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, cutLine(code, 60))
}
