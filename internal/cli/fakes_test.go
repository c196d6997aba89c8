package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/tfrun"
)

// fakeTerraform records every command and answers `output -json` and
// `state list` from canned values per layer folder.
type fakeTerraform struct {
	mu      sync.Mutex
	calls   []string            // "<layer> <args...>"
	outputs map[string]string   // layer -> JSON of `output -json`
	state   map[string][]string // layer -> `state list`
	failOn  string              // fail the first call whose text contains this
}

func (f *fakeTerraform) Run(_ context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	layer := filepath.Base(dir)
	call := layer + " " + strings.Join(args, " ")
	f.calls = append(f.calls, call)
	if f.failOn != "" && strings.Contains(call, f.failOn) {
		fmt.Fprintln(stderr, "Error: something broke")
		return errors.New("exit status 1")
	}
	switch args[0] {
	case "output":
		out := f.outputs[layer]
		if out == "" {
			out = "{}"
		}
		fmt.Fprintln(stdout, out)
	case "state":
		fmt.Fprintln(stdout, strings.Join(f.state[layer], "\n"))
	default:
		fmt.Fprintf(stdout, "fake terraform %s: ok\n", args[0])
	}
	return nil
}

func (f *fakeTerraform) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// fakeAWS counts every AWS call so tests can assert that none was made.
type fakeAWS struct {
	mu       sync.Mutex
	calls    []string
	services map[string][]string // cluster -> service ARNs
	certs    map[string]acmtypes.CertificateStatus
	buckets  map[string]bool
	states   map[string]string // state object key -> body (GetObject); missing: NoSuchKey
	getErr   error             // GetObject's error, when set
	noCreds  bool
}

func (f *fakeAWS) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeAWS) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeAWS) config(context.Context) (aws.Config, error) {
	if f.noCreds {
		return aws.Config{}, errors.New("no AWS credentials: failed to refresh cached credentials, no EC2 IMDS role found: run 'aws configure' (or 'aws sso login') or export AWS_PROFILE")
	}
	return aws.Config{Region: "us-east-1"}, nil
}

func (f *fakeAWS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	f.record("sts:GetCallerIdentity")
	return &sts.GetCallerIdentityOutput{Account: aws.String("123456789012"), Arn: aws.String("arn:aws:iam::123456789012:user/hari")}, nil
}

func (f *fakeAWS) HeadBucket(_ context.Context, in *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	f.record("s3:HeadBucket " + aws.ToString(in.Bucket))
	if !f.buckets[aws.ToString(in.Bucket)] {
		return nil, errors.New("NotFound")
	}
	return &s3.HeadBucketOutput{}, nil
}

func (f *fakeAWS) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	f.record("s3:HeadObject " + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key))
	if _, ok := f.states[aws.ToString(in.Key)]; !ok {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadObjectOutput{}, nil
}

func (f *fakeAWS) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.record("s3:GetObject " + aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key))
	if f.getErr != nil {
		return nil, f.getErr
	}
	body, ok := f.states[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(body))}, nil
}

func (f *fakeAWS) DescribeServices(_ context.Context, in *ecs.DescribeServicesInput, _ ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	f.record("ecs:DescribeServices " + aws.ToString(in.Cluster))
	out := &ecs.DescribeServicesOutput{}
	for _, arn := range in.Services {
		out.Services = append(out.Services, ecstypes.Service{ServiceArn: aws.String(arn), ServiceName: aws.String(path.Base(arn)), DesiredCount: 1, RunningCount: 1})
	}
	return out, nil
}

func (f *fakeAWS) ListServices(_ context.Context, in *ecs.ListServicesInput, _ ...func(*ecs.Options)) (*ecs.ListServicesOutput, error) {
	f.record("ecs:ListServices " + aws.ToString(in.Cluster) + " " + aws.ToString(in.NextToken))
	arns := f.services[aws.ToString(in.Cluster)]
	// Two per page, to exercise pagination.
	start := 0
	if in.NextToken != nil {
		fmt.Sscan(*in.NextToken, &start)
	}
	end := min(start+2, len(arns))
	out := &ecs.ListServicesOutput{ServiceArns: arns[start:end]}
	if end < len(arns) {
		out.NextToken = aws.String(fmt.Sprint(end))
	}
	return out, nil
}

