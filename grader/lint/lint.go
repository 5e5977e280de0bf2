// Package lint runs gilgrade's static analyzers over a learner's packages and
// turns what they find into diagnoses (diag.Diagnostic). The analyzers run
// in-process on packages loaded once, including packages that do not
// type-check, since some mistakes (a function called where it should have been
// passed) never do.
package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
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
	// TempDir holds the overlay's files while the packages load; "" is the
	// system's temporary folder.
	TempDir string
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
	pkgs, err := load(ctx, dir, patterns, opts)
	if err != nil {
		return nil, err
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

// load loads the packages matching patterns in dir, with syntax and types for
// them and export data for their dependencies.
//
// An overlay goes to the go command as its own -overlay file, and to the
// parser through ParseFile, rather than as packages.Config.Overlay: given that,
// the loader distrusts every package's export data and type-checks the whole
// standard library below the packages from source, which costs more than
// everything else a check does in-process. The go command compiles the export
// data with the overlay, so it is sound. A file of the overlay that does not
// exist on disk cannot go that way (the loader reads a file before it parses
// it): then the overlay is handed to the loader, at that cost.
func load(ctx context.Context, dir string, patterns []string, opts Options) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadMode,
		Dir:     dir,
		Tests:   opts.Tests,
		Overlay: opts.Overlay,
	}
	files, ok := onDisk(opts.Overlay)
	if ok && len(opts.Overlay) > 0 {
		file, cleanup, err := writeOverlay(opts.Overlay, opts.TempDir)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		cfg.Overlay = nil
		cfg.BuildFlags = []string{"-overlay=" + file}
	}
	cfg.ParseFile = func(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
		if b, ok := files.contents(name); ok {
			src = b
		}
		// As the loader parses by default: some analyzers may rely on the
		// objects it resolves.
		return parseFile(fset, name, src, parser.AllErrors|parser.ParseComments)
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", strings.Join(patterns, " "), err)
	}
	return pkgs, nil
}

// parseFile parses a file for load; tests watch it.
var parseFile = parser.ParseFile

// overlaid is an overlay's files that exist on disk, for finding the contents
// of a file the go command names, maybe by another path (a symbolic link).
type overlaid struct {
	overlay map[string][]byte
	files   map[string]os.FileInfo
}

func (o overlaid) contents(name string) ([]byte, bool) {
	if b, ok := o.overlay[name]; ok {
		return b, true
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, false
	}
	for other, ofi := range o.files {
		if os.SameFile(fi, ofi) {
			return o.overlay[other], true
		}
	}
	return nil, false
}

// onDisk reports whether every file the overlay gives contents for exists on
// disk as a regular file, and returns them.
func onDisk(overlay map[string][]byte) (overlaid, bool) {
	o := overlaid{overlay: overlay, files: make(map[string]os.FileInfo, len(overlay))}
	for name, b := range overlay {
		if b == nil {
			continue // deleted: the go command leaves it out, nothing parses it
		}
		fi, err := os.Stat(name)
		if err != nil || !fi.Mode().IsRegular() {
			return o, false
		}
		o.files[name] = fi
	}
	return o, true
}

// writeOverlay writes the overlay in the go command's -overlay format, in a
// new folder of tmp: each content to a file, and nil as a deleted file. It
// returns the overlay file's name and a function that removes it all.
func writeOverlay(overlay map[string][]byte, tmp string) (string, func(), error) {
	dir, err := os.MkdirTemp(tmp, "gilgrade-lint-overlay-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	replace := make(map[string]string, len(overlay))
	for name, b := range overlay {
		if b == nil {
			replace[name] = ""
			continue
		}
		tmp := filepath.Join(dir, fmt.Sprintf("%d-%s", len(replace), filepath.Base(name)))
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			cleanup()
			return "", nil, err
		}
		replace[name] = tmp
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	file := filepath.Join(dir, "overlay.json")
	if err == nil {
		err = os.WriteFile(file, b, 0o600)
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return file, cleanup, nil
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
