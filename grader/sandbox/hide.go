package sandbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
)

// Hide is what a jailed command must not see or change: under `grade`, the
// other submissions' copies and the shared build cache. It needs the PID
// namespace's mount namespace; see Hiding.
type Hide struct {
	// Over is covered by an empty file system: nothing under it can be read or
	// written, except Keep.
	Over string
	// Keep, a folder under Over, stays as it is: the submission being graded.
	Keep string
	// Bin, a folder under Over or "", stays readable but not writable: the test
	// binaries, which no test may change before they run.
	Bin string
	// ReadOnly folders can be read, not written (the Go build cache).
	ReadOnly []string
	// Stage is a folder outside Over with two empty folders, keep and bin,
	// where Keep and Bin are held while Over is covered.
	Stage string
}

// HideEnv names the environment variable through which `grade` tells the check
// it runs which folder holds the other submissions.
const HideEnv = "GILGRADE_HIDE"

// hideScript runs in the jail's own mount namespace before the command: $1 Keep,
// $2 Bin (or ""), $3 Stage, $4 Over, $5 how many read-only folders follow, then
// those folders, then the command. It goes back to its working folder by name,
// so that the command sees it through the new mounts.
const hideScript = `set -e
dir=$(pwd)
mount --bind "$1" "$3/keep"
if [ -n "$2" ]; then mount --bind "$2" "$3/bin"; fi
mount -t tmpfs -o size=64k,mode=0755 gilgrade "$4"
mkdir -p "$1"
mount --bind "$3/keep" "$1"
if [ -n "$2" ]; then
  mkdir -p "$2"
  mount --bind "$3/bin" "$2"
  mount -o remount,bind,ro "$2"
fi
n=$5
shift 5
while [ "$n" -gt 0 ]; do
  mount --bind "$1" "$1"
  mount -o remount,bind,ro "$1"
  shift
  n=$((n - 1))
done
cd "$dir"
exec "$@"
`

var (
	hideOnce sync.Once
	hideOK   bool
)

// Hiding reports whether this machine can hide folders from jailed commands: it
// needs the PID namespace, a mount namespace and the mount command. It is probed
// once.
func Hiding() bool {
	hideOnce.Do(func() {
		if Mode() != PIDNamespace {
			return
		}
		dir, err := os.MkdirTemp("", "gilgrade-probe-")
		if err != nil {
			return
		}
		defer os.RemoveAll(dir)
		h := &Hide{Over: filepath.Join(dir, "over"), Keep: filepath.Join(dir, "over", "keep"),
			Bin: filepath.Join(dir, "over", "bin"), ReadOnly: []string{filepath.Join(dir, "ro")}, Stage: filepath.Join(dir, "stage")}
		for _, d := range []string{h.Keep, h.Bin, h.ReadOnly[0], h.Stage + "/keep", h.Stage + "/bin"} {
			if os.MkdirAll(d, 0o755) != nil {
				return
			}
		}
		os.WriteFile(filepath.Join(h.Over, "other"), []byte("x"), 0o644)
		j := &Jail{hide: h, mode: PIDNamespace}
		// The probe sees its own folder, not its neighbour, and cannot write the
		// read-only one.
		cmd := j.command(context.Background(), "sh", "-c", `test -d . && test ! -e ../other && test -d ../bin && ! touch "$1/x" ../bin/x 2>/dev/null`, "sh", h.ReadOnly[0])
		cmd.Dir = h.Keep
		hideOK = cmd.Run() == nil
	})
	// ContainmentEnv may have made Mode weaker since the probe.
	return hideOK && Mode() == PIDNamespace
}

// WithHide returns the jail, which will hide what h names when the machine
// can (Hiding), and hide nothing otherwise.
func (j *Jail) WithHide(h *Hide) *Jail {
	if h != nil && Hiding() {
		j.hide = h
	}
	return j
}

// command builds the jailed command; with a Hide, a shell sets up the mounts and
// then becomes the command, which stays the namespace's first process.
func (j *Jail) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if j.mode != PIDNamespace {
		return exec.CommandContext(ctx, name, args...)
	}
	full := append([]string{}, unshare[1:]...)
	if h := j.hide; h != nil {
		full = append(full, "sh", "-c", hideScript, "sh", h.Keep, h.Bin, h.Stage, h.Over, strconv.Itoa(len(h.ReadOnly)))
		full = append(full, h.ReadOnly...)
	}
	full = append(append(full, name), args...)
	return exec.CommandContext(ctx, unshare[0], full...)
}
