package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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
	return e.exit(e.vet(args))
}

// vet prints the analyzers' findings on stdout; it returns errFailed when one
// of them is an error.
func (e *Env) vet(args []string) error {
	fl := e.flags()
	tests := fl.Bool("tests", true, "also analyze test files")
	cache := fl.Bool("cache", true, "reuse the results of packages that have not changed (kept in the user cache directory)")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		args = []string{"./..."}
	}
	opts := lint.Options{Root: e.Dir, Tests: *tests}
	if *cache {
		opts.CacheDir = lint.DefaultCacheDir()
	}
	ds, err := lint.Run(e.Context, e.Dir, args, opts)
	if err != nil {
		return graderf("vet: %w", err)
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
		return errFailed
	}
	return nil
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

// warningsFlag is the vettool flag that turns warnings on: go vet fails a
// package on any finding, so advice stays off unless asked for with
// `go vet -vettool=$(which gilgrade) -gilgrade.warnings`.
const warningsFlag = "gilgrade.warnings"

func runVetTool(args []string) int {
	os.Args = append([]string{os.Args[0]}, args...)
	// unitchecker reads its flags, and lists them for go vet, from the
	// command line's flag set; the analyzers are chosen before it parses, so
	// the flag is read here first.
	flag.Bool(warningsFlag, false, "also report warnings (advice such as use-wg-go), which fail go vet like errors")
	unitchecker.Main(lint.VetAnalyzers(warningsOn(args))...) // exits
	return ExitOK
}

// warningsOn reports whether args set -gilgrade.warnings (or
// --gilgrade.warnings, =true, =1).
func warningsOn(args []string) bool {
	on := false
	for _, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != warningsFlag {
			continue
		}
		on = true
		if hasValue {
			on, _ = strconv.ParseBool(value)
		}
	}
	return on
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
