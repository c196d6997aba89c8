package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/smithy-go"

	"github.com/hari328/platform/internal/dnscheck"
)

// baseInfraKey is base-infra's state object in the bucket (layers.Layer.StateKey).
const baseInfraKey = "base-infra/terraform.tfstate"

func TestDNSAgainstALoopbackParent(t *testing.T) {
	t.Parallel()
	const certARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
	tests := []struct {
		name     string
		parent   []string
		cert     acmtypes.CertificateStatus
		wantCode int
		want     dnscheck.State
	}{
		{"delegated and issued", route53NS, acmtypes.CertificateStatusIssued, ExitOK, dnscheck.Delegated},
		{"delegated, certificate still pending", route53NS, acmtypes.CertificateStatusPendingValidation, ExitNotReady, dnscheck.Delegated},
		{"not delegated", []string{"dns1.registrar-servers.com", "dns2.registrar-servers.com"}, acmtypes.CertificateStatusPendingValidation, ExitNotReady, dnscheck.NotDelegated},
		{"partly delegated", route53NS[1:], acmtypes.CertificateStatusPendingValidation, ExitPartialDNS, dnscheck.PartlyDelegated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			writeBackendForTest(t, te)
			parent := startParent(t)
			parent.Delegate("hari328.net", tt.parent...)
			te.env.clients.parentDNS = []string{parent.Addr}
			te.aws.states[baseInfraKey] = stateWithOutputs(nameServersOutput(route53NS, "platform"))
			te.aws.certs[certARN] = tt.cert

			if code := te.run("dns"); code != tt.wantCode {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, tt.wantCode, te.stderr)
			}
			out := te.stdout.String()
			for _, want := range []string{"hari328.net", string(tt.want) + " (asked " + parent.Addr + ")", string(tt.cert), route53NS[3]} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout does not contain %q:\n%s", want, out)
				}
			}

			if code := te.run("dns", "--json"); code != tt.wantCode {
				t.Fatalf("--json: exit code = %d, want %d", code, tt.wantCode)
			}
			var rep dnsReport
			if err := json.Unmarshal(te.stdout.Bytes(), &rep); err != nil {
				t.Fatalf("--json output is not JSON: %v\n%s", err, te.stdout)
			}
			if rep.State != tt.want || rep.CertificateStatus != string(tt.cert) || len(rep.Expected) != 4 {
				t.Errorf("JSON report = %+v", rep)
			}
			// dns reads the state object itself: no 'terraform init', no Terraform at all.
			if calls := te.tf.Calls(); len(calls) != 0 {
				t.Errorf("dns ran Terraform: %q", calls)
			}
			if !slices.Contains(te.aws.Calls(), "s3:GetObject platform-tfstate-123456789012/"+baseInfraKey) {
				t.Errorf("dns did not read the state object: calls %q", te.aws.Calls())
			}
		})
	}
}

func TestDNSBeforeTheZoneExists(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	if code := te.run("dns"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	// The only AWS call is the read of the (missing) state: no ACM call.
	if !strings.Contains(te.stderr.String(), "no Route53 zone yet") || !slices.Equal(te.aws.Calls(), []string{"s3:GetObject platform-tfstate-123456789012/" + baseInfraKey}) {
		t.Errorf("stderr = %s, AWS calls %v", te.stderr, te.aws.Calls())
	}
}

// dns reads base-infra's outputs from the stored state, wherever it is, and says what to do
// when it cannot.
func TestDNSReadsTheStoredState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(t *testing.T, te *testEnv)
		wantCode int
		wantErr  string
	}{
		{"state in the bucket", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = stateWithOutputs(nameServersOutput(route53NS, "platform"))
		}, ExitNotReady, "is not delegated"},
		{"local state (PLATFORM_BACKEND=local)", func(t *testing.T, te *testEnv) {
			te.vars["PLATFORM_BACKEND"] = "local"
			writeFile(t, filepath.Join(te.repo, StateDirName, "state", "base-infra.tfstate"), stateWithOutputs(nameServersOutput(route53NS, "platform")))
		}, ExitNotReady, "is not delegated"},
		{"no backend settings", func(*testing.T, *testEnv) {}, ExitFailed, filepath.Join(StateDirName, "backend.hcl") + ": run 'platformctl bootstrap'"},
		// dns reads the state without Terraform: a PLATFORM_TF that names no binary does not stop it.
		{"PLATFORM_TF not found", func(t *testing.T, te *testEnv) {
			te.vars["PLATFORM_TF"] = "/nonexistent/tofu"
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = stateWithOutputs(nameServersOutput(route53NS, "platform"))
		}, ExitNotReady, "is not delegated"},
		// PLATFORM_BACKEND is still checked: it says where the state is.
		{"bad PLATFORM_BACKEND", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = stateWithOutputs(nameServersOutput(route53NS, "platform"))
			te.vars["PLATFORM_BACKEND"] = "s4"
		}, ExitUsage, `PLATFORM_BACKEND="s4" is not a backend`},
		{"state from a future Terraform", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = `{"version":5,"outputs":{}}`
		}, ExitFailed, "state format version 5, want 4"},
		{"state that is not JSON", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = `<Error>AccessDenied</Error>`
		}, ExitFailed, "read state s3://platform-tfstate-123456789012/" + baseInfraKey + ": invalid character '<'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			te.env.clients.parentDNS = []string{startParent(t).Addr} // delegates nothing
			tt.setup(t, te)
			te.aws.certs["arn:aws:acm:us-east-1:123456789012:certificate/abc"] = acmtypes.CertificateStatusIssued
			if code := te.run("dns"); code != tt.wantCode {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, tt.wantCode, te.stderr)
			}
			if !strings.Contains(te.stderr.String(), tt.wantErr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantErr, te.stderr)
			}
			if calls := te.tf.Calls(); len(calls) != 0 {
				t.Errorf("dns ran Terraform: %q", calls)
			}
			if _, err := os.Stat(filepath.Join(te.repo, "terraform", "base-infra", ".terraform")); err == nil {
				t.Errorf("dns initialised base-infra")
			}
		})
	}
}

