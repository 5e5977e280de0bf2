package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"sync"
)

// Containment says how a command's descendants are kept from outliving it.
type Containment string

// The ways, strongest first. Mode picks the strongest the machine offers.
const (
	// PIDNamespace: the command is the first process of a PID namespace of its own
	// (`unshare --user --pid`, with its own /proc where allowed), so the kernel
	// kills every process left in it when the command ends, whatever session or
	// group they moved to.
	PIDNamespace Containment = "pid-namespace"
	// Subreaper: no PID namespace, but gilgrade is a child subreaper (Linux), so
	// every process whose parent dies below it becomes gilgrade's child instead
	// of init's, whatever session it started or environment it cleared. When a
	// command ends, its process group is killed, then every such orphan (see
	// Reap). The command's code can still see and signal the user's other
	// processes.
	Subreaper Containment = "subreaper"
	// Sweep: neither; the command's process group is killed, then every process
	// that still carries the command's marker in its environment. A descendant
	// that both leaves the group (Setsid) and clears its environment can escape
	// this.
	Sweep Containment = "process-group-and-sweep"
)

// ContainmentEnv names the environment variable that makes Mode weaker than the
// machine allows: set to "subreaper" or "process-group-and-sweep", it is the
// strongest mode used (tests try the fallbacks with it). It never makes Mode
// stronger; any other value is ignored.
const ContainmentEnv = "GILGRADE_CONTAINMENT"

var (
	probeOnce sync.Once
	unshare   []string
	// reaper is set once gilgrade is a child subreaper and can tell its own
	// commands from the orphans it adopts (see probeReaper).
	reaper bool
)

// rank orders the modes, strongest last; 0 is no mode.
func rank(c Containment) int {
	switch c {
	case Sweep:
		return 1
	case Subreaper:
		return 2
	case PIDNamespace:
		return 3
	}
	return 0
}

// Mode returns how commands are contained on this machine. The machine is
// probed once; the first call also makes gilgrade a child subreaper where it
// can, so a command that wants its orphans back must call Mode before it
// starts anything (NewJail does).
func Mode() Containment {
	probeOnce.Do(func() {
		reaper = probeReaper()
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
	m := Sweep
	switch {
	case unshare != nil:
		m = PIDNamespace
	case reaper:
		m = Subreaper
	}
	if f := Containment(os.Getenv(ContainmentEnv)); rank(f) > 0 && rank(f) < rank(m) {
		m = f
	}
	return m
}

// reaping reports whether Reap has work to do: gilgrade is a child subreaper and
// Mode was not made weaker than that.
func reaping() bool { return Mode() != Sweep && reaper }

// Reap kills every process gilgrade adopted as a child subreaper (a process whose
// parent died below gilgrade) and reaps it, with what it started, except the
// orphans of a jail still running, which that jail's Close reaps. It never
// touches a command gilgrade started and has not waited for, so no exit status
// is taken from under exec.Cmd.Wait. It does nothing where gilgrade is not a
// child subreaper. `grade` calls it after each submission's check, whose test
// processes are orphaned when that check is killed at its deadline.
func Reap() {
	if reaping() {
		reapOrphans()
	}
}

// Jail is one contained command: Command builds it, Start starts it, Close kills
// whatever it left.
type Jail struct {
	marker string
	hide   *Hide
	mode   Containment
	pid    int // the command's process, once started
}

// markerVar names the environment variable that marks a jail's processes.
const markerVar = "GILGRADE_JAIL"

// NewJail returns a jail with a marker of its own.
func NewJail() *Jail {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return &Jail{marker: hex.EncodeToString(b), mode: Mode()}
}

// Command returns the command that runs name with args inside the jail: in a PID
// namespace of its own where the machine offers one, and always in a session of
// its own, so that its processes cannot join gilgrade's session or process group
// and the orphans they leave can be told from those of other jails. Its
// environment must come from Environ, which marks it. Start it with Start.
func (j *Jail) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := j.command(ctx, name, args...)
	setSession(cmd)
	return cmd
}

// Environ returns env with the jail's marker added.
func (j *Jail) Environ(env []string) []string {
	return append(env, markerVar+"="+j.marker)
}

// Start starts cmd, which Command built, and holds the orphans of its session
// back from other jails' Reap until Close.
func (j *Jail) Start(cmd *exec.Cmd) error {
	// A Reap looks at gilgrade's children under the write lock: it never sees
	// this command's process before the jail has recorded it.
	starting.RLock()
	defer starting.RUnlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	j.pid = cmd.Process.Pid
	liveMu.Lock()
	live[j] = true
	liveMu.Unlock()
	return nil
}

// Memory returns the resident memory of the jail's command and its
// descendants, with, where gilgrade is a child subreaper, the orphans it
// adopted from the jail's session, in bytes; false once the command is gone or
// where memory cannot be read.
func (j *Jail) Memory() (int64, bool) {
	n, ok := TreeRSS(j.pid)
	if !ok || j.mode == Sweep || !reaper {
		return n, ok
	}
	for _, o := range adopted(j.pid) {
		if m, ok := TreeRSS(o); ok {
			n += m
		}
	}
	return n, true
}

// Close kills what the jail's command left running; call it after cmd.Wait has
// returned. In a PID namespace the kernel has done it already. Where gilgrade
// is a child subreaper, every orphan that is not another running jail's is
// killed and reaped: nothing the command started can have left gilgrade's
// descendants. Otherwise every process still marked with the jail's marker is
// killed (where /proc can be read).
func (j *Jail) Close() {
	liveMu.Lock()
	delete(live, j)
	liveMu.Unlock()
	switch {
	case j.mode != Sweep && reaper:
		reapOrphans()
	case j.mode == Sweep:
		sweep(markerVar + "=" + j.marker)
	}
}

var (
	// starting is read-locked while a jail starts its command and write-locked
	// while Reap lists gilgrade's children.
	starting sync.RWMutex
	liveMu   sync.Mutex
	// live holds the running jails. (By jail, not by pid: a pid may be reused
	// between one jail's Wait and its Close.)
	live = map[*Jail]bool{}
)

// liveSessions returns the sessions of the running jails: each one's command
// leads its own.
func liveSessions() map[int]bool {
	liveMu.Lock()
	defer liveMu.Unlock()
	out := make(map[int]bool, len(live))
	for j := range live {
		out[j.pid] = true
	}
	return out
}
