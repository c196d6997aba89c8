package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hari328/platform/internal/presignup"
)

// An SSM endpoint that accepts and never answers: the trigger still refuses
// cleanly within Cognito's 5 seconds instead of timing out, and the next
// sign-up reads the list again.
func TestTriggerRefusesInTimeWhenSSMHangs(t *testing.T) {
	stop := make(chan struct{})
	requests := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		requests <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) })
	dir := t.TempDir()
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL_SSM", srv.URL)

	var h lambda.Handler
	var logs bytes.Buffer
	if err := run(context.Background(), func(string) string { return "" }, &logs, func(s lambda.Handler) { h = s }); err != nil {
		t.Fatal(err)
	}
	event, err := os.ReadFile(filepath.Join("..", "..", "internal", "presignup", "testdata", "external-provider.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		// The Lambda's own deadline: its 5-second timeout.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		start := time.Now()
		_, err := h.Invoke(ctx, event)
		took := time.Since(start)
		cancel()
		var refusal *presignup.Refusal
		if !errors.As(err, &refusal) || refusal.Reason != presignup.ReasonAllowlistUnreadable {
			t.Fatalf("sign-up %d: err = %v, want a refusal for an unreadable allowlist", i, err)
		}
		if took > 4*time.Second {
			t.Errorf("sign-up %d took %s: too close to Cognito's 5 seconds", i, took)
		}
	}
	if n := len(requests); n < 2 {
		t.Errorf("%d SSM request(s) for two sign-ups, want the second to read again", n)
	}
	if !strings.Contains(logs.String(), "no answer from "+srv.URL) {
		t.Errorf("log does not name the endpoint: %s", logs.String())
	}
}
