// Command sample-service is the platform's example tenant app: an HTTP API on
// port 3000 with /healthz and /metrics, OTLP traces and logs configured by
// the standard OTEL_* variables, and a graceful shutdown on SIGTERM.
//
//	sample-service                 # serve on :3000 (or $PORT)
//	sample-service -healthcheck    # exit 0 if the running instance is healthy
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hari328/platform/internal/sampleservice"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sample-service:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	return sampleservice.Main(ctx, args, stdout, stderr, os.Getenv)
}
