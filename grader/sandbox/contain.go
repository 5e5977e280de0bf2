package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os/exec"
	"sync"
)

// Containment says how a command's descendants are kept from outliving it.
type Containment string

const (
	// PIDNamespace: the command is the first process of a PID namespace of its own
	// (`unshare --user --pid`, with its own /proc where allowed), so the kernel
	// kills every process left in it when the command ends, whatever session or
	// group they moved to.
	PIDNamespace Containment = "pid-namespace"
	// Sweep: no PID namespace; the command's process group is killed, then every
	// process that still carries the command's marker in its environment.
	// A descendant that both leaves the group (Setsid) and clears its environment
	// can escape this.
	Sweep Containment = "process-group-and-sweep"
)

var (
	probeOnce sync.Once
	unshare   []string
	// noNamespace makes Mode report Sweep, so tests can try the fallback.
	noNamespace bool
)

// Mode returns how commands are contained on this machine; it is probed once.
func Mode() Containment {
	probeOnce.Do(func() {
		p, err := exec.LookPath("unshare")
		if err != nil {
			return
		}
		// With a /proc of its own when the system allows it, the code cannot see
		// (or read the environment of) any process outside its namespace.
		for _, extra := range [][]string{{"--mount-proc"}, nil} {
			args := append(append([]string{p, "--user", "--map-root-user", "--pid", "--fork"}, extra...), "--kill-child", "--")
			if exec.Command(args[0], append(args[1:], "true")...).Run() == nil {
				unshare = args
				return
			}
		}
	})
	if unshare != nil && !noNamespace {
		return PIDNamespace
	}
	return Sweep
}

// Jail is one contained command: Command builds it, Close kills whatever it left.
type Jail struct {
	marker string
	hide   *Hide
}

// markerVar names the environment variable that marks a jail's processes.
const markerVar = "GILGRADE_JAIL"

// NewJail returns a jail with a marker of its own.
func NewJail() *Jail {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return &Jail{marker: hex.EncodeToString(b)}
}

// Command returns the command that runs name with args inside the jail: in a PID
// namespace of its own where the machine offers one. Its environment must come
// from Environ, which marks it.
func (j *Jail) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return j.command(ctx, name, args...)
}

// Environ returns env with the jail's marker added.
func (j *Jail) Environ(env []string) []string {
	return append(env, markerVar+"="+j.marker)
}

// Close kills every process still marked with the jail's marker: the ones that
// left the command's process group. In a PID namespace the kernel has done it
// already; it is a no-op where /proc cannot be read.
func (j *Jail) Close() {
	if Mode() != PIDNamespace {
		sweep(markerVar + "=" + j.marker)
	}
}
