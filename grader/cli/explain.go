package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/check"
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
	"github.com/gilgrade/gilgrade/grader/testoutput"
)

var explainCmd = &Command{
	Name:    "explain",
	Args:    "[code]",
	Summary: "explain a diagnosis code (without one: list them all)",
	Run:     runExplain,
}

// allDocs gathers the documentation of every code any stage can report.
func allDocs() []diag.Doc {
	var docs []diag.Doc
	docs = append(docs, check.Docs()...)
	docs = append(docs, lint.Docs()...)
	docs = append(docs, testoutput.Docs()...)
	slices.SortFunc(docs, func(a, b diag.Doc) int { return strings.Compare(a.Code, b.Code) })
	return slices.CompactFunc(docs, func(a, b diag.Doc) bool { return a.Code == b.Code })
}

func knownCodes() map[string]bool {
	known := map[string]bool{}
	for _, d := range allDocs() {
		known[d.Code] = true
	}
	return known
}

func runExplain(e *Env, args []string) int {
	fl := e.flags()
	args, code, ok := e.parse(fl, args)
	if !ok {
		return code
	}
	s := e.Style()
	docs := allDocs()
	if len(args) == 0 {
		for _, d := range docs {
			fmt.Fprintf(e.Stdout, "%-24s %-8s %s\n", s.Bold(d.Code), d.Severity, d.Title)
		}
		return ExitOK
	}
	status := ExitOK
	for _, a := range args {
		i := slices.IndexFunc(docs, func(d diag.Doc) bool { return d.Code == a })
		if i < 0 {
			fmt.Fprintf(e.Stderr, "gilgrade: no diagnosis code %q; `gilgrade explain` lists them all\n", a)
			status = ExitUsage
			continue
		}
		d := docs[i]
		fmt.Fprintf(e.Stdout, "%s (%s): %s\n\n%s\n", s.Bold(d.Code), d.Severity, d.Title, strings.TrimSpace(d.Body))
	}
	return status
}
