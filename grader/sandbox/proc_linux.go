package sandbox

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// TreeRSS returns the resident memory of pid and all its descendants, in bytes,
// and false when it cannot be read (the process is gone).
func TreeRSS(pid int) (int64, bool) {
	total, ok := rss(pid)
	if !ok {
		return 0, false
	}
	for _, child := range children(pid) {
		if n, ok := TreeRSS(child); ok {
			total += n
		}
	}
	return total, true
}

// MemoryWatched reports whether TreeRSS works on this machine.
func MemoryWatched() bool { _, ok := rss(os.Getpid()); return ok }

func rss(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}

func children(pid int) []int {
	p := strconv.Itoa(pid)
	tasks, _ := filepath.Glob("/proc/" + p + "/task/*/children")
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// sweep kills the processes of this user whose environment holds marker. A
// process can only be read by its own user (or root), which is who started it.
func sweep(marker string) {
	want := append([]byte(marker), 0)
	self := os.Getpid()
	// Kill until none is left: a marked process may fork while the sweep runs.
	for range 5 {
		found := false
		dirs, _ := os.ReadDir("/proc")
		for _, d := range dirs {
			pid, err := strconv.Atoi(d.Name())
			if err != nil || pid == self {
				continue
			}
			env, err := os.ReadFile("/proc/" + d.Name() + "/environ")
			if err != nil {
				continue
			}
			if bytes.HasPrefix(env, want) || bytes.Contains(env, append([]byte{0}, want...)) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				found = true
			}
		}
		if !found {
			return
		}
	}
}
