#!/usr/bin/env bash
# Records the go test -json streams the parser tests read. Run from this folder:
#   bash record.sh
# Each case is a tiny package in a temporary module; its path is rewritten to
# /COURSE so the recordings do not depend on this machine.
set -euo pipefail
here=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf 'module rec\n\ngo 1.25\n' > go.mod

record() { # name, then go test flags
	local name=$1; shift
	(cd "$tmp/$name" && GORACE=atexit_sleep_ms=0 go test -race -json -count=1 "$@" . || true) |
		sed -e "s#$tmp#/COURSE#g" >"$here/$name.jsonl"
}

mkdir pass fail build race timeout panic
cat > pass/p_test.go <<'GO'
package p

import "testing"

func TestOne(t *testing.T) { t.Log("hello") }
func TestTwo(t *testing.T) {
	t.Run("sub", func(t *testing.T) {})
}
GO
cat > fail/p_test.go <<'GO'
package p

import "testing"

func TestGood(t *testing.T) {}
func TestBad(t *testing.T) {
	t.Attr("gilgrade.code", "sequential")
	t.Errorf("expected 5 files, got %d", 3)
}
GO
cat > build/p.go <<'GO'
package p

func f() int { return "x" }
GO
cat > build/p_test.go <<'GO'
package p

import "testing"

func TestF(t *testing.T) { f() }
GO
cat > race/p_test.go <<'GO'
package p

import (
	"sync"
	"testing"
)

func TestRace(t *testing.T) {
	n := 0
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); n++ }()
	}
	wg.Wait()
	_ = n
}
GO
cat > timeout/p_test.go <<'GO'
package p

import (
	"sync"
	"testing"
)

func TestHang(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	mu.Lock()
}
GO
cat > panic/p_test.go <<'GO'
package p

import "testing"

func TestPanic(t *testing.T) {
	var m map[string]int
	m["x"] = 1
}
GO
record pass
record fail
record build
record race
record timeout -timeout=1s
record panic
