package cli

import (
	"encoding/json"
	"strings"
	"testing"

	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/hari328/platform/internal/dnscheck"
)

func TestDNSAgainstALoopbackParent(t *testing.T) {
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
			te := newTestEnv(t)
			writeBackendForTest(t, te)
			parent := startParent(t)
			parent.Delegate("hari328.net", tt.parent...)
			te.env.clients.parentDNS = []string{parent.Addr}
			te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
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
		})
	}
}

func TestDNSBeforeTheZoneExists(t *testing.T) {
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	if code := te.run("dns"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	if !strings.Contains(te.stderr.String(), "no Route53 zone yet") || len(te.aws.Calls()) != 0 {
		t.Errorf("stderr = %s, AWS calls %v", te.stderr, te.aws.Calls())
	}
}
