// Command presignup is the Cognito pre-sign-up Lambda trigger (provided.al2023,
// arm64): it admits only the email addresses on the SSO allowlist. The logic is
// in internal/presignup; docs/sso.md describes what it admits and refuses.
//
// Build its zip with `go run ./cmd/lambdazip -pkg ./cmd/presignup -out build/presignup.zip`.
//
// Environment:
//
//	ALLOWED_EMAILS_PARAMETER  SSM StringList parameter with the allowlist
//	                          (default /infra/sso/allowed-emails)
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/hari328/platform/internal/allowlist"
	"github.com/hari328/platform/internal/awsdeadline"
	"github.com/hari328/platform/internal/presignup"
)

// parameterEnv names the environment variable holding the allowlist parameter.
const parameterEnv = "ALLOWED_EMAILS_PARAMETER"

// ssmDeadline bounds each SSM call, retries included.
const ssmDeadline = 2 * time.Second

func main() {
	if err := run(context.Background(), os.Getenv, os.Stderr, start); err != nil {
		fmt.Fprintln(os.Stderr, "presignup:", err)
		os.Exit(1)
	}
}

// start serves invocations until the execution environment ends. lambda.Start is
// the entry point aws-lambda-go v1.55.1 documents (lambda/entry.go: StartHandler is
// "Deprecated: use lambda.Start(handler) instead"); given a value with
// Invoke(context.Context, []byte) ([]byte, error) it passes the raw event bytes
// through unchanged (lambda/handler.go, reflectHandler), which the handler needs to
// return the event as it came.
func start(h lambda.Handler) { lambda.Start(h) }

// run wires the handler to SSM and hands it to start.
func run(ctx context.Context, getenv func(string) string, stderr io.Writer, start func(lambda.Handler)) error {
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	name := parameterName(getenv)

	// Cognito waits 5 seconds for the trigger (the function's timeout in
	// terraform/base-infra/cognito.tf): an SSM read that hangs must end in
	// time to refuse cleanly ("try again"), and is then retried on the next
	// sign-up (allowlist.Source keeps no deadline error).
	cfg, err := config.LoadDefaultConfig(ctx, awsdeadline.LoadOptions(ssmDeadline)...)
	if err != nil {
		return fmt.Errorf("load AWS configuration: %w; check the function's execution role and AWS_REGION", err)
	}
	source := allowlist.NewSource(ssm.NewFromConfig(cfg), name)
	log.Info("pre-sign-up trigger starting", slog.String("allowlist_parameter", name))
	start(presignup.New(source, log))
	return nil
}

// parameterName is the allowlist parameter from the environment, or the contract's default.
func parameterName(getenv func(string) string) string {
	if v := getenv(parameterEnv); v != "" {
		return v
	}
	return allowlist.DefaultParameterName
}
