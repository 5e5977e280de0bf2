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

// watcher calls watch when it starts watching.
type watcher struct{ watch func() }

func (w watcher) run(ctx context.Context) error { w.watch(); return fetch(ctx) }

// The cancel variable is called by a callback that the code given the
// context calls. From client-go's reflector tests.
func cancelledByCallback(ctx context.Context) error {
	var cancel func(error)
	w := watcher{watch: func() { cancel(errors.New("done")) }}
	var cctx context.Context
	cctx, cancel = context.WithCancelCause(ctx)
	if err := w.run(cctx); err != nil {
		return err
	}
	cctx, cancel = context.WithCancelCause(ctx)
	return w.run(cctx)
}

// The author answered vet's complaint on the line before.
func nolintGovet(ctx context.Context) <-chan struct{} {
	// A leak that does not matter here.
	//nolint:govet
	ctx, _ = context.WithTimeout(ctx, time.Second)
	return ctx.Done()
}

// A nolint for another linter says nothing about this one.
func nolintOther(ctx context.Context) <-chan struct{} {
	//nolint:errcheck
	ctx, _ = context.WithTimeout(ctx, time.Second) // want "the `_` in `ctx, _ = context.WithTimeout\\(ctx, time.Second\\)` throws away"
	return ctx.Done()
}

// A callback that only reads another variable does not cancel.
func callbackWithoutCancel(ctx context.Context) error {
	calls := 0
	w := watcher{watch: func() { calls++ }}
	cctx, cancel := context.WithCancel(ctx) // want "`cctx, cancel := context.WithCancel\\(ctx\\)` makes `cancel`, but the `return` on line"
	if err := w.run(cctx); err != nil {
		return err
	}
	cancel()
	_ = calls
	return nil
}
