package a

import (
	"context"
	"errors"
	"time"
)

func fetch(ctx context.Context) error { return nil }

func early(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second) // want "`ctx, cancel := context.WithTimeout\\(ctx, time.Second\\)` makes `cancel`, but the `return` on line 14 is reached without calling it, so the context stays alive until its parent ends\nwrite `defer cancel\\(\\)` on the line after it"
	if ctx == nil {
		return errors.New("no context")
	}
	err := fetch(ctx)
	cancel()
	return err
}

func discarded(ctx context.Context) error {
	ctx, _ = context.WithCancel(ctx) // want "the `_` in `ctx, _ = context.WithCancel\\(ctx\\)` throws away the cancel function of `context.WithCancel`.*\nname it and cancel when done"
	return fetch(ctx)
}

// Near misses: all correct.

func deferred(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return fetch(ctx)
}

func returned(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}
