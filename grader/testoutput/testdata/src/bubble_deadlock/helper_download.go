package pool

import "time"

// download pretends to fetch u: it takes 500ms of (fake) time.
func download(u string) int {
	time.Sleep(500 * time.Millisecond)
	return len(u)
}
