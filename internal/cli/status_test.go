package cli

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/status"
)

// statusFake is a platform with base-infra applied and monitoring not, one service whose
// deployment failed, and no ALB rules: the status package's own tests cover the rest.
type statusFake struct {
	mu    sync.Mutex
	calls []string
}

func (f *statusFake) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *statusFake) HeadBucket(_ context.Context, in *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	f.record("HeadBucket " + aws.ToString(in.Bucket))
	return &s3.HeadBucketOutput{}, nil
}

func (f *statusFake) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	f.record("HeadObject " + aws.ToString(in.Key))
	if aws.ToString(in.Key) == "base-infra/terraform.tfstate" {
		return &s3.HeadObjectOutput{ContentLength: aws.Int64(90_000)}, nil
	}
	return nil, &s3types.NotFound{}
}

func (f *statusFake) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.record("GetObject " + aws.ToString(in.Key))
	return nil, &s3types.NoSuchKey{}
}

// GetParameter and PutParameter are in awsapi.SSM for friends; status never calls them.
func (f *statusFake) GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.record("GetParameter")
	return nil, errors.New("not expected")
}

func (f *statusFake) PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	f.record("PutParameter")
	return nil, errors.New("not expected")
}

func (f *statusFake) GetParameters(_ context.Context, in *ssm.GetParametersInput, _ ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	f.record("GetParameters")
	values := map[string]string{
		status.ParamClusterName:    "platform",
		status.ParamListenerARN:    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/1/2",
		status.ParamCertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
		status.ParamZoneName:       "hari328.net",
		status.ParamZoneID:         "Z0HARI",
	}
	out := &ssm.GetParametersOutput{}
	for _, n := range in.Names {
		if v, ok := values[n]; ok {
			out.Parameters = append(out.Parameters, ssmtypes.Parameter{Name: aws.String(n), Value: aws.String(v)})
		}
	}
	return out, nil
}

func (f *statusFake) ListServices(context.Context, *ecs.ListServicesInput, ...func(*ecs.Options)) (*ecs.ListServicesOutput, error) {
	f.record("ListServices")
	return &ecs.ListServicesOutput{ServiceArns: []string{"arn:aws:ecs:us-east-1:123456789012:service/platform/api"}}, nil
}

func (f *statusFake) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	f.record("DescribeServices")
	return &ecs.DescribeServicesOutput{Services: []ecstypes.Service{{
		ServiceName: aws.String("api"), DesiredCount: 1, RunningCount: 0, PendingCount: 0,
		Deployments: []ecstypes.Deployment{{Status: aws.String("PRIMARY"), RolloutState: ecstypes.DeploymentRolloutStateFailed, RolloutStateReason: aws.String("ECS deployment circuit breaker: tasks failed to start.")}},
	}}}, nil
}

func (f *statusFake) DescribeRules(context.Context, *elb.DescribeRulesInput, ...func(*elb.Options)) (*elb.DescribeRulesOutput, error) {
	f.record("DescribeRules")
	return &elb.DescribeRulesOutput{}, nil
}

func (f *statusFake) DescribeTargetHealth(context.Context, *elb.DescribeTargetHealthInput, ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error) {
	f.record("DescribeTargetHealth")
	return &elb.DescribeTargetHealthOutput{}, nil
}

func (f *statusFake) DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	f.record("DescribeCertificate")
	return &acm.DescribeCertificateOutput{Certificate: &acmtypes.CertificateDetail{DomainName: aws.String("*.hari328.net"), Status: acmtypes.CertificateStatusPendingValidation}}, nil
}

func (f *statusFake) GetHostedZone(_ context.Context, in *route53.GetHostedZoneInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error) {
	f.record("GetHostedZone " + aws.ToString(in.Id))
	return &route53.GetHostedZoneOutput{DelegationSet: &r53types.DelegationSet{NameServers: []string{
		"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net",
	}}}, nil
}

// withStatusFake points `status` at a fake and a parent zone served by a real DNS server on
// loopback that delegates hari328.net to the given name servers.
func withStatusFake(t *testing.T, te *testEnv, delegatedTo ...string) *statusFake {
	t.Helper()
	f := &statusFake{}
	c := &te.env.clients
	c.s3 = func(aws.Config) awsapi.S3 { return f }
	c.ssm = func(aws.Config) awsapi.SSM { return f }
	c.ecs = func(aws.Config) awsapi.ECS { return f }
	c.elb = func(aws.Config) awsapi.ELB { return f }
	c.acm = func(aws.Config) awsapi.ACM { return f }
	c.route53 = func(aws.Config) awsapi.Route53 { return f }

	parent, err := dnscheck.StartFakeParent()
	if err != nil {
		t.Fatalf("start DNS server on loopback: %v", err)
	}
	t.Cleanup(func() { parent.Close() })
	parent.Delegate("hari328.net", delegatedTo...)
	te.env.clients.parentDNS = []string{parent.Addr}
	return f
}

