package sandbox

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// probeReaper makes gilgrade a child subreaper if it can tell its own commands
// from the orphans it will adopt, and reports whether it did.
//
// Go's os/exec holds a pidfd for every process it starts until Wait has reaped
// it (Linux 5.4 and later): a child of gilgrade with no pidfd in gilgrade's own
// file table was not started by gilgrade but adopted. The probe checks, with a
// real child, that this holds here and that /proc lists gilgrade's children.
func probeReaper() bool {
	cmd := exec.Command("sh", "-c", "read x")
	in, err := cmd.StdinPipe()
	if err != nil {
		return false
	}
	if err := cmd.Start(); err != nil {
		return false
	}
	pid := cmd.Process.Pid
	ok := heldPidfds()[pid] && slices.Contains(children(os.Getpid()), pid)
	in.Close()
	_ = cmd.Wait()
	return ok && unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == nil
}

// heldPidfds returns the processes gilgrade holds a pidfd for: those os/exec
// started and has not reaped yet.
func heldPidfds() map[int]bool {
	out := map[int]bool{}
	ents, _ := os.ReadDir("/proc/self/fdinfo")
	for _, e := range ents {
		b, err := os.ReadFile("/proc/self/fdinfo/" + e.Name())
		if err != nil {
			continue
		}
		// Only a pidfd's information has a Pid line.
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Pid:"); ok {
				if pid, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && pid > 0 {
					out[pid] = true
				}
			}
		}
	}
	return out
}

// stat returns a process's parent and session from /proc/<pid>/stat.
func stat(pid int) (ppid, sid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	// The command name, in parentheses, may hold spaces and parentheses itself.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(b[i+1:])) // state ppid pgrp session …
	if len(f) < 4 {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	sid, err2 := strconv.Atoi(f[3])
	return ppid, sid, err1 == nil && err2 == nil
}

// orphans lists gilgrade's children that it adopted (no pidfd held for them),
// leaving out those in the session of a running jail.
func orphans() []int {
	// No jail starts and no process forks while the children are listed: a
	// child is listed before its pidfd is in the file table, and a jail's first
	// process before the jail has recorded it. The pidfds are read before the
	// children, so that a command reaped in between is in neither list.
	starting.Lock()
	syscall.ForkLock.RLock()
	held := heldPidfds()
	kids := children(os.Getpid())
	syscall.ForkLock.RUnlock()
	running := liveSessions()
	starting.Unlock()
	var out []int
	for _, k := range kids {
		if held[k] {
			continue
		}
		if _, sid, ok := stat(k); ok && running[sid] {
			continue
		}
		out = append(out, k)
	}
	return out
}

// adopted returns gilgrade's children in session sid but its leader: the
// orphans of the jail whose command leads it.
func adopted(sid int) []int {
	var out []int
	for _, k := range children(os.Getpid()) {
		if _, s, ok := stat(k); ok && s == sid && k != sid {
			out = append(out, k)
		}
	}
	return out
}

// reapMu makes one reapOrphans run at a time.
var reapMu sync.Mutex

// reapTimeout bounds how long reapOrphans waits for killed processes to end: one
// stuck in the kernel (uninterruptible sleep) dies only when it leaves it.
const reapTimeout = 10 * time.Second

// reapOrphans kills every orphan gilgrade adopted and what it started, then
// reaps the orphans, until none is left. Only adopted processes are waited for:
// their exit status is nobody's, and a process gilgrade has not reaped keeps its
// pid, so the kill cannot reach another process.
func reapOrphans() {
	reapMu.Lock()
	defer reapMu.Unlock()
	self := os.Getpid()
	// Each round kills the orphans and their descendants; what they started in
	// the meantime is adopted in turn, and killed in the next round.
	for range 64 {
		found := orphans()
		if len(found) == 0 {
			return
		}
		// Stopped first, top down, so that nothing forks while the tree is walked;
		// then killed.
		tree := map[int]bool{self: true}
		var fds []int
		for _, pid := range found {
			tree[pid] = true
			_ = syscall.Kill(pid, syscall.SIGSTOP)
		}
		for _, pid := range found {
			fds = stopDescendants(pid, tree, fds)
		}
		for _, pid := range found {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		for _, fd := range fds {
			_ = unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
			unix.Close(fd)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, pid := range found {
				for {
					_, err := unix.Wait4(pid, nil, unix.WALL, nil)
					if !errors.Is(err, syscall.EINTR) {
						break
					}
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(reapTimeout):
			return
		}
	}
}

// stopDescendants stops pid's descendants and returns their pidfds added to
// fds. They are not gilgrade's children, so each is reached through a pidfd,
// once its parent is checked to be in tree: a pid read from /proc may have been
// reused by then.
func stopDescendants(pid int, tree map[int]bool, fds []int) []int {
	for _, c := range children(pid) {
		if tree[c] {
			continue
		}
		fd, err := unix.PidfdOpen(c, 0)
		if err != nil {
			continue
		}
		if ppid, _, ok := stat(c); !ok || !tree[ppid] {
			unix.Close(fd)
			continue
		}
		tree[c] = true
		_ = unix.PidfdSendSignal(fd, unix.SIGSTOP, nil, 0)
		fds = stopDescendants(c, tree, append(fds, fd))
	}
	return fds
}
