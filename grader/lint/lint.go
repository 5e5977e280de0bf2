// Package lint runs gilgrade's static analyzers over a learner's packages and
// turns what they find into diagnoses (diag.Diagnostic). The analyzers run
// in-process on packages loaded once, including packages that do not
// type-check, since some mistakes (a function called where it should have been
// passed) never do.
package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gilgrade/gilgrade/grader/analyzers/callnotpass"
	"github.com/gilgrade/gilgrade/grader/analyzers/copylock"
	"github.com/gilgrade/gilgrade/grader/analyzers/lockcheck"
	"github.com/gilgrade/gilgrade/grader/analyzers/loopclosure"
	"github.com/gilgrade/gilgrade/grader/analyzers/lostcancel"
	"github.com/gilgrade/gilgrade/grader/analyzers/readbeforewait"
	"github.com/gilgrade/gilgrade/grader/analyzers/testinggoroutine"
	"github.com/gilgrade/gilgrade/grader/analyzers/unclosedjobs"
	"github.com/gilgrade/gilgrade/grader/analyzers/unsyncshared"
	"github.com/gilgrade/gilgrade/grader/analyzers/waitinloop"
	"github.com/gilgrade/gilgrade/grader/analyzers/wgadd"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggo"
	"github.com/gilgrade/gilgrade/grader/analyzers/wggodouble"
	"github.com/gilgrade/gilgrade/grader/diag"
)

// Analyzers are the checks Run applies. Each reports its diagnosis code as
// the Category of its diagnostics and its message as two lines: what is
// wrong, then what to do.
var Analyzers = []*analysis.Analyzer{
	callnotpass.Analyzer,
	wgadd.Analyzer,
	copylock.Analyzer,
	lockcheck.Analyzer,
	lostcancel.Analyzer,
	testinggoroutine.Analyzer,
	readbeforewait.Analyzer,
	unclosedjobs.Analyzer,
	unsyncshared.Analyzer,
	wggodouble.Analyzer,
	wggo.Analyzer,
	waitinloop.Analyzer,
	loopclosure.Analyzer,
}

// Options control what Run loads.
type Options struct {
	// Tests also analyzes the packages' test files.
	Tests bool
	// Overlay maps absolute file names to contents that replace the files on
	// disk (see packages.Config.Overlay).
	Overlay map[string][]byte
	// Root, when set, makes diagnostic file names relative to it.
	Root string
	// CacheDir, when set, keeps each package's results there and reuses
	// them while the package, its imports and gilgrade are unchanged.
	CacheDir string
}

// loadMode loads syntax and types for the named packages only; their
// dependencies come from export data, as with go vet, rather than being
// type-checked from source. So facts about dependencies (lockcheck's "this
// function locks that mutex") are not computed here: a double lock through a
// call into another package is found under `go vet -vettool`, which analyzes
// every dependency and caches the facts, and within one package here.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes |
	packages.NeedModule | packages.NeedForTest

