// Command lambdazip builds a Go package as a Lambda `bootstrap` for
// provided.al2023 on arm64 and writes it into a reproducible zip:
//
//	go run ./cmd/lambdazip -pkg ./cmd/presignup -out build/presignup.zip
//
// It prints the zip's path and SHA-256 (hex, and base64 as Terraform's
// filebase64sha256 shows it) on stdout; the go command's output goes to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/hari328/platform/internal/lambdazip"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "lambdazip:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lambdazip", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts lambdazip.Options
	fs.StringVar(&opts.Package, "pkg", "", "Go package to build, e.g. ./cmd/presignup (required)")
	fs.StringVar(&opts.Out, "out", "", "zip file to write, e.g. build/presignup.zip (required)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: lambdazip -pkg ./cmd/presignup -out build/presignup.zip")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; run `lambdazip -h` for usage", fs.Arg(0))
	}
	if opts.Package == "" || opts.Out == "" {
		return fmt.Errorf("-pkg and -out are required; e.g. go run ./cmd/lambdazip -pkg ./cmd/presignup -out build/presignup.zip")
	}
	res, err := lambdazip.Build(ctx, opts, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\tsha256=%s\tbase64sha256=%s\tbytes=%d\n", res.Path, res.SHA256Hex, res.SHA256Base64, res.Size)
	return nil
}
