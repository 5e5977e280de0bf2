package status

import (
	"context"
	"time"
)

// Within asks for a status, giving up after d.
func Within(ctx context.Context, d time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	cancel()
	answers := make(chan string, 1)
	go func() {
		answers <- slowStatus()
	}()
	select {
	case s := <-answers:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