// Run loads the packages matching patterns in dir and returns what the
// analyzers find, sorted and without duplicates (a package and its external
// test package, or a package whose test variant does not type-check and that
// variant, share files). Packages that do not type-check are analyzed as far
// as the analyzers allow. With opts.CacheDir, packages unchanged since a
// previous run are not analyzed again. The error reports a failure to load or
// to run an analyzer; diagnostics found before it are still returned.
func Run(ctx context.Context, dir string, patterns []string, opts Options) ([]diag.Diagnostic, error) {
	var cache *resultCache
	if opts.CacheDir != "" {
		if cache = openCache(ctx, dir, opts.CacheDir, patterns, opts); cache != nil {
			if ds, ok := cache.lookup(); ok {
				return ds, nil
			}
		}
	}
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadMode,
		Dir:     dir,
		Tests:   opts.Tests,
		Overlay: opts.Overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
	}
	roots := Roots(pkgs)
	if len(roots) == 0 {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	graph, err := checker.Analyze(withOverlay(Analyzers, opts.Overlay), roots, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	c := converter{root: opts.Root, overlay: opts.Overlay, lines: make(map[string][]string)}
	found := make(map[string][]diag.Diagnostic) // package ID -> its diagnostics
	for _, p := range roots {
		found[p.ID] = nil
	}
	failed := make(map[string]bool)
	var all []diag.Diagnostic
	var errs []error
	for _, act := range graph.Roots {
		if act.Err != nil {
			failed[act.Package.ID] = true
			// An analyzer that needs full types (those built on vet's
			// control-flow pass) is skipped on code that does not compile;
			// the build step reports that code.
			if !act.Package.IllTyped {
				errs = append(errs, fmt.Errorf("%s: %w", act, act.Err))
			}
			continue
		}
		for _, d := range act.Diagnostics {
			dg := c.convert(act.Package, act.Analyzer, d)
			found[act.Package.ID] = append(found[act.Package.ID], dg)
			all = append(all, dg)
		}
	}
	if cache != nil && ctx.Err() == nil {
		cache.store(found, failed)
	}
	return dedupe(all), errors.Join(errs...)
}

// Roots returns the loaded packages worth analyzing: not the generated test
// main, nor a package that could not even be listed, nor a package whose
// in-package test variant ("p [p.test]") holds all its files and
// type-checks, since analyzing both finds the same thing twice.
func Roots(pkgs []*packages.Package) []*packages.Package {
	tested := make(map[string]bool) // package paths with a sound test variant
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest && !p.IllTyped && len(p.Errors) == 0 && len(p.TypeErrors) == 0 {
			tested[p.PkgPath] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if p.Types == nil || len(p.Syntax) == 0 || strings.HasSuffix(p.ID, ".test") {
			continue
		}
		if p.ForTest == "" && tested[p.PkgPath] {
			continue
		}
		roots = append(roots, p)
	}
	return roots
}

// withOverlay makes Pass.ReadFile see the overlay, as the parser did: the
// checker reads files from disk, and callnotpass reads back source the parser
// dropped.
func withOverlay(as []*analysis.Analyzer, overlay map[string][]byte) []*analysis.Analyzer {
	if len(overlay) == 0 {
		return as
	}
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		wrapped := *a
		wrapped.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			read := pass.ReadFile
			p.ReadFile = func(name string) ([]byte, error) {
				if _, err := read(name); err != nil && !errors.Is(err, os.ErrNotExist) {
					return nil, err // not a file this pass may read
				}
				if b, ok := overlay[name]; ok {
					return b, nil
				}
				return read(name)
			}
			return a.Run(&p)
		}
		out[i] = &wrapped
	}
	return out
}

type converter struct {
	root    string
	overlay map[string][]byte
	lines   map[string][]string // file name -> its lines, read once
}

func (c *converter) convert(pkg *packages.Package, a *analysis.Analyzer, d analysis.Diagnostic) diag.Diagnostic {
	code := d.Category
	if code == "" {
		code = a.Name
	}
	msg, hint, _ := strings.Cut(d.Message, "\n")
	dg := diag.Diagnostic{
		Code:     code,
		Severity: Severity(code),
		Message:  msg,
		Hint:     hint,
	}
	if pos := pkg.Fset.PositionFor(d.Pos, false); pos.IsValid() {
		dg.File = c.relative(pos.Filename)
		dg.Line = pos.Line
		dg.Col = pos.Column
		dg.Source = c.line(pos.Filename, pos.Line)
	}
	return dg
}

// Severity returns the usual severity of a diagnosis code; codes without a
// Doc are errors.
func Severity(code string) diag.Severity {
	for _, d := range docs {
		if d.Code == code {
			return d.Severity
		}
	}
	return diag.Error
}

func (c *converter) relative(name string) string {
	if c.root != "" {
		if rel, err := filepath.Rel(c.root, name); err == nil {
			name = rel
		}
	}
	return filepath.ToSlash(name)
}

// line returns line n (1-based) of the named file, trimmed, or "".
func (c *converter) line(name string, n int) string {
	lines, ok := c.lines[name]
	if !ok {
		b, ok := c.overlay[name]
		if !ok {
			var err error
			if b, err = os.ReadFile(name); err != nil {
				b = nil
			}
		}
		lines = strings.Split(string(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))), "\n")
		c.lines[name] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// VetAnalyzers returns the analyzers as `go vet -vettool` runs them: each
// message carries its diagnosis code, "… [missing-unlock]", with its hint on
// an indented line below, and warning-level findings (advice such as
// use-wg-go) are dropped unless warnings is set, since go vet fails a
// package on any finding.
func VetAnalyzers(warnings bool) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(Analyzers))
	for i, a := range Analyzers {
		wrapped := *a
		wrapped.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			p.Report = func(d analysis.Diagnostic) {
				code := d.Category
				if code == "" {
					code = a.Name
				}
				if !warnings && Severity(code) != diag.Error {
					return
				}
				msg, hint, _ := strings.Cut(d.Message, "\n")
				d.Message = msg + " [" + code + "]"
				if hint != "" {
					d.Message += "\n\t" + hint
				}
				pass.Report(d)
			}
			return a.Run(&p)
		}
		out[i] = &wrapped
	}
	return out
}
