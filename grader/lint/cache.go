package lint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/gilgrade/gilgrade/grader/diag"
)

// The result cache keeps, per package, what the analyzers found, under a key
// that changes when anything they read changes: the package's files, the
// export data of what it imports (go list names it by its content), the
// analyzers themselves (this executable), and how the run reports (the root
// that file names are relative to, with or without tests). Listing the
// packages costs one `go list -deps -export`, which go vet also runs; when
// every package is in the cache nothing is parsed or type-checked.

// listMode lists the packages with their files and imports, and compiles
// their dependencies' export data, without parsing anything.
const listMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedForTest

// entry is what the cache keeps for one package.
type entry struct {
	// Skipped is set for a package left out of the analysis because its
	// test variant covers it (see Roots).
	Skipped     bool              `json:"skipped,omitempty"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

type resultCache struct {
	dir  string
	keys map[string]string // package ID -> key
}

// openCache lists the packages that Run would load and computes each one's
// key. It returns nil when the packages cannot be listed: Run then loads
// them as usual and reports the problem.
func openCache(ctx context.Context, dir, cacheDir string, patterns []string, opts Options) *resultCache {
	cfg := &packages.Config{Context: ctx, Mode: listMode, Dir: dir, Tests: opts.Tests, Overlay: opts.Overlay}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil
	}
	tool, err := toolHash()
	if err != nil {
		return nil
	}
	c := &resultCache{dir: cacheDir, keys: make(map[string]string)}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") {
			continue
		}
		if len(p.Errors) > 0 {
			return nil // broken code is analyzed afresh, with its errors
		}
		h := sha256.New()
		fmt.Fprintf(h, "gilgrade lint cache 1\ntool %s\nroot %s\ntests %v\nid %s\n", tool, opts.Root, opts.Tests, p.ID)
		for _, name := range p.CompiledGoFiles {
			b, ok := opts.Overlay[name]
			if !ok {
				if b, err = os.ReadFile(name); err != nil {
					return nil
				}
			}
			fmt.Fprintf(h, "file %s %d\n", name, len(b))
			h.Write(b)
		}
		imports := slices.Sorted(func(yield func(string) bool) {
			for path := range p.Imports {
				if !yield(path) {
					return
				}
			}
		})
		for _, path := range imports {
			dep := p.Imports[path]
			if dep.ExportFile == "" && dep.PkgPath != "unsafe" {
				return nil // no export data: nothing to key on
			}
			fmt.Fprintf(h, "import %s %s %s\n", path, dep.ID, dep.ExportFile)
		}
		c.keys[p.ID] = hex.EncodeToString(h.Sum(nil))
	}
	if len(c.keys) == 0 {
		return nil
	}
	return c
}

// lookup returns the diagnostics of every listed package, or false when one
// of them is not in the cache.
func (c *resultCache) lookup() ([]diag.Diagnostic, bool) {
	var out []diag.Diagnostic
	for _, key := range c.keys {
		b, err := os.ReadFile(c.file(key))
		if err != nil {
			return nil, false
		}
		var e entry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, false
		}
		out = append(out, e.Diagnostics...)
	}
	return dedupe(out), true
}

// store records the diagnostics found for each analyzed package (by ID) and
// marks the listed packages that were not analyzed as skipped. Failing to
// write is not an error: the next run analyzes again.
func (c *resultCache) store(found map[string][]diag.Diagnostic, failed map[string]bool) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	for id, key := range c.keys {
		if failed[id] {
			continue
		}
		ds, analyzed := found[id]
		b, err := json.Marshal(entry{Skipped: !analyzed, Diagnostics: ds})
		if err != nil {
			continue
		}
		// Write and rename, so that a concurrent run never reads half an
		// entry.
		tmp, err := os.CreateTemp(c.dir, "tmp-*")
		if err != nil {
			return
		}
		_, werr := tmp.Write(b)
		cerr := tmp.Close()
		if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.file(key)) != nil {
			os.Remove(tmp.Name())
		}
	}
}

func (c *resultCache) file(key string) string {
	return filepath.Join(c.dir, key+".json")
}

// toolHash identifies the analyzers: a hash of this executable, computed once.
var toolHash = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// DefaultCacheDir is where `gilgrade vet` keeps its results: the user's cache
// directory, or "" when there is none.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gilgrade", "vet")
}

// dedupe sorts diagnostics and drops repeats (a package and its test
// variant find the same thing in the files they share).
func dedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	type key struct {
		file, code, message string
		line, col           int
	}
	seen := make(map[key]bool)
	var out []diag.Diagnostic
	for _, d := range ds {
		k := key{d.File, d.Code, d.Message, d.Line, d.Col}
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	diag.Sort(out)
	return out
}