func writeBackendFile(t *testing.T, te *testEnv) {
	writeFile(t, filepath.Join(te.repo, StateDirName, "backend.hcl"), "bucket = \"platform-tfstate-123456789012\"\nregion = \"us-east-1\"\nuse_lockfile = true\nencrypt = true\n")
}

func TestStatusCommandTable(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendFile(t, te)
	f := withStatusFake(t, te, "ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk")
	if code := te.run("status"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	out := te.stdout.String()
	for _, want := range []string{
		`(?m)^layer\s+bootstrap\s+applied\s+s3://platform-tfstate-123456789012$`,
		`(?m)^layer\s+base-infra\s+applied\s+`,
		`(?m)^layer\s+monitoring\s+not applied\s+`,
		`(?m)^service\s+api\s+DEGRADED\s+desired 1, running 0, pending 0, last deployment FAILED: ECS deployment circuit breaker`,
		`(?m)^certificate\s+\*\.hari328\.net\s+PENDING_VALIDATION`,
		`(?m)^delegation\s+hari328\.net\s+partly delegated\s+parent \(127\.0\.0\.1:\d+\) lists 2 of the zone's 4 name servers`,
		`(?m)^url\s+grafana\s+-\s+https://grafana\.hari328\.net$`,
		`(?m)^cost\s+monthly estimate\s+\$9[67]\.\d\d\s+`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no row matching %s in:\n%s", want, out)
		}
	}
	for _, call := range []string{"HeadBucket platform-tfstate-123456789012", "HeadObject base-infra/terraform.tfstate", "HeadObject monitoring/terraform.tfstate", "GetHostedZone Z0HARI", "DescribeCertificate"} {
		found := false
		for _, c := range f.calls {
			found = found || c == call
		}
		if !found {
			t.Errorf("call %q not made; calls: %q", call, f.calls)
		}
	}
}

func TestStatusCommandJSON(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendFile(t, te)
	withStatusFake(t, te, "ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net")
	if code := te.run("status", "--json"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	var got struct {
		Services []struct {
			Name    string `json:"name"`
			Rollout string `json:"rollout_state"`
		} `json:"services"`
		Delegation struct{ State string } `json:"delegation"`
	}
	if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
		t.Fatalf("status --json does not parse: %v\n%s", err, te.stdout.String())
	}
	if len(got.Services) != 1 || got.Services[0].Rollout != "FAILED" || got.Delegation.State != "delegated" {
		t.Errorf("got %+v, want api FAILED and the zone delegated", got)
	}
}

func TestStatusBeforeBootstrap(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	f := withStatusFake(t, te)
	if code := te.run("status"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	if !strings.Contains(te.stderr.String(), "run 'platformctl bootstrap' first") {
		t.Errorf("stderr = %q, want the bootstrap hint", te.stderr.String())
	}
	for _, c := range f.calls {
		if strings.HasPrefix(c, "Head") {
			t.Errorf("S3 called without a state bucket: %q", c)
		}
	}
}

func TestStatusBadInput(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	f := withStatusFake(t, te)
	te.aws.noCreds = true
	if code := te.run("status"); code != ExitFailed || !strings.Contains(te.stderr.String(), "no AWS credentials") {
		t.Errorf("exit %d, stderr %q: want %d and the credentials fix", code, te.stderr.String(), ExitFailed)
	}
	if code := te.run("status", "layers"); code != ExitUsage || !strings.Contains(te.stderr.String(), "status takes no arguments") {
		t.Errorf("exit %d, stderr %q: want %d", code, te.stderr.String(), ExitUsage)
	}
	if len(f.calls) != 0 {
		t.Errorf("AWS called: %q", f.calls)
	}
}

// TestStatusWithZeroHosts: asg_desired_capacity = 0 is valid (asg_min_size may
// be 0) and must price, not break the cost row.
func TestStatusWithZeroHosts(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendFile(t, te)
	withStatusFake(t, te, "ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net")
	writeFile(t, filepath.Join(te.repo, "platform.tfvars"), exampleConfig+"asg_min_size = 0\nasg_desired_capacity = 0\n")
	te.env.ConfigPath = ""
	if code := te.run("status", "--json"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	var got struct {
		Cost struct {
			MonthlyUSD float64 `json:"monthly_usd"`
			Error      string  `json:"error"`
		} `json:"cost"`
	}
	if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
		t.Fatalf("status --json does not parse: %v\n%s", err, te.stdout.String())
	}
	if got.Cost.Error != "" || got.Cost.MonthlyUSD <= 0 {
		t.Errorf("cost = %+v, want a price for 0 hosts and no error", got.Cost)
	}
}
