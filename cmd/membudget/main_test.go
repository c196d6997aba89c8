package main

import (
	"context"
	"strings"
	"testing"
)

func TestRunRejectsBadArguments(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "stray argument", args: []string{"extra"}, wantErr: "unexpected argument"},
		{name: "reserved above registered", args: []string{"-registered-mib", "100", "-reserved-mib", "200"}, wantErr: "invalid host memory"},
		{name: "missing plan file", args: []string{"-plan-json", "/nonexistent/plan.json"}, wantErr: "read plan JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("run() error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
