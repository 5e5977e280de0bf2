package lint_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gilgrade/gilgrade/grader/lint"
)

// moduleCorpus is concurrent code of well-known modules, analyzed with its
// tests, and moduleCorpusNoTests more of it without its tests (which need
// big modules to build: goleveldb's need ginkgo and gomega). The modules
// are pinned, with every module their tests import, in corpusDir's go.mod
// and go.sum; the test takes them from the module cache, or downloads them
// through GOPROXY the first time. The corpus is chosen to build in a minute
// or two on 2 cores from a cold cache: nats.go's test packages, which need
// the NATS server, and grpc or etcd, which need much more, are left out.
var (
	moduleCorpus = []string{
		"golang.org/x/sync/...",
		"github.com/hashicorp/raft",
		"github.com/nats-io/nats.go",
		"github.com/nats-io/nats.go/jetstream",
		"github.com/syndtr/goleveldb/leveldb/cache",
		"go.etcd.io/bbolt",
		"go.opentelemetry.io/otel/sdk/metric/internal/finish",
	}
	moduleCorpusNoTests = []string{
		"github.com/syndtr/goleveldb/leveldb",
	}
)

const (
	corpusDir   = "testdata/precision"
	moduleTable = "testdata/precision-modules.txt"
)

// TestPrecisionModules is TestPrecision over moduleCorpus, with its table in
// testdata/precision-modules.txt. That table also keeps the false alarms
// that were fixed (verdict "fixed"): the test fails if one comes back.
//
// It needs the corpus's modules: from the module cache, or from GOPROXY. When
// neither has them it skips and says why. With -update it also writes back
// the corpus's go.mod and go.sum when loading had to add to them (a module
// the tests import that go.mod does not pin yet).
func TestPrecisionModules(t *testing.T) {
	if testing.Short() {
		t.Skip("the module corpus takes a minute or more to load and build: run without -short")
	}
	dir := copyCorpus(t)
	env := corpusEnv()
	if reason := corpusUnavailable(dir, env); reason != "" {
		t.Skip(reason)
	}
	found := analyze(t, lint.Analyzers, load(t, dir, env, true, moduleCorpus...))
	found = append(found, analyze(t, lint.Analyzers, load(t, dir, env, false, moduleCorpusNoTests...))...)

	// Loading may add to go.mod and go.sum (-mod=mod): then a module is not
	// pinned, and this run used whatever version the proxy offered.
	for _, name := range []string{"go.mod", "go.sum"} {
		before, _ := os.ReadFile(filepath.Join(corpusDir, name))
		after, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(before, after) {
			continue
		}
		if *update {
			if err := os.WriteFile(filepath.Join(corpusDir, name), after, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s/%s: loading the corpus added to it", corpusDir, name)
			continue
		}
		t.Errorf("loading the corpus changed %s/%s, so a module is not pinned: run with -update and commit it", corpusDir, name)
	}

	mods, err := corpusModules(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	compareTable(t, moduleTable, found,
		func(row) bool { return true },
		func(found []finding, fixed []row) []byte { return formatModuleTable(mods, found, fixed) })
}

// corpusEnv is the go command's environment for the corpus: its own go.mod
// (no workspace), which the go command may complete (-mod=mod) but only
// from the module cache or GOPROXY.
func corpusEnv() []string {
	env := os.Environ()
	flags := strings.TrimSpace(os.Getenv("GOFLAGS") + " -mod=mod")
	return append(env, "GOFLAGS="+flags, "GOWORK=off")
}

// corpusUnavailable returns why the corpus's modules cannot be had, or "":
// it lists the module graph, which needs every go.mod of it, from the cache
// or the proxy.
func corpusUnavailable(dir string, env []string) string {
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil {
		return ""
	}
	msg := strings.TrimSpace(string(out))
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i] + " …"
	}
	return fmt.Sprintf("the corpus's modules (%s/go.mod) are not in the module cache and could not be downloaded (GOPROXY=%s): %s",
		corpusDir, goEnvIn(dir, env, "GOPROXY"), msg)
}

