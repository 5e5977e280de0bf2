package classroom

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gilgrade/gilgrade/grader/sandbox"
)

// A git submission whose clone writes more than a submission may hold is
// refused with the reason, before its tree is read: here a file of random
// bytes, which no compression shrinks, behind a limit lowered to 64 KiB.
func TestGitDownloadIsBounded(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	class := t.TempDir()
	repo := filepath.Join(class, "huge")
	writeWorkspace(t, repo, "ok", "ok")
	noise := make([]byte, 4<<20)
	rand.Read(noise)
	if err := os.WriteFile(filepath.Join(repo, "noise.bin"), noise, 0o644); err != nil {
		t.Fatal(err)
	}
	commit(t, repo)
	l := Limits{Bytes: 64 << 10, Files: 100}
	res, fg := gradeClass(t, class, []string{"huge.git"}, Options{Limits: l})
	r := res["huge"]
	// Not the tree's check ("more than 64 KiB in all"): the clone's.
	want := "cloning the repository wrote more than 1139 KiB (a submission holds at most 64 KiB in all)"
	if r == nil || r.Status != Error || !strings.Contains(r.Error, want) {
		t.Errorf("got %+v, want status error with %q", r, want)
	}
	if len(fg.calls) != 0 {
		t.Errorf("graded %v", fg.calls)
	}
	// The same repository within the default limits is cloned and graded.
	res, _ = gradeClass(t, class, []string{"huge.git"}, Options{})
	if r := res["huge"]; r == nil || r.Status == Error {
		t.Errorf("within the default limits: %+v", r)
	}
}

// A clone that keeps writing is killed once it passes the limit, not when it
// is done: the writer here never stops by itself.
func TestWithinSizeStopsAWriterPastTheLimit(t *testing.T) {
	for _, tool := range []string{"sh", "head", "sleep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	dir := t.TempDir()
	// Only if the size watch failed would this deadline end the writer.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := withinSize(ctx, dir, 1<<20, func(ctx context.Context) error {
		cmd := exec.CommandContext(ctx, "sh", "-c", `while :; do head -c 65536 /dev/zero >> "$1/pack"; sleep 0.01; done`, "sh", dir)
		sandbox.Prepare(cmd)
		return cmd.Run()
	})
	if !errors.Is(err, errDownload) || ctx.Err() != nil {
		t.Errorf("err %v, deadline %v: want the size watch to stop the writer", err, ctx.Err())
	}
}
