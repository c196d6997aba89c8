package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hari328/platform/internal/allowlist"
)

func TestParameterName(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"default", nil, allowlist.DefaultParameterName},
		{"empty falls back to the default", map[string]string{parameterEnv: ""}, allowlist.DefaultParameterName},
		{"from the environment", map[string]string{parameterEnv: "/other/allowed"}, "/other/allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parameterName(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("parameterName() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRunStartsTheHandler(t *testing.T) {
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	var stderr bytes.Buffer
	var started lambda.Handler
	getenv := func(k string) string {
		if k == parameterEnv {
			return "/test/allowed"
		}
		return ""
	}
	if err := run(context.Background(), getenv, &stderr, func(h lambda.Handler) { started = h }); err != nil {
		t.Fatalf("run() error = %v", err)
	}
	if started == nil {
		t.Fatal("run() did not start a handler")
	}
	if !strings.Contains(stderr.String(), `"allowlist_parameter":"/test/allowed"`) {
		t.Errorf("startup log %q does not name the parameter", stderr.String())
	}
}