// A state that cannot be read says why: only a failed S3 GetObject gets the
// credentials hint; a state that was read but cannot be used (future format,
// not JSON, OpenTofu's encrypted state), in the bucket or a local file
// (PLATFORM_BACKEND=local), says what to do instead.
func TestDNSStateReadErrors(t *testing.T) {
	t.Parallel()
	const credsHint = "check your AWS credentials can call s3:GetObject"
	const encrypted = `{"serial":3,"lineage":"x","meta":{"key_provider.pbkdf2.key":"eyJzYWx0IjoiIn0="},"encrypted_data":"c2VjcmV0","encryption_version":"v0"}`
	inBucket := func(body string) func(t *testing.T, te *testEnv) {
		return func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.states[baseInfraKey] = body
		}
	}
	inFile := func(body string) func(t *testing.T, te *testEnv) {
		return func(t *testing.T, te *testEnv) {
			te.vars["PLATFORM_BACKEND"] = "local"
			writeFile(t, filepath.Join(te.repo, StateDirName, "state", "base-infra.tfstate"), body)
		}
	}
	tests := []struct {
		name     string
		setup    func(t *testing.T, te *testEnv)
		want     string
		wantHint bool // the s3:GetObject credentials hint
	}{
		{"GetObject denied", func(t *testing.T, te *testEnv) {
			writeBackendForTest(t, te)
			te.aws.getErr = &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}
		}, "get object s3://platform-tfstate-123456789012/" + baseInfraKey + ": api error AccessDenied: Access Denied: " + credsHint + " on the state bucket, or run 'platformctl doctor'", true},
		{"future format in the bucket", inBucket(`{"version":5,"outputs":{}}`), "state format version 5, want 4: upgrade platformctl or read it with 'terraform output'", false},
		{"future format in a local file", inFile(`{"version":5,"outputs":{}}`), "base-infra.tfstate: state format version 5, want 4", false},
		{"not JSON in the bucket", inBucket(`<Error>AccessDenied</Error>`), "invalid character '<'", false},
		{"not JSON in a local file", inFile(`garbage`), "base-infra.tfstate: invalid character 'g'", false},
		{"OpenTofu encrypted state in the bucket", inBucket(encrypted), "the state is encrypted (OpenTofu state encryption): dns does not support encrypted state: run 'tofu output' (or 'terraform output') in terraform/base-infra instead", false},
		{"OpenTofu encrypted state in a local file", inFile(encrypted), "dns does not support encrypted state: run 'tofu output' (or 'terraform output') in " + filepath.Join(StateDirName, "work", "terraform", "base-infra") + " instead", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			te.env.clients.parentDNS = []string{startParent(t).Addr}
			tt.setup(t, te)
			if code := te.run("dns"); code != ExitFailed {
				t.Errorf("exit code = %d, want %d", code, ExitFailed)
			}
			msg := te.stderr.String()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, msg)
			}
			if got := strings.Contains(msg, credsHint); got != tt.wantHint {
				t.Errorf("credentials hint given: %v, want %v:\n%s", got, tt.wantHint, msg)
			}
			if strings.Count(msg, "\n") != 1 || te.stdout.Len() != 0 {
				t.Errorf("want one line on stderr and nothing on stdout; stdout %q, stderr %q", te.stdout, msg)
			}
			if calls := te.tf.Calls(); len(calls) != 0 {
				t.Errorf("dns ran Terraform: %q", calls)
			}
		})
	}
}
