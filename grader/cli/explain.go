package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/diag"
)

var explainCmd = &Command{
	Name:    "explain",
	Args:    "[code]",
	Summary: "explain a diagnosis code (without one: list them all)",
	Run:     runExplain,
}

func knownCodes() map[string]bool {
	known := map[string]bool{}
	for _, d := range diag.Docs() {
		known[d.Code] = true
	}
	return known
}

func runExplain(e *Env, args []string) int {
	fl := e.flags()
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	s := e.Style()
	docs := diag.Docs()
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
			// The other codes asked for are still explained.
			status = max(status, e.exit(usagef("no diagnosis code %q; `gilgrade explain` lists them all", a)))
			continue
		}
		d := docs[i]
		fmt.Fprintf(e.Stdout, "%s (%s): %s\n\n%s\n", s.Bold(d.Code), d.Severity, d.Title, strings.TrimSpace(d.Body))
	}
	return status
}
