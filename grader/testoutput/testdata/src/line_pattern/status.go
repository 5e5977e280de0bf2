package status

import (
	"context"
	"time"
)

// Within waits for ctx or d, whichever ends first.
func Within(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d) // not the caller's
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}
