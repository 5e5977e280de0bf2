package gotest

import (
	"encoding/binary"
	"os"

	"golang.org/x/sys/unix"
)

// watchBuilt reports the name of each file moved into dir: the go command
// renames each linked test binary into its -o folder, whole. A binary it copies
// instead (when the folder is on another file system than its work folder) is
// not reported, and runs after the build: while the go command still runs, a
// process it is forking may hold the copy open for writing a moment longer,
// and a binary started then fails with "text file busy". It returns a nil
// channel where dir cannot be watched; stop ends the watch.
func watchBuilt(dir string) (names <-chan string, stop func()) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, func() {}
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_MOVED_TO); err != nil {
		unix.Close(fd)
		return nil, func() {}
	}
	// A non-blocking descriptor goes through the runtime's poller, so Close
	// ends a Read in progress.
	f := os.NewFile(uintptr(fd), "inotify")
	out := make(chan string)
	done := make(chan struct{})
	go func() {
		defer close(out)
		buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
		for {
			n, err := f.Read(buf)
			if err != nil {
				return
			}
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				// struct inotify_event: wd, mask, cookie, len, then len
				// bytes of name padded with NULs.
				size := int(binary.NativeEndian.Uint32(buf[off+12:]))
				end := min(off+unix.SizeofInotifyEvent+size, n)
				name := buf[off+unix.SizeofInotifyEvent : end]
				for len(name) > 0 && name[len(name)-1] == 0 {
					name = name[:len(name)-1]
				}
				off = end
				select {
				case out <- string(name):
				case <-done:
					return
				}
			}
		}
	}()
	return out, func() {
		close(done)
		f.Close()
	}
}
