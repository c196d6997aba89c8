package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/hari328/platform/internal/awsapi"
)

func TestDoctor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		setup     func(te *testEnv)
		wantCode  int
		wantFails []string // checks that must fail
		wantText  []string
		wantAWS   []string
		notText   []string
		bare      bool // skip the secret and zip that the other cases have
		onExample bool // run on the example file instead of an own platform.tfvars
	}{
		{
			name: "all good",
			setup: func(te *testEnv) {
				te.vars["TF_VAR_google_client_secret"] = "s3cret"
				writeFile(te.t, filepath.Join(te.repo, "build", "presignup.zip"), "PK...")
				writeBackendForTest(te.t, te)
				te.aws.buckets["platform-tfstate-123456789012"] = true
			},
			wantCode: ExitOK,
			wantText: []string{"terraform 1.11.4", "account 123456789012, region us-east-1", "platform-tfstate-123456789012 (us-east-1) reachable"},
			wantAWS:  []string{"sts:GetCallerIdentity", "s3:HeadBucket platform-tfstate-123456789012"},
		},
		{
			name:      "missing secret and zip, not bootstrapped",
			bare:      true,
			wantCode:  ExitFailed,
			wantFails: []string{"google client", "lambda zip"},
			wantText:  []string{"export TF_VAR_google_client_secret", "run 'make lambda'", "not bootstrapped yet"},
			wantAWS:   []string{"sts:GetCallerIdentity"},
		},
		{
			name: "bucket gone",
			setup: func(te *testEnv) {
				te.vars["TF_VAR_google_client_secret"] = "s3cret"
				writeFile(te.t, filepath.Join(te.repo, "build", "presignup.zip"), "PK...")
				writeBackendForTest(te.t, te)
			},
			wantCode:  ExitFailed,
			wantFails: []string{"state bucket"},
			wantText:  []string{"run 'platformctl bootstrap'"},
			wantAWS:   []string{"sts:GetCallerIdentity", "s3:HeadBucket platform-tfstate-123456789012"},
		},
		{
			name:      "no credentials: no AWS call",
			setup:     func(te *testEnv) { te.aws.noCreds = true },
			wantCode:  ExitFailed,
			wantFails: []string{"aws credentials"},
			wantText:  []string{"aws configure"},
		},
		{
			name: "old terraform and no tofu",
			setup: func(te *testEnv) {
				te.env.clients.tfVersion = func(_ ctxT, _ string) (string, error) { return "1.5.7", nil }
				te.env.clients.lookPath = func(name string) (string, error) {
					if name == "terraform" {
						return "/usr/bin/terraform", nil
					}
					return "", errors.New("not found")
				}
			},
			wantCode:  ExitFailed,
			wantFails: []string{"terraform"},
			wantText:  []string{"terraform 1.5.7 is older than 1.10.0"},
			wantAWS:   []string{"sts:GetCallerIdentity"},
		},
		{
			name:      "the example's placeholders fail",
			onExample: true,
			wantCode:  ExitFailed,
			wantFails: []string{"own values", "google client"},
			wantText: []string{
				`owner_email = "owner@hari328.net" still the example's (platform.example.tfvars)`,
				"cp platform.example.tfvars platform.tfvars and set your own owner_email and google_client_id there",
				"google_client_id is the placeholder of platform.example.tfvars",
			},
			wantAWS: []string{"sts:GetCallerIdentity"},
		},
		{
			name:      "a copied file keeps the example owner",
			setup:     withConfig("owner_email", `owner_email = "owner@hari328.net"`),
			wantCode:  ExitFailed,
			wantFails: []string{"own values"},
			wantText:  []string{`owner_email = "owner@hari328.net" still the example's`, "set your own owner_email in "},
			wantAWS:   []string{"sts:GetCallerIdentity"},
		},
		{
			name: "DNS failure is not a credentials problem",
			setup: func(te *testEnv) {
				te.env.clients.sts = func(aws.Config) awsapi.STS { return failingSTS{dnsFailure} }
			},
			wantCode:  ExitFailed,
			wantFails: []string{"aws credentials"},
			wantText:  []string{"get caller identity: cannot resolve sts.us-east-1.amazonaws.com: no such host", "check this machine's network and DNS resolver"},
			notText:   []string{"refresh your credentials"},
		},
		{
			name: "expired token is a credentials problem",
			setup: func(te *testEnv) {
				te.env.clients.sts = func(aws.Config) awsapi.STS {
					return failingSTS{&smithy.GenericAPIError{Code: "ExpiredToken", Message: "The security token included in the request is expired"}}
				}
			},
			wantCode:  ExitFailed,
			wantFails: []string{"aws credentials"},
			wantText:  []string{"ExpiredToken", "refresh your credentials"},
		},
		{
			name:      "padded client secret",
			setup:     func(te *testEnv) { te.vars["TF_VAR_google_client_secret"] = "s3cret\n" },
			wantCode:  ExitFailed,
			wantFails: []string{"google client"},
			wantText:  []string{"TF_VAR_google_client_secret has spaces or a newline around it"},
			wantAWS:   []string{"sts:GetCallerIdentity"},
		},
		{
			name:      "invalid config: AWS checks skipped",
			setup:     func(te *testEnv) { te.usePlatformTfvars("domain = \"x\"\n") },
			wantCode:  ExitFailed,
			wantFails: []string{"config"},
			wantText:  []string{"needs a valid config"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.env.clients.lookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
			te.env.clients.tfVersion = func(_ ctxT, _ string) (string, error) { return "1.11.4", nil }
			if !tt.onExample {
				te.usePlatformTfvars(ownConfig)
			}
			if tt.bare {
				delete(te.vars, "TF_VAR_google_client_secret")
				os.Remove(filepath.Join(te.repo, "build", "presignup.zip"))
			}
			if tt.setup != nil {
				tt.setup(te)
			}
			if code := te.run("doctor"); code != tt.wantCode {
				t.Fatalf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, te.stdout, te.stderr)
			}
			out := te.stdout.String()
			for _, w := range tt.wantText {
				if !strings.Contains(out, w) {
					t.Errorf("stdout does not contain %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notText {
				if strings.Contains(out, w) {
					t.Errorf("stdout contains %q:\n%s", w, out)
				}
			}
			if !slices.Equal(te.aws.Calls(), tt.wantAWS) {
				t.Errorf("AWS calls = %v, want %v", te.aws.Calls(), tt.wantAWS)
			}

			te.aws.calls = nil
			te.run("doctor", "--json")
			var checks []check
			if err := json.Unmarshal(te.stdout.Bytes(), &checks); err != nil {
				t.Fatalf("--json: %v\n%s", err, te.stdout)
			}
			var fails []string
			for _, c := range checks {
				if c.Status == statusFail {
					fails = append(fails, c.Name)
					if c.Fix == "" {
						t.Errorf("failed check %q gives no fix", c.Name)
					}
				}
			}
			if !slices.Equal(fails, tt.wantFails) {
				t.Errorf("failed checks = %v, want %v", fails, tt.wantFails)
			}
		})
	}
}

// dnsFailure is what the SDK returns when the endpoint's name does not
// resolve: smithy-go's RequestSendError around *url.Error, *net.OpError and
// *net.DNSError.
var dnsFailure = &smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "https://sts.us-east-1.amazonaws.com/", Err: &net.OpError{
	Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "sts.us-east-1.amazonaws.com", IsNotFound: true},
}}}

type failingSTS struct{ err error }

func (f failingSTS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return nil, fmt.Errorf("operation error STS: GetCallerIdentity, https response error StatusCode: 0, RequestID: , request send failed: %w", f.err)
}
