// Command platformctl deploys and inspects the platform. See docs/platformctl.md.
package main

import (
	"context"
	"os"
	"syscall"

	"github.com/hari328/platform/internal/cli"
	"github.com/hari328/platform/internal/tfrun"
)

func main() {
	// The first Ctrl-C cancels ctx (Terraform gets one interrupt and saves its
	// state); a second one forces Terraform to stop (see tfrun.NotifyContext).
	ctx, stop := tfrun.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
