package status

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/hari328/platform/internal/tfrun"
)

// ReadState reads a stored state's outputs without Terraform, from the bucket or a local
// file; a state that does not exist yet is empty, anything unreadable says so.
func TestReadState(t *testing.T) {
	t.Parallel()
	const key = "base-infra/terraform.tfstate"
	const good = `{"version":4,"serial":3,"lineage":"x","outputs":{"name_servers":{"value":["ns-1.awsdns-01.org","ns-2.awsdns-02.co.uk"],"type":["list","string"]},"certificate_arn":{"value":"arn:aws:acm:us-east-1:123456789012:certificate/abc","type":"string"}},"resources":[{"mode":"managed"}]}`
	tests := []struct {
		name      string
		body      *string // in the bucket; nil: no object
		file      *string // local file; nil: read the bucket
		wantNS    int
		wantCert  string
		wantRes   int
		wantError string
		wantIs    error // errors.Is(err, wantIs); nil: neither ErrGetObject nor ErrEncryptedState
		getErr    error // GetObject fails with it
	}{
		{name: "outputs from the bucket", body: ptr(good), wantNS: 2, wantCert: "arn:aws:acm:us-east-1:123456789012:certificate/abc", wantRes: 1},
		{name: "outputs from a local file", file: ptr(good), wantNS: 2, wantCert: "arn:aws:acm:us-east-1:123456789012:certificate/abc", wantRes: 1},
		{name: "no object yet", wantNS: 0},
		{name: "no local file yet", file: ptr(""), wantNS: 0},
		{name: "destroyed layer", body: ptr(`{"version":4,"outputs":{},"resources":[]}`), wantNS: 0},
		{name: "future format", body: ptr(`{"version":5}`), wantError: "state format version 5, want 4"},
		{name: "not JSON", body: ptr(`<Error/>`), wantError: "read state s3://" + bucket + "/" + key},
		{name: "future format in a local file", file: ptr(`{"version":5}`), wantError: "state format version 5, want 4"},
		{name: "GetObject fails", getErr: &smithy.GenericAPIError{Code: "AccessDenied", Message: "Access Denied"}, wantError: "get object s3://" + bucket + "/" + key + ": api error AccessDenied", wantIs: ErrGetObject},
		{name: "OpenTofu encrypted state in the bucket", body: ptr(encryptedState), wantError: "read state s3://" + bucket + "/" + key + ": the state is encrypted (OpenTofu state encryption)", wantIs: ErrEncryptedState},
		{name: "OpenTofu encrypted state in a local file", file: ptr(encryptedState), wantError: "the state is encrypted", wantIs: ErrEncryptedState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := platformFake()
			f.states = map[string]string{}
			if tt.body != nil {
				f.states[key] = *tt.body
			}
			f.getErr = tt.getErr
			path := ""
			if tt.file != nil {
				path = filepath.Join(t.TempDir(), "base-infra.tfstate")
				if *tt.file != "" {
					if err := os.WriteFile(path, []byte(*tt.file), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			st, err := ReadState(context.Background(), f, path, bucket, key)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantError)
				}
				for _, target := range []error{ErrGetObject, ErrEncryptedState} {
					if got := errors.Is(err, target); got != (target == tt.wantIs) {
						t.Errorf("errors.Is(err, %v) = %v, want %v (err: %v)", target, got, !got, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := tfrun.Strings(st.Outputs, "name_servers"); len(got) != tt.wantNS {
				t.Errorf("name_servers = %q, want %d", got, tt.wantNS)
			}
			if got := tfrun.String(st.Outputs, "certificate_arn"); got != tt.wantCert {
				t.Errorf("certificate_arn = %q, want %q", got, tt.wantCert)
			}
			if len(st.Resources) != tt.wantRes {
				t.Errorf("%d resources, want %d", len(st.Resources), tt.wantRes)
			}
			if path != "" && len(f.calls) != 0 {
				t.Errorf("a local state read called S3: %q", f.calls)
			}
		})
	}
}

func ptr(s string) *string { return &s }

// encryptedState is a state written by OpenTofu with state encryption: no
// "version", the state itself in "encrypted_data".
const encryptedState = `{"serial":3,"lineage":"x","meta":{"key_provider.pbkdf2.key":"eyJzYWx0IjoiIn0="},"encrypted_data":"c2VjcmV0","encryption_version":"v0"}`
