package cli

import (
	"bytes"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/report"
)

var reportCmd = &Command{
	Name:    "report",
	Args:    "[flags] REPORT.json",
	Summary: "write a saved JSON report in another format (a pull request comment, GitLab Code Quality, …) without grading again",
	Run:     runReport,
}

// reportMax bounds the saved report read: a class-size report is well under a
// megabyte, and the file may come from a run the learner's code controlled.
const reportMax = 64 << 20

func runReport(e *Env, args []string) int {
	fl := e.flags()
	var f gradeFlags
	fl.StringVar(&f.format, "format", "text", "report format: "+formatNames())
	fl.StringVar(&f.output, "output", "", "write the report to `FILE` instead of standard output")
	fl.StringVar(&f.pathPrefix, "path-prefix", "", "the course's folder `DIR` inside the repository, for github, pr-comment and codequality paths")
	fl.BoolVar(&f.verbose, "verbose", false, "show the raw runtime text behind each diagnosis")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if _, err := report.ParseFormat(f.format); err != nil {
		return e.exit(usagef("--format: %w", err))
	}
	if f.pathPrefix, err = cleanPathPrefix(f.pathPrefix); err != nil {
		return e.exit(err)
	}
	if len(args) != 1 {
		return e.exit(usagef("usage: gilgrade report [--format F] REPORT.json (- reads standard input); save one with `gilgrade check --all --format json --output REPORT.json`"))
	}
	name := args[0]
	var in io.Reader = e.Stdin
	if name != "-" {
		file := name
		if !filepath.IsAbs(file) {
			file = filepath.Join(e.Dir, file)
		}
		fh, err := os.Open(file)
		if err != nil {
			return e.exit(usagef("cannot read the report: %w", err))
		}
		defer fh.Close()
		in = fh
	}
	data, err := io.ReadAll(io.LimitReader(in, reportMax+1))
	if err != nil {
		return e.exit(usagef("%s: %v", name, err))
	}
	if len(data) > reportMax {
		return e.exit(usagef("%s: over %d MiB, too big for a gilgrade report", name, reportMax>>20))
	}
	rep, err := report.Read(data)
	if err != nil {
		return e.exit(usagef("%s: %v", name, err))
	}
	// Only the format asked for: unlike check, there was no grading to show.
	w := *e
	var buf bytes.Buffer
	if f.output != "" {
		w.Stdout = &buf
	}
	out := f.output
	f.output = ""
	f.outputs = []output{{format: report.Format(f.format)}}
	if err := w.writeReports(nil, rep, f); err != nil {
		return e.exit(graderError(err))
	}
	if out != "" {
		if !filepath.IsAbs(out) {
			out = filepath.Join(e.Dir, out)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return e.exit(graderError(err))
		}
	}
	return ExitOK
}

// cleanPathPrefix checks --path-prefix, a relative folder inside the
// repository written with slashes that does not climb out of it, and cleans it
// ("" or "." for the repository's root become "").
func cleanPathPrefix(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	clean := path.Clean(p)
	if strings.Contains(p, `\`) || path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", usagef("--path-prefix %q: give the course's folder relative to the repository's root, with slashes, like course/go", p)
	}
	if clean == "." {
		clean = ""
	}
	return clean, nil
}
