package awsdeadline

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// silentServer accepts connections and never answers, until the client gives up.
func silentServer(t *testing.T) *httptest.Server {
	t.Helper()
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // then the server notices the client hanging up
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) }) // runs first
	return srv
}

// answeringServer answers every SSM GetParameter.
func answeringServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(`{"Parameter":{"Name":"/p","Value":"v","Version":1}}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func ssmClient(endpoint string, d time.Duration) *ssm.Client {
	cfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}
	Apply(&cfg, d)
	return ssm.NewFromConfig(cfg, func(o *ssm.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

func TestDeadline(t *testing.T) {
	tests := []struct {
		name        string
		server      func(*testing.T) *httptest.Server
		cancelFirst bool // the caller's context is cancelled before the deadline (Ctrl-C)
		wantTimeout bool
		wantErr     bool
	}{
		{name: "endpoint never answers: one line naming it", server: silentServer, wantTimeout: true, wantErr: true},
		{name: "endpoint answers", server: answeringServer},
		{name: "the caller cancels: not reported as a timeout", server: silentServer, cancelFirst: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := tt.server(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelFirst {
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			done := make(chan error, 1)
			go func() {
				_, err := ssmClient(srv.URL, 500*time.Millisecond).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/p")})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("GetParameter still waits after 10s: the 500ms deadline did not apply")
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			var te *TimeoutError
			if errors.As(err, &te) != tt.wantTimeout {
				t.Fatalf("err = %v, want a TimeoutError: %v", err, tt.wantTimeout)
			}
			if !tt.wantTimeout {
				return
			}
			msg := err.Error()
			for _, want := range []string{"SSM", "no answer from " + srv.URL, "region eu-west-1", "within 500ms", "AWS_ENDPOINT_URL_SSM", "HTTPS_PROXY"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not mention %q", msg, want)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q is not one line", msg)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("errors.Is(%v, DeadlineExceeded) = false", err)
			}
		})
	}
}

func TestTimeoutErrorNamesServiceEnvironmentVariable(t *testing.T) {
	err := &TimeoutError{Service: "Cognito Identity Provider", Region: "us-east-1", After: time.Second}
	want := "no answer from the Cognito Identity Provider endpoint (region us-east-1) within 1s: check your network connection, HTTPS_PROXY/NO_PROXY, and AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER or AWS_ENDPOINT_URL if one is set"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}
