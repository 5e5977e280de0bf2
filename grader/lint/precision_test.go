package lint_test

import (
	"bufio"
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

var update = flag.Bool("update", false, "rewrite testdata/precision.txt from this run, keeping the verdicts already written")

// stdCorpus is the standard library's most concurrent packages, analyzed with
// their tests: well-reviewed code that every machine with Go has, so the
// test needs no network. shortCorpus is the part -short keeps.
var (
	stdCorpus = []string{
		"context", "database/sql", "expvar", "internal/singleflight", "io", "log", "log/slog",
		"net", "net/http", "net/http/httptest", "net/http/httputil", "net/rpc", "os", "os/exec", "os/signal",
		"runtime/pprof", "runtime/trace", "sync", "sync/atomic", "testing", "time",
	}
	shortCorpus = []string{"context", "internal/singleflight", "sync"}
)

const precisionFile = "testdata/precision.txt"

// TestPrecision runs every analyzer over the standard library's concurrent
// packages with their tests and compares what they find with
// testdata/precision.txt, where each finding carries a reviewer's verdict:
// "true" (a bug a reviewer would fix, or a deliberate one in a test) or
// "false" (a false alarm), and why. The test fails on a finding that is not
// in the table or has no verdict yet, on a listed finding that is gone, and
// on more than one false error-level finding per analyzer. With -update the
// table is rewritten from this run, keeping the verdicts already written; new
// findings get the verdict "?" for a reviewer to fill in. A table may also
// keep false alarms since fixed, with the verdict "fixed": the test fails if
// one is found again.
//
// Positions are GOROOT-relative and findings are matched by file, code and
// the source line, so a Go release that moves lines does not fail the test;
// one that changes the code it finds fails it with a clear diff.
func TestPrecision(t *testing.T) {
	corpus := stdCorpus
	if testing.Short() {
		corpus = shortCorpus
	}
	pkgs := load(t, ".", nil, true, corpus...)
	found := analyze(t, lint.Analyzers, pkgs)
	compareTable(t, precisionFile, found,
		func(r row) bool { return slices.Contains(corpus, r.pkg) },
		func(found []finding, fixed []row) []byte { return formatTable(corpus, found) })
}

// compareTable compares what the analyzers found with the table in file, as
// TestPrecision describes; loaded says which of the table's rows were in
// the packages analyzed, and format writes the table for -update from the
// findings and the table's "fixed" rows.
func compareTable(t *testing.T, file string, found []finding, loaded func(row) bool, format func([]finding, []row) []byte) {
	t.Helper()
	table, err := readTable(file)
	if err != nil && !(*update && os.IsNotExist(err)) {
		t.Fatal(err)
	}
	var fixed []row // fixed false alarms that stay fixed; one found again is among found
	for _, r := range table.rows {
		if r.verdict == "fixed" && !slices.ContainsFunc(found, r.matches) {
			fixed = append(fixed, r)
		}
	}
	for i, f := range found {
		if r, ok := table.lookup(f); ok {
			found[i].verdict, found[i].why = r.verdict, r.why
		} else {
			found[i].verdict = "?"
		}
	}

	if *update {
		if testing.Short() {
			t.Fatal("-update needs the whole corpus: run without -short")
		}
		if err := os.WriteFile(file, format(found, fixed), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d findings", file, len(found))
	}

	falses := map[string][]finding{}
	for _, f := range found {
		switch f.verdict {
		case "true":
		case "false":
			if f.why == "" {
				t.Errorf("%s: %s is listed as a false alarm without an explanation in %s", f.pos, f.code, file)
			}
			if lint.Severity(f.code) == diag.Error {
				falses[f.analyzer] = append(falses[f.analyzer], f)
			}
		case "fixed":
			t.Errorf("%s: %s: %s is back: %s lists it as a false alarm that was fixed (%s)", f.pos, f.code, firstLine(f.msg), file, f.why)
		default:
			if lint.Severity(f.code) == diag.Error {
				t.Errorf("new finding %s: %s: %s\n(review it: run with -update, then write true or false and why in %s)", f.pos, f.code, firstLine(f.msg), file)
			} else {
				t.Logf("new warning %s: %s: %s", f.pos, f.code, firstLine(f.msg))
			}
		}
	}
	for a, fs := range falses {
		if len(fs) > 1 {
			t.Errorf("%s has %d false error-level findings in %s, at most 1 is allowed: %v", a, len(fs), file, fs)
		}
	}
	// What the table lists and this run no longer finds: an analyzer lost a
	// true finding (or a false one, which is good news to record).
	for _, r := range table.rows {
		if r.verdict == "fixed" || !loaded(r) {
			continue // fixed: not found, as it should be; or not loaded with -short
		}
		if !*update && !slices.ContainsFunc(found, r.matches) {
			msg := fmt.Sprintf("%s: %s (%s) is in %s but was not found", r.pos, r.code, r.verdict, file)
			if r.goVersion != runtime.Version() {
				t.Logf("%s; the table is for %s, this is %s", msg, r.goVersion, runtime.Version())
				continue
			}
			t.Errorf("%s: run with -update", msg)
		}
	}
	if !*update && !testing.Short() && !t.Failed() {
		if want := format(found, fixed); !bytes.Equal(want, table.raw) && table.goVersion == runtime.Version() {
			t.Errorf("%s is out of date (counts or positions moved): run with -update", file)
		}
	}
}

// finding is one diagnostic, with its code as lint.Run computes it.
type finding struct {
	analyzer, code, msg string
	pos                 string // file:line:col, relative to GOROOT/src or the module cache
	file, source        string // that file name and the trimmed source line
	pkg                 string // the package path, without its test variant
	verdict, why        string // from the table
}

func (f finding) String() string { return f.pos + " " + f.code }

// row is one finding listed in the table.
type row struct {
	pos, code, verdict, source, why string
	file, pkg, goVersion            string
}

func (r row) matches(f finding) bool {
	return r.file == f.file && r.code == f.code && r.source == f.source
}

type table struct {
	rows      []row
	goVersion string
	raw       []byte
}

func (t table) lookup(f finding) (row, bool) {
	i := slices.IndexFunc(t.rows, func(r row) bool { return r.matches(f) })
	if i < 0 {
		return row{}, false
	}
	return t.rows[i], true
}

// readTable reads the findings of a precision table: after the "# go:"
// header, one finding a line, tab-separated: position, package, code,
// verdict, source line, why. Other lines starting with # are comments.
func readTable(name string) (table, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return table{}, err
	}
	t := table{raw: raw}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "# go: "); ok {
			t.goVersion = v
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return table{}, fmt.Errorf("%s:%d: want 6 tab-separated fields (position, package, code, verdict, source, why), got %d", name, n, len(f))
		}
		r := row{pos: f[0], pkg: f[1], code: f[2], verdict: f[3], source: f[4], why: f[5], goVersion: t.goVersion}
		r.file, _, _ = strings.Cut(r.pos, ":")
		switch r.verdict {
		case "true", "false", "?", "fixed":
		default:
			return table{}, fmt.Errorf("%s:%d: verdict %q, want true, false, fixed or ?", name, n, r.verdict)
		}
		t.rows = append(t.rows, r)
	}
	return t, sc.Err()
}

