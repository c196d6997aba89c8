package verify

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/contract"
)

// fakeAWS answers the SSM and ELB calls Discover makes: the parameters given and the rules
// given, two per page (so the paginator's Marker is exercised).
type fakeAWS struct {
	params   map[string]string
	rules    []elbtypes.Rule
	ssmErr   error
	pages    int
	listener string
}

// GetParameter and PutParameter are in awsapi.SSM for friends; verify never calls them.
func (f *fakeAWS) GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	return nil, errors.New("verify does not call GetParameter")
}

func (f *fakeAWS) PutParameter(context.Context, *ssm.PutParameterInput, ...func(*ssm.Options)) (*ssm.PutParameterOutput, error) {
	return nil, errors.New("verify does not call PutParameter")
}

func (f *fakeAWS) GetParameters(_ context.Context, in *ssm.GetParametersInput, _ ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	if f.ssmErr != nil {
		return nil, f.ssmErr
	}
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

func (f *fakeAWS) DescribeRules(_ context.Context, in *elb.DescribeRulesInput, _ ...func(*elb.Options)) (*elb.DescribeRulesOutput, error) {
	f.pages++
	f.listener = aws.ToString(in.ListenerArn)
	start := 0
	if in.Marker != nil {
		start = len(aws.ToString(in.Marker))
	}
	end := min(start+2, len(f.rules))
	out := &elb.DescribeRulesOutput{Rules: f.rules[start:end]}
	if end < len(f.rules) {
		out.NextMarker = aws.String(strings.Repeat("m", end))
	}
	return out, nil
}

func (f *fakeAWS) DescribeTargetHealth(context.Context, *elb.DescribeTargetHealthInput, ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error) {
	return nil, errors.New("not called by Discover")
}

func rule(host string, gated bool) elbtypes.Rule {
	r := elbtypes.Rule{Conditions: []elbtypes.RuleCondition{{
		Field: aws.String("host-header"), HostHeaderConfig: &elbtypes.HostHeaderConditionConfig{Values: []string{host}},
	}}}
	if gated {
		r.Actions = append(r.Actions, elbtypes.Action{Type: elbtypes.ActionTypeEnumAuthenticateCognito})
	}
	r.Actions = append(r.Actions, elbtypes.Action{Type: elbtypes.ActionTypeEnumForward})
	return r
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	const listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/platform/1/2"
	base := map[string]string{
		contract.ZoneName:       "Example.Test.",
		contract.ZoneID:         "Z0EXAMPLE",
		contract.ALBDNSName:     albName,
		contract.ALBListenerARN: listener,
		contract.SSOBaseURL:     "https://" + loginHost,
	}
	ns := func(_ context.Context, zoneID string) ([]string, error) {
		if zoneID != "Z0EXAMPLE" {
			return nil, errors.New("unexpected zone " + zoneID)
		}
		return zoneNS, nil
	}
	cases := []struct {
		name      string
		domain    string
		params    map[string]string
		rules     []elbtypes.Rule
		ssmErr    error
		wantHosts []Host
		wantErr   string
	}{
		{
			name:   "hosts from the listener rules, gated by authenticate-cognito",
			domain: "example.test",
			params: base,
			rules: []elbtypes.Rule{
				rule(grafana, false), rule(prom, true), rule("API.example.test", true),
				rule("*.example.test", false), // a wildcard is no host a browser can be checked with
				{Actions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse}}, IsDefault: aws.Bool(true)},
			},
			wantHosts: []Host{{Name: api, Routed: true, Gated: true}, {Name: grafana, Routed: true}, {Name: prom, Routed: true, Gated: true}},
		},
		{
			name:      "monitoring not applied: its hosts are expected but not routed",
			domain:    "example.test",
			params:    base,
			rules:     []elbtypes.Rule{rule(api, true)},
			wantHosts: []Host{{Name: api, Routed: true, Gated: true}, {Name: grafana}, {Name: prom}},
		},
		{name: "config names another domain", domain: "other.test", params: base, wantErr: "the config's domain other.test is not the deployed zone example.test"},
		{name: "base-infra not applied", domain: "example.test", params: map[string]string{}, wantErr: "base-infra is not applied: run 'platformctl up'"},
		{name: "SSM fails", domain: "example.test", ssmErr: errors.New("AccessDenied"), wantErr: "AccessDenied: check your AWS credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeAWS{params: tc.params, rules: tc.rules, ssmErr: tc.ssmErr}
			p, err := Discover(context.Background(), awsapi.Clients{SSM: f, ELB: f}, ns, tc.domain)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Hosts, tc.wantHosts) {
				t.Errorf("hosts = %+v, want %+v", p.Hosts, tc.wantHosts)
			}
			if p.Domain != "example.test" || p.ALBDNSName != albName || p.LoginURL != "https://"+loginHost || !slices.Equal(p.NameServers, zoneNS) {
				t.Errorf("platform = %+v", p)
			}
			if f.listener != listener || (len(tc.rules) > 2 && f.pages < 2) {
				t.Errorf("DescribeRules: listener %q, %d pages for %d rules: want every page of the HTTPS listener", f.listener, f.pages, len(tc.rules))
			}
		})
	}
}
