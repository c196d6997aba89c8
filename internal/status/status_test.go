package status

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/jsonout"
)

const (
	bucket      = "platform-tfstate-123456789012"
	listenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/50dc6c495c0c9188/f2f7dc8efc522ab2"
	certARN     = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
)

func tgARN(name string) string {
	return "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + name + "/73e2d6bc24d8a067"
}

// fakeAWS answers every status call from canned data and records the calls.
type fakeAWS struct {
	mu    sync.Mutex
	calls []string

	objects  map[string]int64  // state key -> size; missing = NotFound
	states   map[string]string // state key -> body, for GetObject
	getErr   error             // GetObject's error, when set
	noBucket bool
	params   map[string]string
	services []ecstypes.Service
	rules    []elbtypes.Rule
	health   map[string][]elbtypes.TargetHealthDescription
	certErr  error
	// pageSize splits ListServices and DescribeRules answers into pages of this many,
	// the token being the index of the next item; 0: one page.
	pageSize int
}

// page returns the slice [start, end) of n items that the token asks for, and the next
// token ("" on the last page).
func (f *fakeAWS) page(token *string, n int) (start, end int, next *string) {
	if f.pageSize == 0 {
		return 0, n, nil
	}
	if token != nil {
		fmt.Sscan(*token, &start)
	}
	end = min(start+f.pageSize, n)
	if end < n {
		next = aws.String(fmt.Sprint(end))
	}
	return start, end, next
}

// GetParameter and PutParameter are in awsapi.SSM for friends; status never calls them.
func (f *fakeAWS) GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	return nil, errors.New("status does not call GetParameter")
}

func (f *fakeAWS) PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	return nil, errors.New("status does not call PutParameter")
}

func (f *fakeAWS) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeAWS) HeadBucket(_ context.Context, in *s3.HeadBucketInput, _ ...func(*s3.Options)) (*s3.HeadBucketOutput, error) {
	f.record("s3:HeadBucket " + aws.ToString(in.Bucket))
	if f.noBucket {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadBucketOutput{}, nil
}

func (f *fakeAWS) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	f.record("s3:HeadObject " + aws.ToString(in.Key))
	size, ok := f.objects[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadObjectOutput{ContentLength: aws.Int64(size), LastModified: aws.Time(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))}, nil
}

func (f *fakeAWS) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	f.record("s3:GetObject " + aws.ToString(in.Key))
	if f.getErr != nil {
		return nil, f.getErr
	}
	body, ok := f.states[aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader(body))}, nil
}

func (f *fakeAWS) GetParameters(_ context.Context, in *ssm.GetParametersInput, _ ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	f.record("ssm:GetParameters " + strings.Join(in.Names, ","))
	out := &ssm.GetParametersOutput{}
	for _, n := range in.Names {
		if v, ok := f.params[n]; ok {
			out.Parameters = append(out.Parameters, ssmtypes.Parameter{Name: aws.String(n), Value: aws.String(v)})
		} else {
			out.InvalidParameters = append(out.InvalidParameters, n)
		}
	}
	return out, nil
}

func (f *fakeAWS) ListServices(_ context.Context, in *ecs.ListServicesInput, _ ...func(*ecs.Options)) (*ecs.ListServicesOutput, error) {
	f.record("ecs:ListServices " + aws.ToString(in.Cluster))
	start, end, next := f.page(in.NextToken, len(f.services))
	out := &ecs.ListServicesOutput{NextToken: next}
	for _, s := range f.services[start:end] {
		out.ServiceArns = append(out.ServiceArns, aws.ToString(s.ServiceArn))
	}
	return out, nil
}

func (f *fakeAWS) DescribeServices(_ context.Context, in *ecs.DescribeServicesInput, _ ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	f.record(fmt.Sprintf("ecs:DescribeServices %s %d", aws.ToString(in.Cluster), len(in.Services)))
	if len(in.Services) > 10 {
		return nil, errors.New("InvalidParameterException: at most 10 services")
	}
	out := &ecs.DescribeServicesOutput{}
	for _, arn := range in.Services {
		for _, s := range f.services {
			if aws.ToString(s.ServiceArn) == arn {
				out.Services = append(out.Services, s)
			}
		}
	}
	return out, nil
}

func (f *fakeAWS) DescribeRules(_ context.Context, in *elb.DescribeRulesInput, _ ...func(*elb.Options)) (*elb.DescribeRulesOutput, error) {
	f.record("elb:DescribeRules " + aws.ToString(in.ListenerArn))
	start, end, next := f.page(in.Marker, len(f.rules))
	return &elb.DescribeRulesOutput{Rules: f.rules[start:end], NextMarker: next}, nil
}

