package tfrun

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
)

type forceKey struct{}

// NotifyContext is signal.NotifyContext for a program that runs Terraform
// through Exec. The first of sigs cancels the returned context: a running
// Exec.Run then sends Terraform one interrupt and waits for it to save its
// state. Every later signal is a request to force: Exec.Run passes it on as a
// further interrupt, which Terraform obeys at once. Without this, the later
// signals would be swallowed (signal.NotifyContext keeps them registered) and
// the user could not stop a Terraform that hangs.
//
// stop unregisters the signals and cancels the context.
func NotifyContext(parent context.Context, sigs ...os.Signal) (ctx context.Context, stop context.CancelFunc) {
	inner, cancel := context.WithCancelCause(parent)
	force := make(chan struct{}, 1)
	ctx = context.WithValue(inner, forceKey{}, (<-chan struct{})(force))
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, sigs...)
	stopped := make(chan struct{})
	go func() {
		for {
			select {
			case <-stopped:
				return
			case s := <-ch:
				if inner.Err() == nil {
					cancel(fmt.Errorf("%v signal received", s))
					continue
				}
				select {
				case force <- struct{}{}:
				default: // one pending request to force is enough
				}
			}
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(ch)
			close(stopped)
			cancel(context.Canceled)
		})
	}
}

// ForceInterrupts returns the channel on which a context made by
// NotifyContext reports each signal after the first, or nil (never ready)
// for any other context.
func ForceInterrupts(ctx context.Context) <-chan struct{} {
	ch, _ := ctx.Value(forceKey{}).(<-chan struct{})
	return ch
}
