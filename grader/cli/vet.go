package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

var vetCmd = &Command{
	Name:    "vet",
	Args:    "[packages]",
	Summary: "run gilgrade's concurrency analyzers on any Go packages (default ./...)",
	Run:     runVet,
}

func runVet(e *Env, args []string) int {
	fl := e.flags()
	tests := fl.Bool("tests", true, "also analyze test files")
	args, code, ok := e.parse(fl, args)
	if !ok {
		return code
	}
	if len(args) == 0 {
		args = []string{"./..."}
	}
	ds, err := lint.Run(e.Context, e.Dir, args, lint.Options{Root: e.Dir, Tests: *tests})
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade vet:", err)
		return ExitGrader
	}
	diag.Sort(ds)
	s := e.Style()
	for _, d := range ds {
		fmt.Fprintf(e.Stdout, "%s:%d:%d: %s %s\n", d.File, d.Line, d.Col, d.Message, s.Dim("["+d.Code+"]"))
		if d.Hint != "" {
			fmt.Fprintf(e.Stdout, "\t%s %s\n", s.Good("→"), d.Hint)
		}
	}
	if diag.HasError(ds) {
		return ExitFailed
	}
	return ExitOK
}

// isVetTool reports whether gilgrade was started by `go vet -vettool=gilgrade`,
// which speaks the unitchecker protocol: -V=full, -flags, or a .cfg file.
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	return args[0] == "-V=full" || args[0] == "-flags" ||
		(strings.HasSuffix(last, ".cfg") && filepath.IsAbs(last) && fileExists(last))
}

func runVetTool(args []string) int {
	os.Args = append([]string{os.Args[0]}, args...)
	unitchecker.Main(lint.Analyzers...) // exits
	return ExitOK
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
