// Command membudget checks that the monitoring stack, the example tenant app and one rolling
// deploy of the app fit in the memory one t3.medium registers with ECS (docs/monitoring.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/hari328/platform/internal/membudget"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "membudget:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	return membudget.Run(ctx, args, stdout, stderr, membudget.ExecRunner)
}
