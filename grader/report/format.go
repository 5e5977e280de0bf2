package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Format names a report format, as given to --format.
type Format string

const (
	FormatText       Format = "text"
	FormatJSON       Format = "json"
	FormatGitHub     Format = "github"
	FormatClassroom  Format = "classroom"
	FormatJUnit      Format = "junit"
	FormatGradescope Format = "gradescope"
	FormatExercism   Format = "exercism"
	// FormatPRComment is the Markdown of a pull request comment.
	FormatPRComment Format = "pr-comment"
	// FormatCodeQuality is GitLab's Code Quality JSON.
	FormatCodeQuality Format = "codequality"
)

// Formats lists every format in the order the help text shows them.
func Formats() []Format {
	return []Format{FormatText, FormatJSON, FormatGitHub, FormatClassroom, FormatJUnit, FormatGradescope, FormatExercism, FormatPRComment, FormatCodeQuality}
}

// ParseFormat checks a format name, so the CLI can refuse a bad --format before
// grading anything.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown report format %q: use one of %s", name, strings.Join(names, ", "))
}

// Options shape the reports. The zero value gives the default of every format.
type Options struct {
	// Text shapes the text report; a zero Style means no color.
	Text TextOptions
	// Summary, when not nil, receives the Markdown job summary of the github
	// format; the CLI points it at $GITHUB_STEP_SUMMARY, opened for appending.
	Summary io.Writer
	// GitHubPrefix is the course root's path inside the repository,
	// slash-separated, for a course that is not at the repository's root: GitHub
	// places annotations by their path from there. "" when they are the same.
	// The pr-comment and codequality formats take it too, since a pull request's
	// diff and GitLab's merge request name files from the repository's root.
	GitHubPrefix string
	// Timestamp stamps the JUnit suites. The zero time leaves the stamp out, so
	// that the same report always gives the same bytes.
	Timestamp time.Time
	// Visibility of the Gradescope results: visible (the default), hidden,
	// after_due_date or after_published.
	Visibility string
	// TestCode, when not nil, returns the code of an exercise's tests: Exercism
	// shows it to the learner as the test that ran.
	TestCode func(*Exercise) string
}

// Write writes the report in the named format.
func Write(w io.Writer, r *Report, format string, o Options) error {
	f, err := ParseFormat(format)
	if err != nil {
		return err
	}
	switch f {
	case FormatText:
		if o.Text.Style.Good == nil {
			o.Text.Style = NewStyle(false) // the zero Style would panic
		}
		return WriteText(w, r, o.Text)
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatGitHub:
		if err := WriteGitHub(w, r, o.GitHubPrefix); err != nil {
			return err
		}
		if o.Summary != nil {
			return WriteGitHubSummary(o.Summary, r, o.GitHubPrefix)
		}
		return nil
	case FormatClassroom:
		return WriteClassroom(w, r)
	case FormatJUnit:
		return WriteJUnit(w, r, o.Timestamp)
	case FormatGradescope:
		return WriteGradescope(w, r, o.Visibility)
	case FormatExercism:
		return WriteExercism(w, r, o.TestCode)
	case FormatPRComment:
		return WritePRComment(w, r, o.GitHubPrefix)
	case FormatCodeQuality:
		return WriteCodeQuality(w, r, o.GitHubPrefix)
	}
	panic("unreachable: ParseFormat accepted " + string(f))
}