func (f *fakeAWS) DescribeTargetHealth(_ context.Context, in *elb.DescribeTargetHealthInput, _ ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error) {
	f.record("elb:DescribeTargetHealth " + targetGroupName(aws.ToString(in.TargetGroupArn)))
	return &elb.DescribeTargetHealthOutput{TargetHealthDescriptions: f.health[aws.ToString(in.TargetGroupArn)]}, nil
}

func (f *fakeAWS) DescribeCertificate(_ context.Context, in *acm.DescribeCertificateInput, _ ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error) {
	f.record("acm:DescribeCertificate " + aws.ToString(in.CertificateArn))
	if f.certErr != nil {
		return nil, f.certErr
	}
	return &acm.DescribeCertificateOutput{Certificate: &acmtypes.CertificateDetail{
		DomainName:              aws.String("*.hari328.net"),
		SubjectAlternativeNames: []string{"*.hari328.net", "hari328.net"},
		Status:                  acmtypes.CertificateStatusIssued,
	}}, nil
}

func (f *fakeAWS) clients() awsapi.Clients {
	return awsapi.Clients{S3: f, SSM: f, ECS: f, ELB: f, ACM: f}
}

func service(name string, desired, running, pending int32, deployments ...ecstypes.Deployment) ecstypes.Service {
	return ecstypes.Service{
		ServiceName:  aws.String(name),
		ServiceArn:   aws.String("arn:aws:ecs:us-east-1:123456789012:service/platform/" + name),
		DesiredCount: desired, RunningCount: running, PendingCount: pending,
		Deployments: deployments,
	}
}

func deployment(status string, state ecstypes.DeploymentRolloutState, reason string) ecstypes.Deployment {
	return ecstypes.Deployment{Status: aws.String(status), RolloutState: state, RolloutStateReason: aws.String(reason)}
}

func hostRule(host, tg string, gated bool) elbtypes.Rule {
	actions := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tgARN(tg))}}
	if gated {
		actions = append([]elbtypes.Action{{Type: elbtypes.ActionTypeEnumAuthenticateCognito}}, elbtypes.Action{
			Type:          elbtypes.ActionTypeEnumForward,
			ForwardConfig: &elbtypes.ForwardActionConfig{TargetGroups: []elbtypes.TargetGroupTuple{{TargetGroupArn: aws.String(tgARN(tg))}}},
		})
	}
	return elbtypes.Rule{
		Conditions: []elbtypes.RuleCondition{{Field: aws.String("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{host}}}},
		Actions:    actions,
	}
}

func target(id string, port int32, state elbtypes.TargetHealthStateEnum, reason elbtypes.TargetHealthReasonEnum, desc string) elbtypes.TargetHealthDescription {
	d := elbtypes.TargetHealthDescription{
		Target:       &elbtypes.TargetDescription{Id: aws.String(id), Port: aws.Int32(port)},
		TargetHealth: &elbtypes.TargetHealth{State: state, Reason: reason},
	}
	if desc != "" {
		d.TargetHealth.Description = aws.String(desc)
	}
	return d
}

// platformFake is a running platform with one failed deployment and one unhealthy target.
func platformFake() *fakeAWS {
	return &fakeAWS{
		objects: map[string]int64{"base-infra/terraform.tfstate": 250_000},
		params: map[string]string{
			ParamClusterName:    "platform",
			ParamListenerARN:    listenerARN,
			ParamCertificateARN: certARN,
			ParamZoneName:       "hari328.net",
			ParamZoneID:         "Z0123456789",
		},
		services: []ecstypes.Service{
			service("grafana", 1, 1, 0, deployment("PRIMARY", ecstypes.DeploymentRolloutStateCompleted, "ECS deployment ecs-svc/1 completed.")),
			service("api", 1, 0, 1,
				deployment("PRIMARY", ecstypes.DeploymentRolloutStateInProgress, "ECS deployment ecs-svc/3 in progress."),
				deployment("ACTIVE", ecstypes.DeploymentRolloutStateFailed, "ECS deployment circuit breaker: tasks failed to start.")),
			service("prometheus", 1, 1, 0, deployment("PRIMARY", ecstypes.DeploymentRolloutStateCompleted, "")),
		},
		rules: []elbtypes.Rule{
			hostRule("api.hari328.net", "platform-api", false),
			hostRule("grafana.hari328.net", "platform-grafana", false),
			hostRule("prometheus.hari328.net", "platform-prometheus", true),
			{IsDefault: aws.Bool(true), Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse}}},
		},
		health: map[string][]elbtypes.TargetHealthDescription{
			tgARN("platform-api"): {
				target("i-0aaa", 32768, elbtypes.TargetHealthStateEnumHealthy, "", ""),
				target("i-0bbb", 32771, elbtypes.TargetHealthStateEnumUnhealthy, elbtypes.TargetHealthReasonEnumResponseCodeMismatch, "Health checks failed with these codes: [502]"),
			},
			tgARN("platform-grafana"): {target("i-0aaa", 32769, elbtypes.TargetHealthStateEnumHealthy, "", "")},
		},
	}
}

