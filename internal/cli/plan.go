package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

func newPlanCmd(env *Env) *cobra.Command {
	cmd := newLeaf(env, "plan [LAYER...]", `Runs 'terraform plan' in each layer (bootstrap, base-infra, monitoring), or only the named ones,
in dependency order whatever order they are typed in. base-infra is planned as 'up' finally
applies it (wait_for_certificate=true). It changes nothing.`, `  platformctl plan
  platformctl plan base-infra`, awsRequired, runPlan)
	cmd.ValidArgsFunction = completeLayers()
	return cmd
}

// runPlan: platformctl plan [LAYER...]
//
// Plans each selected layer in dependency order. base-infra is planned as
// `up` finally applies it (wait_for_certificate=true).
func runPlan(ctx context.Context, env *Env, rest []string) error {
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
	var steps []string
	for _, l := range sel {
		steps = append(steps, fmt.Sprintf("%s: plan", l.Name))
	}
	d.announce("platformctl plan", steps)
	for _, l := range sel {
		done := d.begin(l.Name + ": plan")
		if err := d.init(ctx, l); err != nil {
			return err
		}
		if err := d.run(ctx, l, tfrun.Plan(d.opts(finalVars(l), nil))); err != nil {
			return err
		}
		done()
	}
	return nil
}

// finalVars are the -var arguments of a layer's full apply in `up`.
func finalVars(l layers.Layer) []tfrun.Var {
	if l.Name == layers.BaseInfra {
		return []tfrun.Var{{Name: layers.WaitForCertificateVar, Value: "true"}}
	}
	return nil
}

func bootstrapLayer() layers.Layer {
	l, _ := layers.Get(layers.Bootstrap)
	return l
}
