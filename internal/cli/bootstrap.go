package cli

import (
	"context"
	"fmt"
)

// runBootstrap: platformctl bootstrap
//
// Applies terraform/bootstrap with its local state (terraform.tfstate in its
// folder, or .platform/state/ with PLATFORM_BACKEND=local),
// then writes .platform/backend.hcl from its outputs. Safe to re-run.
func runBootstrap(ctx context.Context, env *Env, args []string) error {
	fs := env.Flags("bootstrap")
	rest, err := env.parse(fs, args, "platformctl bootstrap")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("bootstrap takes no arguments (got %q): run 'platformctl bootstrap'", rest[0])
	}
	d, err := newDeployer(ctx, env)
	if err != nil {
		return err
	}
	if _, err := env.AWS(ctx); err != nil {
		return err
	}
	if err := d.ws.prepare(); err != nil {
		return err
	}
	d.announce("platformctl bootstrap", []string{
		fmt.Sprintf("bootstrap: apply the state bucket and lock table (state in %s), write %s", d.ws.statePath(bootstrapLayer()), d.ws.backendFile()),
	})
	done := d.begin("bootstrap")
	if err := d.applyBootstrap(ctx); err != nil {
		return err
	}
	done()
	return nil
}