// formatTable writes the standard library's table: a summary per analyzer
// and code, then every finding.
func formatTable(corpus []string, found []finding) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Precision of gilgrade's analyzers over the standard library with its tests.\n")
	fmt.Fprintf(&b, "# Written by `go test ./grader/lint -run TestPrecision -update`; the verdicts and\n")
	fmt.Fprintf(&b, "# their reasons are a reviewer's, kept across updates.\n")
	fmt.Fprintf(&b, "# go: %s\n", runtime.Version())
	fmt.Fprintf(&b, "# packages: %s\n#\n", strings.Join(corpus, " "))
	writeSummary(&b, found)
	writeRows(&b, found, nil)
	return b.Bytes()
}

// writeSummary writes the count of findings per analyzer and code.
func writeSummary(b *bytes.Buffer, found []finding) {
	fmt.Fprintf(b, "# %-18s %-24s %-8s %8s %5s %5s %10s\n", "analyzer", "code", "severity", "findings", "true", "false", "unreviewed")
	type key struct{ analyzer, code string }
	counts := map[key][3]int{}
	for _, f := range found {
		c := counts[key{f.analyzer, f.code}]
		switch f.verdict {
		case "true":
			c[0]++
		case "false":
			c[1]++
		default:
			c[2]++
		}
		counts[key{f.analyzer, f.code}] = c
	}
	for _, a := range lint.Analyzers {
		if !slices.ContainsFunc(found, func(f finding) bool { return f.analyzer == a.Name }) {
			counts[key{a.Name, "-"}] = [3]int{}
		}
	}
	keys := slices.Collect(maps.Keys(counts))
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.analyzer, b.analyzer), cmp.Compare(a.code, b.code)) })
	for _, k := range keys {
		c := counts[k]
		sev := "-"
		if k.code != "-" {
			sev = string(lint.Severity(k.code))
		}
		fmt.Fprintf(b, "# %-18s %-24s %-8s %8d %5d %5d %10d\n", k.analyzer, k.code, sev, c[0]+c[1]+c[2], c[0], c[1], c[2])
	}
}

