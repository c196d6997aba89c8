package main

import (
	"bytes"
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
		{"no arguments", nil, "-pkg and -out are required"},
		{"no output", []string{"-pkg", "./cmd/presignup"}, "-pkg and -out are required"},
		{"no package", []string{"-out", "build/x.zip"}, "-pkg and -out are required"},
		{"stray argument", []string{"-pkg", "./x", "-out", "x.zip", "extra"}, `unexpected argument "extra"`},
		{"unknown flag", []string{"-zip", "x"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("run(%q) error = %v, want it to contain %q", tt.args, err, tt.wantErr)
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) wrote %q to stdout on failure", tt.args, stdout.String())
			}
		})
	}
}
