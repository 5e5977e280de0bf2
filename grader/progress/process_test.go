package progress

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// helperEnv, when set, makes the test binary a process that updates the progress
// in the folder it names (the re-exec trick of cmd/vet/vet_test.go).
const helperEnv = "GILGRADE_PROGRESS_HELPER"

const updatesPerProcess = 100

func TestHelperProcess(t *testing.T) {
	root := os.Getenv(helperEnv)
	if root == "" {
		t.Skip("runs only when started by TestTwoProcesses")
	}
	me := os.Getenv("GILGRADE_PROGRESS_ID")
	for i := range updatesPerProcess {
		err := Update(root, func(p *Progress) {
			p.Exercise("ex01").HintsSeen++
			p.Exercise("ex-" + me).HintsSeen = i + 1
			p.Quiz("gil").Best = max(p.Quiz("gil").Best, float64(i))
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

// Two real processes update the file at once while this one reads it: no update
// is lost and no reader ever sees a half-written file.
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	root := t.TempDir()
	var cmds []*exec.Cmd
	for id := range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmd.Env = append(os.Environ(), helperEnv+"="+root, "GILGRADE_PROGRESS_ID="+strconv.Itoa(id))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	done := make(chan struct{})
	var reads int
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := Load(root); errors.Is(err, ErrCorrupt) {
				t.Errorf("a reader saw a damaged file while two processes wrote it: %v", err)
				return
			}
			reads++
			time.Sleep(time.Millisecond)
		}
	})
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("updating process: %v", err)
		}
	}
	close(done)
	wg.Wait()
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Exercise("ex01").HintsSeen; got != 2*updatesPerProcess {
		t.Errorf("after %d updates from each of two processes the count is %d", updatesPerProcess, got)
	}
	for id := range 2 {
		if got := p.Exercise(fmt.Sprintf("ex-%d", id)).HintsSeen; got != updatesPerProcess {
			t.Errorf("process %d's last update is lost: %d", id, got)
		}
	}
	if p.Quiz("gil").Best != updatesPerProcess-1 || reads == 0 {
		t.Errorf("best quiz score %v after %d reads", p.Quiz("gil").Best, reads)
	}
}
