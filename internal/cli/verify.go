package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/status"
	"github.com/hari328/platform/internal/verify"
)

func newVerifyCmd(env *Env) *cobra.Command {
	var timeout time.Duration
	cmd := newLeaf(env, "verify", `Checks the live platform from the outside, as a friend's browser sees it, and prints one
line per check (FAIL lines say what to do):
  delegation      the registrar's name servers (asked at the parent zone) are the hosted zone's
  route           grafana and prometheus have a listener rule (the other hosts come from the rules)
  certificate     each host's certificate (and a custom auth domain's) is valid for it, chains
                  to a trusted root and does not expire within 14 days
  http-redirect   port 80 redirects permanently (301/308) to https on 443
  login-gate      each host behind the Cognito login redirects an anonymous request to this
                  user pool's /oauth2/authorize (not a 200)
  grafana-health  https://grafana.<domain>/api/health answers 200 with database ok
  port            no common port but 80/443 answers on the load balancer's addresses
  service/target  every ECS service runs its desired count, every target is healthy
                  (the same report as 'platformctl status')

Needs AWS credentials (it reads the /infra/* parameters, the HTTPS listener's rules, the
hosted zone and the ECS status) and the config's domain (--config). It changes nothing.
Exit status: 0 every check passed, 1 a check failed, 2 bad input.`, `  platformctl verify
  platformctl verify --timeout 30s
  platformctl verify --json | jq '.[] | select(.ok == false)'`, awsRequired, func(ctx context.Context, env *Env, args []string) error {
		return runVerify(ctx, env, args, timeout)
	})
	cmd.Flags().DurationVar(&timeout, "timeout", 10*time.Second, "deadline of each network operation (an AWS call, a DNS question, a TLS handshake, an HTTP request), 1s to 2m")
	jsonFlag(env, cmd, false)
	return cmd
}

// runVerify: platformctl verify [--json] [--timeout 10s]
//
// Finds the platform in its own records (verify.Discover), runs every check concurrently
// (verify.Run) and prints one row per check, or a JSON list. Exit status 1 when any check
// failed. The AWS clients come from Env.awsClients and the network from
// Env.clients.verify (zero fields: the real network), so tests set fakes on their Env.
func runVerify(ctx context.Context, env *Env, rest []string, timeout time.Duration) error {
	if len(rest) > 0 {
		return usagef("verify takes no arguments (got %q): run 'platformctl verify'", rest[0])
	}
	if timeout < time.Second || timeout > 2*time.Minute {
		return usagef("--timeout %s is out of range: give a duration from 1s to 2m, e.g. --timeout 10s", timeout)
	}
	cfg, err := env.Config()
	if err != nil {
		return err
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	clients := env.awsClients(awsCfg)
	nameServers := func(ctx context.Context, zoneID string) ([]string, error) {
		return hostedZoneNameServers(ctx, clients.Route53, zoneID)
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	p, err := verify.Discover(dctx, clients, nameServers, cfg.Domain)
	cancel()
	if err != nil {
		return fmt.Errorf("find the platform: %w", err)
	}

	d := env.clients.verify
	d.Timeout = timeout
	if d.Delegation == nil {
		d.Delegation = env.delegationChecker().Check
	}
	if d.Status == nil {
		d.Status = func(ctx context.Context) (status.Report, error) {
			return status.Collect(ctx, clients, status.Options{Domain: p.Domain})
		}
	}
	fmt.Fprintf(env.Stderr, "verifying %s: %d hosts, the load balancer %s and the ECS services...\n", p.Domain, len(p.Hosts), p.ALBDNSName)
	results := verify.Run(ctx, p, d)
	if env.JSON {
		err = jsonout.Write(env.Stdout, results)
	} else {
		err = verify.WriteTable(env.Stdout, results)
	}
	if err != nil {
		return err
	}
	if n := len(verify.Failures(results)); n > 0 {
		return fmt.Errorf("%d of %d checks failed (the FAIL rows say what to do): fix them, then re-run 'platformctl verify'", n, len(results))
	}
	return nil
}
