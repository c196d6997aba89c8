package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

func newUpCmd(env *Env) *cobra.Command {
	cmd := newLeaf(env, "up [LAYER...]", `Applies every layer, or only the named ones, in dependency order (bootstrap first when
.platform/backend.hcl does not exist yet). base-infra goes in two phases: the zone, the
certificate request and its validation records; then, once the registrar delegates the domain to
the zone's name servers, everything else. Until then it stops with exit status 3 and prints the
name servers to set; re-running it continues there.`, `  platformctl up
  platformctl up monitoring`, awsRequired, runUp)
	cmd.ValidArgsFunction = completeLayers()
	return cmd
}

// runUp: platformctl up [LAYER...]
//
// Applies the selected layers in dependency order (bootstrap first when the
// backend settings do not exist yet). base-infra goes in two phases
// (docs/decisions/0017-certificate-two-phases.md): the zone, certificate request and validation records;
// then, once the parent zone delegates the domain to the zone's name
// servers, everything with wait_for_certificate=true. Until the domain is
// delegated, up stops with exit code 3 and re-running it continues there.
func runUp(ctx context.Context, env *Env, rest []string) error {
	sel, err := layers.Select(rest)
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	d, err := newDeployer(ctx, env)
	if err != nil {
		return err
	}
	if err := d.preflight(sel, false); err != nil {
		return err
	}
	if _, err := env.AWS(ctx); err != nil {
		return err
	}
	if err := d.ws.prepare(); err != nil {
		return err
	}
	bootstrapped, err := d.bootstrapped()
	if err != nil {
		return err
	}

	// Plan the steps: bootstrap when named, or when the backend settings do
	// not exist yet (a plain `up` re-run after the registrar stop skips it;
	// 'platformctl bootstrap' re-applies it on purpose).
	type upStep struct {
		title string
		run   func(context.Context) error
	}
	var steps []upStep
	selected := map[string]bool{}
	for _, l := range sel {
		selected[l.Name] = true
	}
	named := len(rest) > 0 && selected[layers.Bootstrap]
	if named || !bootstrapped {
		title := "bootstrap: state bucket and lock table, backend settings"
		if !named {
			title += " (needed first: no " + StateDirName + "/backend.hcl yet)"
		}
		steps = append(steps, upStep{title, d.applyBootstrap})
	}
	for _, l := range sel {
		switch l.Name {
		case layers.Bootstrap:
		case layers.BaseInfra:
			var nameServers []string
			steps = append(steps,
				upStep{"base-infra phase 1: zone, certificate request, validation records", func(ctx context.Context) error {
					var err error
					nameServers, err = d.certificatePhase(ctx, l)
					return err
				}},
				upStep{"registrar check: is " + d.cfg.Domain + " delegated to the zone's name servers?", func(ctx context.Context) error {
					return d.registrarCheck(ctx, nameServers)
				}},
				upStep{"base-infra phase 2: everything, waiting for the certificate", func(ctx context.Context) error {
					return d.apply(ctx, l, finalVars(l))
				}},
			)
		default:
			steps = append(steps, upStep{l.Name + ": apply", func(ctx context.Context) error {
				return d.apply(ctx, l, finalVars(l))
			}})
		}
	}
	titles := make([]string, len(steps))
	for i, s := range steps {
		titles[i] = s.title
	}
	d.announce("platformctl up", titles)
	for _, s := range steps {
		done := d.begin(s.title)
		if err := s.run(ctx); err != nil {
			return err
		}
		done()
	}
	fmt.Fprintf(env.Stderr, "\nplatformctl up: done. Next: 'platformctl status' (or 'platformctl dns').\n")
	return nil
}

// apply applies a whole layer.
func (d *deployer) apply(ctx context.Context, l layers.Layer, vars []tfrun.Var) error {
	if err := d.init(ctx, l); err != nil {
		return err
	}
	return d.run(ctx, l, tfrun.Apply(d.opts(vars, nil), true))
}

// certificatePhase applies the zone, the certificate request and its
// validation records, and returns the zone's name servers.
func (d *deployer) certificatePhase(ctx context.Context, l layers.Layer) ([]string, error) {
	if err := d.init(ctx, l); err != nil {
		return nil, err
	}
	if err := d.run(ctx, l, tfrun.Apply(d.opts(nil, layers.CertificatePhaseTargets), true)); err != nil {
		return nil, err
	}
	outs, err := d.outputs(ctx, l)
	if err != nil {
		return nil, err
	}
	ns := tfrun.Strings(outs, layers.OutputNameServers)
	if len(ns) == 0 {
		return nil, fmt.Errorf("read the zone's name servers: base-infra has no %q output after phase 1: check terraform/base-infra/outputs.tf", layers.OutputNameServers)
	}
	return ns, nil
}

// registrarCheck prints the name servers and the registrar steps, then asks
// the parent zone. Not delegated (or partly): stop with ExitRegistrar.
func (d *deployer) registrarCheck(ctx context.Context, nameServers []string) error {
	w := d.env.Stderr
	domain := d.cfg.Domain
	fmt.Fprintf(w, "\nThe zone %s is served by these Route53 name servers (%d):\n", domain, len(nameServers))
	for _, ns := range nameServers {
		fmt.Fprintf(w, "    %s\n", strings.TrimSuffix(ns, "."))
	}
	res, err := d.env.delegationChecker().Check(ctx, domain, nameServers)
	if err != nil {
		return err
	}
	if res.State == dnscheck.Delegated {
		fmt.Fprintf(w, "The parent zone (asked at %s) delegates %s to them: continuing.\n", res.Server, domain)
		return nil
	}
	fmt.Fprintf(w, `The parent zone (asked at %s) says %s is %s: it lists %s.

At the registrar (Namecheap), once:
  1. Sign in, open Domain List and click Manage next to %s.
  2. Under Nameservers choose "Custom DNS".
  3. Enter the name servers above (%d) (without a trailing dot), remove any others, and save.
  4. Wait for the change to reach the parent zone: usually minutes, at most 48 hours.
     'platformctl dns' tells when it has.
Then re-run 'platformctl up': it continues from here (phase 1 changes nothing the second time).
`, res.Server, domain, res.State, listOrNone(res.Parent), domain, len(nameServers))
	return &ExitError{Code: ExitRegistrar, Err: fmt.Errorf("stopped at the registrar step: %s is %s to its Route53 name servers: set them at Namecheap as shown above, then re-run 'platformctl up'", domain, res.State)}
}

func listOrNone(ss []string) string {
	if len(ss) == 0 {
		return "no name servers for it"
	}
	return strings.Join(ss, ", ")
}
