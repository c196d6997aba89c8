package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/contract"
	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/verify"
)

// verifyAWS is a deployed platform as AWS describes it: the /infra/* parameters, a listener
// with grafana (its own login) and prometheus (behind the Cognito gate), grafana running and
// prometheus not.
type verifyAWS struct {
	mu     sync.Mutex
	calls  []string
	params map[string]string
}

func newVerifyAWS() *verifyAWS {
	return &verifyAWS{params: map[string]string{
		contract.ZoneName:       "hari328.net",
		contract.ZoneID:         "Z0HARI",
		contract.ALBDNSName:     "platform-1.us-east-1.elb.amazonaws.com",
		contract.ALBListenerARN: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/1/2",
		contract.SSOBaseURL:     "https://platform-1a2b3c4d.auth.us-east-1.amazoncognito.com",
		contract.ClusterName:    "platform",
	}}
}

func (f *verifyAWS) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *verifyAWS) HeadBucket(context.Context, *s3.HeadBucketInput, ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	f.record("HeadBucket")
	return nil, errors.New("not expected")
}

func (f *verifyAWS) HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	f.record("HeadObject")
	return nil, errors.New("not expected")
}

func (f *verifyAWS) GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.record("GetObject")
	return nil, errors.New("not expected")
}

func (f *verifyAWS) GetParameters(_ context.Context, in *ssm.GetParametersInput, _ ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	f.record("GetParameters")
	out := &ssm.GetParametersOutput{}
	for _, n := range in.Names {
		if v, ok := f.params[n]; ok {
			out.Parameters = append(out.Parameters, ssmtypes.Parameter{Name: aws.String(n), Value: aws.String(v)})
		}
	}
	return out, nil
}

func (f *verifyAWS) ListServices(context.Context, *ecs.ListServicesInput, ...func(*ecs.Options)) (*ecs.ListServicesOutput, error) {
	f.record("ListServices")
	return &ecs.ListServicesOutput{ServiceArns: []string{"arn:aws:ecs:us-east-1:123456789012:service/platform/grafana", "arn:aws:ecs:us-east-1:123456789012:service/platform/prometheus"}}, nil
}

func (f *verifyAWS) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	f.record("DescribeServices")
	return &ecs.DescribeServicesOutput{Services: []ecstypes.Service{
		{ServiceName: aws.String("grafana"), DesiredCount: 1, RunningCount: 1},
		{ServiceName: aws.String("prometheus"), DesiredCount: 1, RunningCount: 0},
	}}, nil
}

func (f *verifyAWS) DescribeRules(context.Context, *elb.DescribeRulesInput, ...func(*elb.Options)) (*elb.DescribeRulesOutput, error) {
	f.record("DescribeRules")
	host := func(h string) []elbtypes.RuleCondition {
		return []elbtypes.RuleCondition{{Field: aws.String("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{h}}}}
	}
	fwd := func(tg string) elbtypes.Action {
		return elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + tg + "/1")}
	}
	return &elb.DescribeRulesOutput{Rules: []elbtypes.Rule{
		{Conditions: host("grafana.hari328.net"), Actions: []elbtypes.Action{fwd("platform-grafana")}},
		{Conditions: host("prometheus.hari328.net"), Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumAuthenticateCognito}, fwd("platform-prometheus")}},
	}}, nil
}

func (f *verifyAWS) DescribeTargetHealth(_ context.Context, in *elb.DescribeTargetHealthInput, _ ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error) {
	f.record("DescribeTargetHealth")
	state := elbtypes.TargetHealthStateEnumHealthy
	if strings.Contains(aws.ToString(in.TargetGroupArn), "prometheus") {
		state = elbtypes.TargetHealthStateEnumUnhealthy
	}
	return &elb.DescribeTargetHealthOutput{TargetHealthDescriptions: []elbtypes.TargetHealthDescription{{
		Target: &elbtypes.TargetDescription{Id: aws.String("i-1"), Port: aws.Int32(32768)}, TargetHealth: &elbtypes.TargetHealth{State: state},
	}}}, nil
}

