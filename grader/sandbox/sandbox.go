// Package sandbox runs code gilgrade did not write: every command gets its own
// process group, is killed with that whole group when its context ends, and keeps a
// bounded amount of its output. A Jail goes further for the test binaries: a
// session of its own, and a PID namespace where the machine allows it, else
// gilgrade as the child subreaper of everything the binary leaves behind (see
// Mode), so that nothing it started outlives it.
//
// Where gilgrade is a child subreaper, every command it starts must go through
// os/exec (which holds a pidfd for it until Wait): a child gilgrade holds no
// pidfd for is taken for an adopted orphan, and killed.
package sandbox

import (
	"bytes"
	"os/exec"
	"sync"
	"time"
)

// waitDelay is how long Wait waits for the output pipes to close after the process
// group was killed, in case a grandchild escaped the group and holds them open.
const waitDelay = 2 * time.Second

// Prepare makes cmd start in a new process group and makes cancelling its context
// kill the whole group, so a test binary's goroutines, children and grandchildren
// all stop with it. Stdin is closed so code that reads it gets EOF, not a hang.
func Prepare(cmd *exec.Cmd) {
	setGroup(cmd)
	cmd.Cancel = func() error { return killGroup(cmd) }
	cmd.WaitDelay = waitDelay
	cmd.Stdin = nil
}

// Kill kills cmd's process group now. It is safe to call on a command that has
// already exited; it cleans up whatever the command left running in its group.
func Kill(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = killGroup(cmd)
	}
}

// Buffer is an io.Writer that keeps at most Max bytes and counts the rest. It is
// safe for concurrent use, as a command's stdout and stderr may share it.
type Buffer struct {
	Max int

	mu      sync.Mutex
	buf     bytes.Buffer
	dropped int64
}

// Write keeps what fits and drops the rest; it never fails, so the writing process
// is not stopped by a broken pipe and its exit status stays meaningful.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	room := b.Max - b.buf.Len()
	keep := min(max(room, 0), len(p))
	b.buf.Write(p[:keep])
	b.dropped += int64(len(p) - keep)
	return len(p), nil
}

// String returns what was kept.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Dropped returns how many bytes did not fit.
func (b *Buffer) Dropped() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}