func delegated(_ context.Context, zone, zoneID string) (Delegation, error) {
	if zone != "hari328.net" || zoneID != "Z0123456789" {
		return Delegation{}, fmt.Errorf("asked for zone %s (%s), want hari328.net (Z0123456789)", zone, zoneID)
	}
	return Delegation{State: "delegated", Detail: "4 of 4 name servers at the parent"}, nil
}

func collect(t *testing.T, f *fakeAWS, opt Options) Report {
	t.Helper()
	r, err := Collect(context.Background(), f.clients(), opt)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return r
}

func defaultOptions() Options {
	return Options{Bucket: bucket, Domain: "hari328.net", Profile: cost.SeedProfile, Delegation: delegated}
}

// rowRE matches a table row whose cells are, in order, the given words separated by column padding.
func rowRE(cells ...string) *regexp.Regexp {
	quoted := make([]string, len(cells))
	for i, c := range cells {
		quoted[i] = regexp.QuoteMeta(c)
	}
	return regexp.MustCompile(`(?m)^` + strings.Join(quoted, `\s+`))
}

func TestTableShowsEveryCheck(t *testing.T) {
	t.Parallel()
	r := collect(t, platformFake(), defaultOptions())
	var buf bytes.Buffer
	if err := WriteTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	want := []struct {
		why   string
		cells []string
	}{
		{"header", []string{"CHECK", "NAME", "STATE", "DETAIL"}},
		{"bootstrap applied when the bucket exists", []string{"layer", "bootstrap", "applied", "s3://" + bucket}},
		{"base-infra applied when its state exists", []string{"layer", "base-infra", "applied", "s3://" + bucket + "/base-infra/terraform.tfstate, updated 2026-11-20 10:00:00 UTC"}},
		{"monitoring not applied when its state is missing", []string{"layer", "monitoring", "not applied"}},
		{"healthy service", []string{"service", "grafana", "ok", "desired 1, running 1, pending 0, last deployment COMPLETED"}},
		{"failed deployment shown as FAILED with its reason", []string{"service", "api", "DEGRADED", "desired 1, running 0, pending 1, last deployment FAILED: ECS deployment circuit breaker"}},
		{"healthy target", []string{"target", "api.hari328.net", "healthy", "platform-api i-0aaa:32768"}},
		{"unhealthy target with its reason", []string{"target", "api.hari328.net", "unhealthy", "platform-api i-0bbb:32771 Target.ResponseCodeMismatch Health checks failed with these codes: [502]"}},
		{"target group behind the login gate", []string{"target", "prometheus.hari328.net", "no targets", "platform-prometheus -"}},
		{"certificate", []string{"certificate", "*.hari328.net", "ISSUED", "*.hari328.net, hari328.net"}},
		{"delegation", []string{"delegation", "hari328.net", "delegated", "4 of 4"}},
		{"grafana url", []string{"url", "grafana", "-", "https://grafana.hari328.net"}},
		{"prometheus url", []string{"url", "prometheus", "-", "https://prometheus.hari328.net"}},
		{"cost", []string{"cost", "monthly estimate", fmt.Sprintf("$%.2f", r.Cost.MonthlyUSD), "nat_mode=gateway, 1 x t3.medium"}},
	}
	for _, w := range want {
		if !rowRE(w.cells...).MatchString(out) {
			t.Errorf("%s: no row %q in:\n%s", w.why, w.cells, out)
		}
	}
	if strings.Contains(out, "error") {
		t.Errorf("no call failed, yet the table has an error row:\n%s", out)
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	r := collect(t, platformFake(), defaultOptions())
	var buf bytes.Buffer
	if err := jsonout.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Layers []struct {
			Name    string `json:"name"`
			Applied bool   `json:"applied"`
		} `json:"layers"`
		Services []struct {
			Name    string `json:"name"`
			Desired int    `json:"desired"`
			Running int    `json:"running"`
			Pending int    `json:"pending"`
			Rollout string `json:"rollout_state"`
		} `json:"services"`
		Targets []struct {
			Host, Target, State string
		} `json:"targets"`
		Certificate struct{ Status string } `json:"certificate"`
		Delegation  struct{ State string }  `json:"delegation"`
		URLs        struct{ Grafana, Prometheus string }
		Cost        struct {
			MonthlyUSD float64 `json:"monthly_usd"`
		} `json:"cost"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("status JSON does not parse: %v\n%s", err, buf.String())
	}
	applied := map[string]bool{}
	for _, l := range got.Layers {
		applied[l.Name] = l.Applied
	}
	if !applied["bootstrap"] || !applied["base-infra"] || applied["monitoring"] || len(got.Layers) != 3 {
		t.Errorf("layers = %+v, want bootstrap and base-infra applied, monitoring not", got.Layers)
	}
	if len(got.Services) != 3 || got.Services[0].Name != "api" || got.Services[0].Rollout != "FAILED" || got.Services[0].Pending != 1 {
		t.Errorf("services = %+v, want api first with a FAILED rollout and 1 pending", got.Services)
	}
	states := map[string]string{}
	for _, tg := range got.Targets {
		states[tg.Target] = tg.State
	}
	if states["i-0bbb:32771"] != "unhealthy" || states["i-0aaa:32768"] != "healthy" {
		t.Errorf("targets = %+v, want i-0bbb:32771 unhealthy and i-0aaa:32768 healthy", got.Targets)
	}
	if got.Certificate.Status != "ISSUED" || got.Delegation.State != "delegated" {
		t.Errorf("certificate %q delegation %q, want ISSUED and delegated", got.Certificate.Status, got.Delegation.State)
	}
	if got.URLs.Grafana != "https://grafana.hari328.net" || got.URLs.Prometheus != "https://prometheus.hari328.net" {
		t.Errorf("urls = %+v", got.URLs)
	}
	if got.Cost.MonthlyUSD < 95.7 || got.Cost.MonthlyUSD > 97.7 {
		t.Errorf("cost = %.2f, want about 96.70", got.Cost.MonthlyUSD)
	}
}

func TestFailedCallIsReportedAndOthersStillShown(t *testing.T) {
	t.Parallel()
	f := platformFake()
	f.certErr = errors.New("AccessDeniedException: not authorized to perform acm:DescribeCertificate")
	r := collect(t, f, defaultOptions())
	if r.Certificate != nil {
		t.Errorf("certificate = %+v, want none after a failed call", r.Certificate)
	}
	if len(r.Errors) != 1 || !strings.Contains(r.Errors[0], "AccessDenied") {
		t.Errorf("errors = %q, want the ACM failure", r.Errors)
	}
	if len(r.Services) != 3 || len(r.Targets) != 4 {
		t.Errorf("a failed ACM call must not hide services (%d) or targets (%d)", len(r.Services), len(r.Targets))
	}
	var buf bytes.Buffer
	if err := WriteTable(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !rowRE("error", "-", "FAILED", "certificate: describe certificate: AccessDenied").MatchString(buf.String()) {
		t.Errorf("no error row for the ACM failure:\n%s", buf.String())
	}
}

func TestNothingAppliedYet(t *testing.T) {
	t.Parallel()
	f := &fakeAWS{}
	r := collect(t, f, Options{Domain: "hari328.net", Profile: cost.SeedProfile})
	for _, l := range r.Layers {
		if l.Applied {
			t.Errorf("layer %s applied without a state bucket", l.Name)
		}
	}
	if len(r.Services)+len(r.Targets) != 0 || r.Certificate != nil {
		t.Errorf("nothing should be listed before base-infra exists: %+v", r)
	}
	for _, c := range f.calls {
		if strings.HasPrefix(c, "s3:") || strings.HasPrefix(c, "ecs:") || strings.HasPrefix(c, "elb:") || strings.HasPrefix(c, "acm:") {
			t.Errorf("call %q made although nothing is applied", c)
		}
	}
	if r.URLs.Grafana != "https://grafana.hari328.net" {
		t.Errorf("URLs come from the config's domain before SSM has the zone name: %+v", r.URLs)
	}
	if len(r.Errors) != 0 {
		t.Errorf("errors = %q, want none", r.Errors)
	}
}

func TestSmallStatesAreRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		body        string
		wantApplied bool
		wantWhere   string
	}{
		{"destroyed layer keeps an empty state", `{"version":4,"serial":9,"lineage":"x","outputs":{},"resources":[],"check_results":null}`, false, "(empty state: destroyed)"},
		{"small layer with resources", `{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"this"}]}`, true, "monitoring/terraform.tfstate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := platformFake()
			f.objects["monitoring/terraform.tfstate"] = int64(len(tt.body))
			f.states = map[string]string{"monitoring/terraform.tfstate": tt.body}
			r := collect(t, f, defaultOptions())
			for _, l := range r.Layers {
				if l.Name == "monitoring" && (l.Applied != tt.wantApplied || !strings.HasSuffix(l.Where, tt.wantWhere)) {
					t.Errorf("monitoring = %+v, want applied=%t and where ending %q", l, tt.wantApplied, tt.wantWhere)
				}
			}
			for _, c := range f.calls {
				if c == "s3:GetObject base-infra/terraform.tfstate" {
					t.Errorf("a large state was downloaded: %q", c)
				}
			}
		})
	}
}

func TestServicesAreDescribedTenAtATime(t *testing.T) {
	t.Parallel()
	f := platformFake()
	f.services = nil
	for i := range 23 {
		f.services = append(f.services, service(fmt.Sprintf("svc-%02d", i), 1, 1, 0))
	}
	r := collect(t, f, defaultOptions())
	if len(r.Services) != 23 {
		t.Fatalf("got %d services, want 23 (errors %q)", len(r.Services), r.Errors)
	}
	var sizes []string
	for _, c := range f.calls {
		if strings.HasPrefix(c, "ecs:DescribeServices") {
			sizes = append(sizes, strings.Fields(c)[2])
		}
	}
	if strings.Join(sizes, ",") != "10,10,3" {
		t.Errorf("DescribeServices batch sizes = %v, want 10,10,3", sizes)
	}
	if r.Services[0].Rollout != "-" {
		t.Errorf("a service without deployments shows rollout %q, want -", r.Services[0].Rollout)
	}
}

// The list calls read every page through the SDK's paginators: with a fake answering one
// item a page, the report still holds every service and every routed host, and the fake
// was asked once per page.
func TestListCallsReadEveryPage(t *testing.T) {
	t.Parallel()
	one := platformFake()
	want := collect(t, one, defaultOptions())
	tests := []struct {
		name      string
		call      string
		wantPages int
		rows      func(Report) int
	}{
		{"ecs:ListServices", "ecs:ListServices", len(one.services), func(r Report) int { return len(r.Services) }},
		{"elb:DescribeRules", "elb:DescribeRules", len(one.rules), func(r Report) int { return len(r.Targets) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.wantPages < 2 {
				t.Fatalf("the fake has %d items for %s: want at least 2 to make 2 pages", tt.wantPages, tt.call)
			}
			f := platformFake()
			f.pageSize = 1
			r := collect(t, f, defaultOptions())
			if got, all := tt.rows(r), tt.rows(want); got != all || got == 0 {
				t.Errorf("%s one item a page: %d rows, want %d as with one page (errors %q)", tt.call, got, all, r.Errors)
			}
			pages := 0
			for _, c := range f.calls {
				if strings.HasPrefix(c, tt.call+" ") {
					pages++
				}
			}
			if pages != tt.wantPages {
				t.Errorf("%s called %d times, want %d (one per page)", tt.call, pages, tt.wantPages)
			}
		})
	}
}

func TestTargetGroupName(t *testing.T) {
	t.Parallel()
	if got := targetGroupName(tgARN("platform-api")); got != "platform-api" {
		t.Errorf("targetGroupName = %q", got)
	}
	if got := targetGroupName("weird"); got != "weird" {
		t.Errorf("targetGroupName(weird) = %q", got)
	}
}

func TestOneHealthCallPerTargetGroup(t *testing.T) {
	t.Parallel()
	f := platformFake()
	f.rules = append(f.rules, hostRule("www.hari328.net", "platform-api", false))
	r := collect(t, f, defaultOptions())
	calls := 0
	for _, c := range f.calls {
		if c == "elb:DescribeTargetHealth platform-api" {
			calls++
		}
	}
	if calls != 1 {
		t.Errorf("DescribeTargetHealth platform-api called %d times, want 1", calls)
	}
	www := 0
	for _, tg := range r.Targets {
		if tg.Host == "www.hari328.net" {
			www++
		}
	}
	if www != 2 {
		t.Errorf("www.hari328.net has %d target rows, want the 2 targets of platform-api", www)
	}
}