func (f *fakeAWS) DescribeCertificate(_ context.Context, in *acm.DescribeCertificateInput, _ ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	f.record("acm:DescribeCertificate " + aws.ToString(in.CertificateArn))
	st, ok := f.certs[aws.ToString(in.CertificateArn)]
	if !ok {
		return nil, errors.New("ResourceNotFoundException")
	}
	return &acm.DescribeCertificateOutput{Certificate: &acmtypes.CertificateDetail{Status: st}}, nil
}

// testEnv is an Env over a temporary repository with fakes everywhere.
type testEnv struct {
	env            *Env
	tf             *fakeTerraform
	aws            *fakeAWS
	stdout, stderr *bytes.Buffer
	repo           string
	vars           map[string]string
	t              *testing.T
}

const exampleConfig = `region = "us-east-1"
name_prefix = "platform"
domain = "hari328.net"
owner_email = "owner@hari328.net"
google_client_id = "1234567890-abc123.apps.googleusercontent.com"
`

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	repo := t.TempDir()
	for _, d := range []string{"terraform/bootstrap", "terraform/base-infra", "terraform/monitoring"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(repo, "platform.example.tfvars"), exampleConfig)
	te := &testEnv{
		tf: &fakeTerraform{outputs: map[string]string{
			"bootstrap": `{"bucket_name":{"sensitive":false,"type":"string","value":"platform-tfstate-123456789012"},"region":{"sensitive":false,"type":"string","value":"us-east-1"}}`,
		}, state: map[string][]string{}},
		aws:    &fakeAWS{services: map[string][]string{}, certs: map[string]acmtypes.CertificateStatus{}, buckets: map[string]bool{}, states: map[string]string{}},
		stdout: &bytes.Buffer{},
		stderr: &bytes.Buffer{},
		repo:   repo,
		vars:   map[string]string{},
		t:      t,
	}
	te.vars["TF_VAR_google_client_secret"] = "test-secret"
	writeFile(t, filepath.Join(repo, "build", "presignup.zip"), "PK")
	clock := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	te.env = &Env{
		Stdin:    strings.NewReader(""),
		Stdout:   te.stdout,
		Stderr:   te.stderr,
		Getenv:   func(k string) string { return te.vars[k] },
		RepoRoot: repo,
		Now:      func() time.Time { clock = clock.Add(time.Second); return clock },
		AWS:      te.aws.config,
		clients: clients{
			terraform: te.tf,
			tfBinary:  "terraform",
			// Never the real parent zone from a test: tests that check
			// delegation point this at their loopback server.
			parentDNS: []string{"127.0.0.1:1"},
			sts:       func(aws.Config) awsapi.STS { return te.aws },
			s3:        func(aws.Config) awsapi.S3 { return te.aws },
			ecs:       func(aws.Config) awsapi.ECS { return te.aws },
			acm:       func(aws.Config) awsapi.ACM { return te.aws },
			iam:       func(aws.Config) awsapi.IAM { return fakeIAM{} }, // doctor_slr_test.go
			ec2:       func(aws.Config) awsapi.EC2 { return fakeEC2{} }, // doctor_nat_test.go
		},
	}
	// Named explicitly, as --config would: tests may run mutating commands
	// on the example config (Env.refuseExample).
	te.env.ConfigPath = filepath.Join(repo, "platform.example.tfvars")
	return te
}

// run runs one command line and returns its exit code.
func (te *testEnv) run(args ...string) int {
	te.stdout.Reset()
	te.stderr.Reset()
	te.env.cfg = nil
	te.env.JSON = false
	return runEnv(context.Background(), te.env, args)
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// stateWithOutputs is a stored state (format version 4) whose outputs are
// outputJSON, in the shape of `terraform output -json` (e.g. nameServersOutput).
func stateWithOutputs(outputJSON string) string {
	return `{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"x","outputs":` + outputJSON + `,"resources":[]}`
}

// nameServersOutput is base-infra's `output -json` after phase 1.
func nameServersOutput(ns []string, cluster string) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = fmt.Sprintf("%q", n)
	}
	return fmt.Sprintf(`{"name_servers":{"sensitive":false,"type":["list","string"],"value":[%s]},"certificate_arn":{"sensitive":false,"type":"string","value":"arn:aws:acm:us-east-1:123456789012:certificate/abc"},"cluster_name":{"sensitive":false,"type":"string","value":%q}}`, strings.Join(q, ","), cluster)
}

func tfrunBackend() tfrun.Backend {
	return tfrun.Backend{Bucket: "platform-tfstate-123456789012", Region: "us-east-1"}
}

type ctxT = context.Context