func (f *verifyAWS) DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	f.record("DescribeCertificate")
	return &acm.DescribeCertificateOutput{}, nil
}

func (f *verifyAWS) GetHostedZone(_ context.Context, in *route53.GetHostedZoneInput, _ ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error) {
	f.record("GetHostedZone " + aws.ToString(in.Id))
	return &route53.GetHostedZoneOutput{DelegationSet: &r53types.DelegationSet{NameServers: []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"}}}, nil
}

// GetParameter and PutParameter are in awsapi.SSM for friends; verify never calls them.
func (f *verifyAWS) GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.record("GetParameter")
	return nil, errors.New("not expected")
}

func (f *verifyAWS) PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	f.record("PutParameter")
	return nil, errors.New("not expected")
}

// useVerifyFakes points te's AWS clients at f and its network at nothing that answers.
func useVerifyFakes(te *testEnv, f *verifyAWS) {
	c := &te.env.clients
	c.s3 = func(aws.Config) awsapi.S3 { return f }
	c.ssm = func(aws.Config) awsapi.SSM { return f }
	c.ecs = func(aws.Config) awsapi.ECS { return f }
	c.elb = func(aws.Config) awsapi.ELB { return f }
	c.acm = func(aws.Config) awsapi.ACM { return f }
	c.route53 = func(aws.Config) awsapi.Route53 { return f }
	c.verify = verify.Deps{
		Dial: func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("connect: connection refused")
		},
		LookupHost: func(context.Context, string) ([]string, error) { return []string{"192.0.2.10"}, nil },
		// Delegation: nil, so the command's own checker asks the loopback parent zone.
		Ports: []int{22},
	}
}

// runVerifyFake runs `platformctl verify args...` against f, with a loopback DNS server
// playing the parent zone that delegates hari328.net to the zone's name servers, and returns
// the exit code.
func runVerifyFake(t *testing.T, te *testEnv, f *verifyAWS, args ...string) int {
	t.Helper()
	parent, err := dnscheck.StartFakeParent()
	if err != nil {
		t.Fatalf("start DNS server on loopback: %v", err)
	}
	t.Cleanup(func() { parent.Close() })
	parent.Delegate("hari328.net", "ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk")
	te.env.clients.parentDNS = []string{parent.Addr}
	te.stdout.Reset()
	te.stderr.Reset()
	writeFile(t, filepath.Join(te.repo, "platform.tfvars"), exampleConfig)
	te.env.RepoRoot, te.env.ConfigPath = te.repo, filepath.Join(te.repo, "platform.tfvars")
	te.env.JSON = false
	useVerifyFakes(te, f)
	return runEnv(context.Background(), te.env, append([]string{"verify"}, args...))
}

func TestVerifyCommandTable(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	f := newVerifyAWS()
	if code := runVerifyFake(t, te, f); code != ExitFailed {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitFailed, te.stderr.String())
	}
	if testing.Verbose() {
		t.Log("\n" + te.stdout.String() + te.stderr.String())
	}
	var fails []string
	for _, line := range strings.Split(strings.TrimSpace(te.stdout.String()), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "FAIL" {
			fails = append(fails, f[1]+" "+f[2])
		}
	}
	want := []string{
		"certificate grafana.hari328.net", "certificate prometheus.hari328.net",
		"http-redirect grafana.hari328.net", "http-redirect prometheus.hari328.net",
		"service prometheus", "target prometheus.hari328.net",
	}
	if !slices.Equal(fails, want) {
		t.Errorf("FAIL rows %q, want %q; stdout:\n%s", fails, want, te.stdout.String())
	}
	for _, ok := range []string{`(?m)^ok\s+delegation\s+hari328\.net\s+the parent zone \(127\.0\.0\.1:\d+\) delegates`, `(?m)^ok\s+port\s+192\.0\.2\.10`, `(?m)^ok\s+service\s+grafana`} {
		if !regexp.MustCompile(ok).MatchString(te.stdout.String()) {
			t.Errorf("no row matching %s in:\n%s", ok, te.stdout.String())
		}
	}
	if !strings.Contains(te.stderr.String(), "platformctl: 6 of ") || !strings.Contains(te.stderr.String(), "re-run 'platformctl verify'") {
		t.Errorf("stderr = %q, want the count of failed checks and the next step", te.stderr.String())
	}
	for _, c := range f.calls {
		if strings.HasPrefix(c, "Head") || c == "GetObject" {
			t.Errorf("verify read Terraform state (%s): it only needs the live platform", c)
		}
	}
	if !slices.Contains(f.calls, "GetHostedZone Z0HARI") || !slices.Contains(f.calls, "DescribeRules") {
		t.Errorf("calls %q: want the hosted zone and the listener rules read", f.calls)
	}
}

