//go:build unix

package sandbox

import (
	"os/exec"
	"syscall"
)

func setGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

func killGroup(cmd *exec.Cmd) error {
	// The group id is the leader's pid; a negative pid names the whole group.
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
