package sampleservice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Serve serves h on ln until ctx is done (SIGTERM), then stops accepting new
// connections and waits up to drain for in-flight requests to finish.
//
// On ECS the ALB has already deregistered the task (deregistration delay)
// before the stop signal, so no new requests are routed here by then; drain
// must stay below the container stop timeout (30 s by default) so the
// process exits before SIGKILL.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, drain time.Duration, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second, // above the ALB's 60 s idle timeout
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", slog.String("addr", ln.Addr().String()))

	select {
	case err := <-served:
		return fmt.Errorf("serve HTTP: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down: draining in-flight requests", slog.Duration("drain", drain))
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("drain in-flight requests within %s: %w; raise -drain (and the ECS stop timeout) if requests legitimately take longer", drain, err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve HTTP: %w", err)
	}
	logger.Info("stopped")
	return nil
}
