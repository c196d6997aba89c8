package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An AWS endpoint that accepts connections and never answers must not hang
// platformctl: each call has a deadline (here 1s, the option tests set) and
// the error names the endpoint and what to check.
func TestAWSCallsHaveADeadline(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) })

	// The real SDK configuration, from the environment as a user has it.
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")

	tests := []struct {
		name     string
		endpoint string // the environment variable pointing at the silent server
		args     []string
		want     []string
	}{
		{
			name:     "friends list",
			endpoint: "AWS_ENDPOINT_URL_SSM",
			args:     []string{"friends", "list"},
			want:     []string{"no answer from " + srv.URL + " (region us-east-1) within 1s", "AWS_ENDPOINT_URL_SSM"},
		},
		{
			name:     "status",
			endpoint: "AWS_ENDPOINT_URL",
			args:     []string{"status"},
			want:     []string{"no answer from " + srv.URL + " (region us-east-1) within 1s", "HTTPS_PROXY"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.endpoint, srv.URL)
			te := newTestEnv(t)
			te.env.AWS = te.env.defaultAWS
			te.env.clients.awsTimeout = time.Second

			done := make(chan int, 1)
			go func() { done <- te.run(tt.args...) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("platformctl %s still waits after 20s on an endpoint that never answers", strings.Join(tt.args, " "))
			}
			if code != ExitFailed {
				t.Errorf("exit code = %d, want %d", code, ExitFailed)
			}
			out := te.stdout.String() + te.stderr.String()
			t.Logf("stderr: %s", te.stderr)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output does not say %q:\nstdout: %s\nstderr: %s", w, te.stdout, te.stderr)
				}
			}
		})
	}
}