func goEnvIn(dir string, env []string, name string) string {
	cmd := exec.Command("go", "env", name)
	cmd.Dir = dir
	cmd.Env = env
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// corpusModule is a module that holds packages of moduleCorpus.
type corpusModule struct {
	path, version string
	dir           string // its directory in the module cache, relative to it
}

// corpusModules returns the modules of gomod's requirements that hold
// packages of moduleCorpus: for each pattern, the longest module path that
// is a prefix of it.
func corpusModules(gomod string) ([]corpusModule, error) {
	b, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	f, err := modfile.Parse(gomod, b, nil)
	if err != nil {
		return nil, err
	}
	var mods []corpusModule
	for _, pattern := range slices.Concat(moduleCorpus, moduleCorpusNoTests) {
		var best *modfile.Require
		for _, r := range f.Require {
			p := r.Mod.Path
			if (pattern == p || strings.HasPrefix(pattern, p+"/")) && (best == nil || len(p) > len(best.Mod.Path)) {
				best = r
			}
		}
		if best == nil {
			return nil, fmt.Errorf("%s: no requirement holds %s", gomod, pattern)
		}
		if slices.ContainsFunc(mods, func(m corpusModule) bool { return m.path == best.Mod.Path }) {
			continue
		}
		dir, err := module.EscapePath(best.Mod.Path)
		if err != nil {
			return nil, err
		}
		mods = append(mods, corpusModule{path: best.Mod.Path, version: best.Mod.Version, dir: dir + "@" + best.Mod.Version + "/"})
	}
	slices.SortFunc(mods, func(a, b corpusModule) int { return strings.Compare(a.path, b.path) })
	return mods, nil
}

// formatModuleTable writes the modules' table: findings per module (before =
// now + the false alarms fixed since), per analyzer and code, then every
// finding and every fixed false alarm.
func formatModuleTable(mods []corpusModule, found []finding, fixed []row) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Precision of gilgrade's analyzers over packages of well-known modules with their tests,\n")
	fmt.Fprintf(&b, "# pinned in %s/go.mod and go.sum.\n", corpusDir)
	fmt.Fprintf(&b, "# Written by `go test ./grader/lint -run TestPrecisionModules -update`; the verdicts and\n")
	fmt.Fprintf(&b, "# their reasons are a reviewer's, kept across updates. A false alarm that an analyzer\n")
	fmt.Fprintf(&b, "# no longer reports stays listed as \"fixed\", and the test fails if it comes back.\n")
	fmt.Fprintf(&b, "# go: %s\n", runtime.Version())
	fmt.Fprintf(&b, "# packages with their tests: %s\n", strings.Join(moduleCorpus, " "))
	fmt.Fprintf(&b, "# packages without their tests: %s\n#\n", strings.Join(moduleCorpusNoTests, " "))
	fmt.Fprintf(&b, "# %-36s %-36s %6s %5s %5s %5s %10s\n", "module", "version", "before", "now", "true", "false", "unreviewed")
	for _, m := range mods {
		var c [4]int // true, false, unreviewed, fixed
		for _, f := range found {
			if !strings.HasPrefix(f.file, m.dir) {
				continue
			}
			switch f.verdict {
			case "true":
				c[0]++
			case "false":
				c[1]++
			default:
				c[2]++
			}
		}
		for _, r := range fixed {
			if strings.HasPrefix(r.file, m.dir) {
				c[3]++
			}
		}
		now := c[0] + c[1] + c[2]
		fmt.Fprintf(&b, "# %-36s %-36s %6d %5d %5d %5d %10d\n", m.path, m.version, now+c[3], now, c[0], c[1], c[2])
	}
	fmt.Fprintf(&b, "#\n")
	writeSummary(&b, found)
	writeRows(&b, found, fixed)
	return b.Bytes()
}

// TestCorpusUnavailable checks that without the module cache and without a
// proxy, TestPrecisionModules has a reason to skip, and gives it.
func TestCorpusUnavailable(t *testing.T) {
	dir := copyCorpus(t)
	env := append(corpusEnv(), "GOMODCACHE="+t.TempDir(), "GOPROXY=off")
	reason := corpusUnavailable(dir, env)
	t.Log(reason)
	if !strings.Contains(reason, "not in the module cache and could not be downloaded (GOPROXY=off)") {
		t.Errorf("corpusUnavailable with an empty module cache and GOPROXY=off = %q, want a reason naming both", reason)
	}
}

// copyCorpus copies the corpus's module into a new directory, where the go
// command may add to its go.mod and go.sum without touching testdata.
func copyCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "corpus.go"} {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
