package fetch

import "time"

// fetch pretends to download u: it takes 500ms of (fake) time.
func fetch(u string) {
	time.Sleep(500 * time.Millisecond)
}
