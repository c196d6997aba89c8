// Command platformctl deploys and inspects the platform. See docs/platformctl.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hari328/platform/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
