//go:build !unix

package sandbox

import "os/exec"

func setGroup(cmd *exec.Cmd) {}

func setSession(cmd *exec.Cmd) {}

// killGroup kills the process itself: without process groups its children may
// outlive it, which WaitDelay bounds.
func killGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
