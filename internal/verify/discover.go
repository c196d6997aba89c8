package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/contract"
)

// NameServersFunc returns the name servers of a Route53 hosted zone (GetHostedZone).
type NameServersFunc func(ctx context.Context, zoneID string) ([]string, error)

// platformHosts are the hosts the platform itself serves (terraform/monitoring), expected
// whatever the listener rules say.
var platformHosts = []string{"grafana", "prometheus"}

// Discover finds what to verify in the platform's own records: the /infra/* parameters
// base-infra writes (docs/contract.md), the hosted zone's name servers and the HTTPS
// listener's rules (which host is served, and which is behind the Cognito login).
// domain is the configured domain; it must match the deployed zone.
func Discover(ctx context.Context, c awsapi.Clients, nameServers NameServersFunc, domain string) (Platform, error) {
	names := []string{contract.ZoneName, contract.ZoneID, contract.ALBDNSName, contract.ALBListenerARN, contract.SSOBaseURL}
	out, err := c.SSM.GetParameters(ctx, &ssm.GetParametersInput{Names: names})
	if err != nil {
		return Platform{}, fmt.Errorf("read the platform parameters (%s): %w: check your AWS credentials and region with 'platformctl doctor'", strings.Join(names, ", "), err)
	}
	params := map[string]string{}
	for _, p := range out.Parameters {
		params[aws.ToString(p.Name)] = aws.ToString(p.Value)
	}
	if len(params) == 0 {
		return Platform{}, fmt.Errorf("no platform parameters (%s) in this account and region: base-infra is not applied: run 'platformctl up'", contract.Prefix+"*")
	}
	p := Platform{
		Domain:     normalizeHost(domain),
		LoginURL:   params[contract.SSOBaseURL],
		ALBDNSName: params[contract.ALBDNSName],
	}
	if zone := normalizeHost(params[contract.ZoneName]); zone != "" {
		if p.Domain != "" && zone != p.Domain {
			return Platform{}, fmt.Errorf("the config's domain %s is not the deployed zone %s: pass the platform's config with --config", p.Domain, zone)
		}
		p.Domain = zone
	}
	if p.Domain == "" {
		return Platform{}, fmt.Errorf("no domain: set domain in the config")
	}
	if zoneID := params[contract.ZoneID]; zoneID != "" {
		if p.NameServers, err = nameServers(ctx, zoneID); err != nil {
			return Platform{}, fmt.Errorf("read the name servers of hosted zone %s: %w: check your AWS credentials can call route53:GetHostedZone", zoneID, err)
		}
	}
	routed := map[string]bool{} // host -> gated
	if listener := params[contract.ALBListenerARN]; listener != "" {
		pages := elb.NewDescribeRulesPaginator(c.ELB, &elb.DescribeRulesInput{ListenerArn: aws.String(listener)})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				return Platform{}, fmt.Errorf("read the rules of the HTTPS listener: %w: check your AWS credentials can call elasticloadbalancing:DescribeRules", err)
			}
			for _, r := range page.Rules {
				gated := slices.ContainsFunc(r.Actions, func(a elbtypes.Action) bool { return a.Type == elbtypes.ActionTypeEnumAuthenticateCognito })
				for _, h := range ruleHosts(r.Conditions) {
					routed[h] = routed[h] || gated
				}
			}
		}
	}
	for _, name := range platformHosts {
		h := name + "." + p.Domain
		if _, ok := routed[h]; !ok {
			p.Hosts = append(p.Hosts, Host{Name: h})
		}
	}
	for h, gated := range routed {
		p.Hosts = append(p.Hosts, Host{Name: h, Routed: true, Gated: gated})
	}
	slices.SortFunc(p.Hosts, func(a, b Host) int { return strings.Compare(a.Name, b.Name) })
	return p, nil
}

// ruleHosts are the exact host names of a rule's host-header conditions (wildcards are not
// names a browser can be checked with).
func ruleHosts(conds []elbtypes.RuleCondition) []string {
	var hosts []string
	for _, c := range conds {
		if aws.ToString(c.Field) != "host-header" {
			continue
		}
		values := c.Values
		if c.HostHeaderConfig != nil && len(c.HostHeaderConfig.Values) > 0 {
			values = c.HostHeaderConfig.Values
		}
		for _, v := range values {
			if v = normalizeHost(v); v != "" && !strings.ContainsAny(v, "*?") {
				hosts = append(hosts, v)
			}
		}
	}
	return hosts
}

func normalizeHost(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}