// writeRows writes every finding, then the fixed false alarms, one a line.
func writeRows(b *bytes.Buffer, found []finding, fixed []row) {
	fmt.Fprintf(b, "#\n# position\tpackage\tcode\tverdict\tsource line\twhy\n")
	slices.SortFunc(found, func(a, b finding) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.code, b.code)) })
	for _, f := range found {
		fmt.Fprintf(b, "%s\t%s\t%s\t%s\t%s\t%s\n", f.pos, f.pkg, f.code, f.verdict, f.source, f.why)
	}
	slices.SortFunc(fixed, func(a, b row) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.code, b.code)) })
	for _, r := range fixed {
		fmt.Fprintf(b, "%s\t%s\t%s\t%s\t%s\t%s\n", r.pos, r.pkg, r.code, r.verdict, r.source, r.why)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// load loads the packages matching patterns in dir as lint.Run does, with
// syntax and types for them only, and fails if any of them has errors. env,
// when not nil, is the go command's environment.
func load(tb testing.TB, dir string, env []string, tests bool, patterns ...string) []*packages.Package {
	tb.Helper()
	cfg := &packages.Config{
		// lint.Run's mode: without NeedImports, dependencies come from export
		// data and the checker analyzes the loaded packages only.
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedTypesSizes |
			packages.NeedModule | packages.NeedForTest,
		Dir:   dir,
		Env:   env,
		Tests: tests,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		tb.Fatalf("loading %v: %v", patterns, err)
	}
	if len(pkgs) == 0 {
		tb.Fatalf("loading %v: no packages", patterns)
	}
	for _, p := range pkgs {
		for _, err := range p.Errors {
			tb.Errorf("loading %v: %s: %v", patterns, p.ID, err)
		}
	}
	if tb.Failed() {
		tb.FailNow()
	}
	return lint.Roots(pkgs)
}

// analyze runs the analyzers over pkgs, fails if any of them fails, and
// returns the findings without the duplicates that a package and its test
// variant share.
func analyze(tb testing.TB, analyzers []*analysis.Analyzer, pkgs []*packages.Package) []finding {
	tb.Helper()
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	roots := []string{filepath.Join(runtime.GOROOT(), "src") + string(filepath.Separator)}
	if modcache := goEnv(tb, "GOMODCACHE"); modcache != "" {
		roots = append(roots, modcache+string(filepath.Separator))
	}
	lines := map[string][]string{}
	seen := map[string]bool{}
	var found []finding
	for act := range graph.All() {
		if act.Err != nil {
			tb.Fatalf("%s: %v", act, act.Err)
		}
		if !slices.Contains(pkgs, act.Package) {
			continue
		}
		for _, d := range act.Diagnostics {
			code := d.Category
			if code == "" {
				code = act.Analyzer.Name
			}
			p := act.Package.Fset.Position(d.Pos)
			file := p.Filename
			for _, r := range roots {
				if rel, ok := strings.CutPrefix(p.Filename, r); ok {
					file = rel
				}
			}
			file = filepath.ToSlash(file)
			if lines[p.Filename] == nil {
				b, _ := os.ReadFile(p.Filename)
				lines[p.Filename] = strings.Split(string(b), "\n")
			}
			source := ""
			if l := lines[p.Filename]; p.Line >= 1 && p.Line <= len(l) {
				source = strings.Join(strings.Fields(l[p.Line-1]), " ")
			}
			f := finding{
				analyzer: act.Analyzer.Name, code: code, msg: d.Message,
				pos:  fmt.Sprintf("%s:%d:%d", file, p.Line, p.Column),
				file: file, source: source, pkg: strings.TrimSuffix(act.Package.PkgPath, "_test"),
			}
			if k := f.pos + "\x00" + code + "\x00" + d.Message; !seen[k] {
				seen[k] = true
				found = append(found, f)
			}
		}
	}
	return found
}

// goEnv returns the go command's value of the environment variable name.
func goEnv(tb testing.TB, name string) string {
	tb.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		tb.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
