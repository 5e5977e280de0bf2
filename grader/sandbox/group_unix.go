//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
)

// setGroup puts cmd in a process group of its own, unless it starts a session of
// its own, which is a process group too (a session leader cannot change group).
func setGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = !cmd.SysProcAttr.Setsid
}

// setSession makes cmd the leader of a new session, and so of a new process
// group, with no controlling terminal.
func setSession(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setsid = true
	cmd.SysProcAttr.Setpgid = false
}

func killGroup(cmd *exec.Cmd) error {
	// The group id is the leader's pid; a negative pid names the whole group.
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