func TestVerifyCommandJSON(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := runVerifyFake(t, te, newVerifyAWS(), "--json"); code != ExitFailed {
		t.Fatalf("exit %d, want %d; stderr %q", code, ExitFailed, te.stderr.String())
	}
	var got []verify.Result
	if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
		t.Fatalf("verify --json does not parse: %v\n%s", err, te.stdout.String())
	}
	if n := len(verify.Failures(got)); n != 6 || len(got) < 10 {
		t.Errorf("%d results, %d failed: want every check listed and 6 failures:\n%s", len(got), n, te.stdout.String())
	}
}

func TestVerifyBeforeUp(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	f := newVerifyAWS()
	f.params = map[string]string{}
	if code := runVerifyFake(t, te, f, "--json"); code != ExitFailed || !strings.Contains(te.stderr.String(), "base-infra is not applied: run 'platformctl up'") {
		t.Errorf("exit %d, stderr %q: want %d and the 'up' hint", code, te.stderr.String(), ExitFailed)
	}
	if te.stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing when the platform cannot be found", te.stdout.String())
	}
}

// TestVerifyBadInput: bad input never reaches AWS (the real setup is used: a call would fail).
func TestVerifyBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify", "grafana"}, ExitUsage, `verify takes no arguments (got "grafana")`},
		{[]string{"verify", "--timeout", "0s"}, ExitUsage, "--timeout 0s is out of range: give a duration from 1s to 2m"},
		{[]string{"verify", "--timeout", "1h"}, ExitUsage, "--timeout 1h0m0s is out of range"},
		{[]string{"verify", "--timeout", "soon"}, ExitUsage, `invalid argument "soon" for "--timeout" flag: time: invalid duration "soon": run 'platformctl verify --help'`},
		{[]string{"verify", "--hosts", "3"}, ExitUsage, "unknown flag: --hosts: run 'platformctl verify --help'"},
	}
	for _, tc := range cases {
		te := newTestEnv(t)
		if code := te.run(tc.args...); code != tc.code || !strings.Contains(te.stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q: want %d and %q", tc.args, code, te.stderr.String(), tc.code, tc.want)
		}
		if lines := strings.Count(strings.TrimSpace(te.stderr.String()), "\n"); lines != 0 {
			t.Errorf("%q: %d lines on stderr, want one", tc.args, lines+1)
		}
	}
	te := newTestEnv(t)
	te.aws.noCreds = true
	if code := te.run("verify"); code != ExitFailed || !strings.Contains(te.stderr.String(), "no AWS credentials") {
		t.Errorf("without credentials: exit %d, stderr %q", code, te.stderr.String())
	}
}

func TestVerifyHelp(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("verify", "--help"); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"usage: platformctl verify", "Needs AWS credentials", "the config's domain", "-timeout", "Exit status: 0"} {
		if !strings.Contains(te.stdout.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, te.stdout.String())
		}
	}
	if code := te.run("--help"); code != ExitOK || !strings.Contains(te.stdout.String(), "  verify ") {
		t.Errorf("platformctl --help does not list verify:\n%s", te.stdout.String())
	}
}
