package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/status"
	"github.com/hari328/platform/internal/tfrun"
)

func newDownCmd(env *Env) *cobra.Command {
	var yes bool
	cmd := newLeaf(env, "down --yes [LAYER...]", `Destroys monitoring, then base-infra (or only the named layers), in reverse dependency order,
switching off their deletion protection first. It never destroys bootstrap (the state bucket),
refuses without --yes, and refuses to destroy base-infra while a tenant service (an app repo's)
still runs on the cluster.`, `  platformctl down --yes
  platformctl down --yes monitoring`, awsRequired, func(ctx context.Context, env *Env, args []string) error {
		return runDown(ctx, env, args, yes)
	})
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the destruction")
	cmd.ValidArgsFunction = completeLayers(layers.Bootstrap) // down never destroys it
	return cmd
}

// runDown: platformctl down --yes [LAYER...]
//
// Destroys the selected layers (default: monitoring, base-infra) in reverse
// dependency order. It never destroys bootstrap (the state bucket), refuses
// without --yes, and, before destroying anything, refuses to destroy
// base-infra while tenant services (not the monitoring layer's) run on the
// cluster.
func runDown(ctx context.Context, env *Env, rest []string, yes bool) error {
	sel, err := layers.SelectForDestroy(rest)
	if err != nil {
		return &UsageError{Msg: err.Error()}
	}
	if !yes {
		return usagef("down destroys %s and everything in them: re-run with --yes to confirm (%q)", strings.Join(layers.Names(sel), ", "), strings.Join(append([]string{"platformctl", "down", "--yes"}, rest...), " "))
	}
	d, err := newDeployer(ctx, env)
	if err != nil {
		return err
	}
	if err := d.preflight(sel, true); err != nil {
		return err
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	if err := d.ws.prepare(); err != nil {
		return err
	}
	destroysBaseInfra := slices.ContainsFunc(sel, func(l layers.Layer) bool { return l.Name == layers.BaseInfra })
	destroysMonitoring := slices.ContainsFunc(sel, func(l layers.Layer) bool { return l.Name == layers.Monitoring })
	var titles []string
	if destroysBaseInfra {
		titles = append(titles, "check that no tenant service runs on the cluster")
	}
	for _, l := range sel {
		if _, ok := layers.DeletionProtection[l.Name]; ok {
			titles = append(titles, l.Name+": switch off deletion protection")
		}
		titles = append(titles, l.Name+": destroy")
	}
	d.announce("platformctl down (the state bucket is kept)", titles)
	// Refuse before destroying anything.
	if destroysBaseInfra {
		done := d.begin("check that no tenant service runs on the cluster")
		if err := d.refuseWhileTenants(ctx, env, awsCfg, destroysMonitoring); err != nil {
			return err
		}
		done()
	}
	for _, l := range sel {
		vars := unprotectVars(l)
		if p, ok := layers.DeletionProtection[l.Name]; ok {
			done := d.begin(l.Name + ": switch off deletion protection")
			if err := d.unprotect(ctx, l, p, vars); err != nil {
				return err
			}
			done()
		}
		done := d.begin(l.Name + ": destroy")
		if err := d.init(ctx, l); err != nil {
			return err
		}
		if err := d.run(ctx, l, tfrun.Destroy(d.opts(vars, nil), true)); err != nil {
			return err
		}
		done()
	}
	fmt.Fprintf(env.Stderr, "\nplatformctl down: done. The state bucket (bootstrap) is kept: docs/runbook.md says how to remove it.\n")
	return nil
}

// unprotectVars sets every deletion-protection variable of l to false.
func unprotectVars(l layers.Layer) []tfrun.Var {
	var vars []tfrun.Var
	for _, v := range layers.DeletionProtection[l.Name].Vars {
		vars = append(vars, tfrun.Var{Name: v, Value: "false"})
	}
	return vars
}

// unprotect applies the protected resources that exist with protection off.
// Resources not in the state are left alone: a targeted apply would create them.
func (d *deployer) unprotect(ctx context.Context, l layers.Layer, p layers.Protection, vars []tfrun.Var) error {
	if err := d.init(ctx, l); err != nil {
		return err
	}
	var out, errb bytes.Buffer
	args := tfrun.StateList()
	if err := d.tf.Run(ctx, d.ws.dir(l), args, &out, &errb); err != nil {
		return fmt.Errorf("list the resources of %s: %w: %s: investigate with: %s", l.Name, err, firstLine(strings.TrimSpace(errb.String())), tfrun.CommandLine(d.ws.dir(l), d.bin, args))
	}
	inState := strings.Fields(out.String())
	var targets []string
	for _, t := range p.Targets {
		if slices.Contains(inState, t) {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		fmt.Fprintf(d.env.Stderr, "    nothing to do: %s is not in the state\n", strings.Join(p.Targets, ", "))
		return nil
	}
	// A targeted apply plans the targets' dependencies too: the user pool's
	// pre-sign-up Lambda needs its zip, or the apply stops at its precondition.
	if slices.Contains(targets, cognitoUserPool) {
		if err := d.needPresignupZip(); err != nil {
			return err
		}
	}
	return d.run(ctx, l, tfrun.Apply(d.opts(vars, targets), true))
}

// cognitoUserPool is the address of base-infra's user pool (one of
// layers.DeletionProtection's targets).
const cognitoUserPool = "aws_cognito_user_pool.this"

// needPresignupZip refuses, naming the fix, when the pre-sign-up Lambda zip
// the configuration points at is missing.
func (d *deployer) needPresignupZip() error {
	zip := d.cfg.PresignupLambdaZip
	if !filepath.IsAbs(zip) {
		zip = filepath.Join(d.env.RepoRoot, zip)
	}
	if _, err := os.Stat(zip); err != nil {
		return usagef("switching off the user pool's deletion protection applies it with its pre-sign-up Lambda, whose zip %s is missing: run 'make lambda', then re-run 'platformctl down --yes'", zip)
	}
	return nil
}

// refuseWhileTenants lists the ECS services on the platform's cluster and
// refuses when any is not the monitoring layer's (a tenant: an app repo's
// Layer 2a), or when the monitoring layer's own services would outlive the
// cluster because down was not asked to destroy monitoring too.
func (d *deployer) refuseWhileTenants(ctx context.Context, env *Env, awsCfg aws.Config, destroysMonitoring bool) error {
	baseInfra, _ := layers.Get(layers.BaseInfra)
	outs, err := d.outputs(ctx, baseInfra)
	if err != nil {
		return err
	}
	cluster := tfrun.String(outs, layers.OutputClusterName)
	if cluster == "" {
		fmt.Fprintf(env.Stderr, "    no cluster in the base-infra state: nothing runs on it\n")
		return nil
	}
	services, err := listServices(ctx, env.awsClients(awsCfg).ECS, cluster)
	if err != nil {
		return err
	}
	monitoring, _ := layers.Get(layers.Monitoring)
	mouts, err := d.outputs(ctx, monitoring)
	if err != nil {
		return err
	}
	var own map[string]string
	if o, ok := mouts[layers.OutputMonitoringServices]; ok {
		_ = json.Unmarshal(o.Value, &own)
	}
	var tenants, monitoringLeft []string
	for _, s := range services {
		if slices.Contains(mapValues(own), s) {
			monitoringLeft = append(monitoringLeft, s)
		} else {
			tenants = append(tenants, s)
		}
	}
	switch {
	case len(tenants) > 0:
		return fmt.Errorf("refusing to destroy base-infra: %d tenant service(s) still run on cluster %s: %s: destroy them first ('terraform destroy' in each app repo's terraform/ folder), then re-run 'platformctl down --yes'", len(tenants), cluster, strings.Join(tenants, ", "))
	case len(monitoringLeft) > 0 && !destroysMonitoring:
		return fmt.Errorf("refusing to destroy base-infra: the monitoring layer still runs on cluster %s (%s): run 'platformctl down --yes' to destroy both layers in order", cluster, strings.Join(monitoringLeft, ", "))
	}
	fmt.Fprintf(env.Stderr, "    cluster %s: no tenant services (%d monitoring service(s), destroyed first)\n", cluster, len(monitoringLeft))
	return nil
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// listServices returns the names of every service in the cluster (the ARNs
// `status` reads, status.ServiceARNs).
func listServices(ctx context.Context, api awsapi.ECS, cluster string) ([]string, error) {
	arns, err := status.ServiceARNs(ctx, api, cluster)
	if err != nil {
		return nil, fmt.Errorf("list services of cluster %s: %w: check your AWS credentials can call ecs:ListServices", cluster, err)
	}
	names := make([]string, 0, len(arns))
	for _, arn := range arns {
		names = append(names, path.Base(arn))
	}
	slices.Sort(names)
	return names, nil
}
