package cli

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/status"
)

func newStatusCmd(env *Env) *cobra.Command {
	cmd := newLeaf(env, "status", `Prints in one table (or --json) each layer applied or not, every ECS service and its last
deployment, each host and its purchase option, ALB target health per host, the certificate, the
domain's delegation, the Grafana and Prometheus URLs and the estimated monthly cost. The AWS calls
run in parallel; a failed one is shown in its row. Exit status: 0 complete, 1 a call failed.`, `  platformctl status
  platformctl status --json | jq '.services[] | select(.running < .desired)'`, awsRequired, runStatus)
	jsonFlag(env, cmd, false)
	return cmd
}

// runStatus: platformctl status [--json]
//
// One table (or JSON): layers applied or not, ECS services and their last deployment, ALB
// target health per host, certificate, delegation, URLs and the estimated monthly cost. The
// AWS calls run in parallel; the exit status is 1 when any of them failed (the table still
// shows everything else).
func runStatus(ctx context.Context, env *Env, rest []string) error {
	if len(rest) > 0 {
		return usagef("status takes no arguments (got %q): run 'platformctl status'", rest[0])
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	ws, err := newWorkspace(env)
	if err != nil {
		return err
	}
	backend, _, err := ws.readBackend()
	if err != nil {
		return err
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	clients := env.awsClients(awsCfg)
	checker := env.delegationChecker()
	opt := status.Options{
		Bucket:  backend.Bucket,
		Domain:  cfg.Domain,
		Profile: cost.Profile{NatMode: cfg.NATMode, InstanceType: cfg.InstanceType, DesiredCapacity: cfg.ASGDesiredCapacity, HostCapacity: cfg.HostCapacity},
		Hosts:   true,
		Delegation: func(ctx context.Context, zone, zoneID string) (status.Delegation, error) {
			ns, err := hostedZoneNameServers(ctx, clients.Route53, zoneID)
			if err != nil {
				return status.Delegation{}, fmt.Errorf("get hosted zone %s: %w", zoneID, err)
			}
			if len(ns) == 0 {
				return status.Delegation{}, fmt.Errorf("hosted zone %s lists no name servers", zoneID)
			}
			res, err := checker.Check(ctx, zone, ns)
			if err != nil {
				return status.Delegation{}, err
			}
			return delegationRow(res), nil
		},
	}
	if backend.Bucket == "" {
		fmt.Fprintln(env.Stderr, "note: no backend settings in .platform/backend.hcl: run 'platformctl bootstrap' first; layers show as not applied")
	}
	rep, err := status.Collect(ctx, clients, opt)
	if err != nil {
		return err
	}
	if env.JSON {
		err = jsonout.Write(env.Stdout, rep)
	} else {
		err = status.WriteTable(env.Stdout, rep)
	}
	if err != nil {
		return err
	}
	if n := len(rep.Errors); n > 0 {
		return fmt.Errorf("status is incomplete: %d check(s) failed (see the error rows): check your AWS credentials and region with 'platformctl doctor'", n)
	}
	return nil
}

// hostedZoneNameServers reads a Route53 hosted zone's own name servers
// (route53:GetHostedZone), for `status` and `verify`.
func hostedZoneNameServers(ctx context.Context, api awsapi.Route53, zoneID string) ([]string, error) {
	out, err := api.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String(zoneID)})
	if err != nil {
		return nil, err
	}
	if out.DelegationSet == nil {
		return nil, nil
	}
	return out.DelegationSet.NameServers, nil
}

func delegationRow(res dnscheck.Result) status.Delegation {
	common := 0
	for _, p := range res.Parent {
		for _, e := range res.Expected {
			if p == e {
				common++
			}
		}
	}
	d := status.Delegation{
		State:  string(res.State),
		Detail: fmt.Sprintf("parent (%s) lists %d of the zone's %d name servers", res.Server, common, len(res.Expected)),
	}
	if res.State != dnscheck.Delegated {
		d.Detail += ": set them at the registrar, see 'platformctl dns'"
	}
	return d
}
