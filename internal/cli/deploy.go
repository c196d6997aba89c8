package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hari328/platform/internal/config"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// deployer runs Terraform over the layers for plan, up, down, bootstrap and
// dns: it announces each step, streams Terraform's output to stderr, times
// the step, and on failure names the command to investigate.
type deployer struct {
	env    *Env
	cfg    *config.Config
	ws     workspace
	bin    string
	tf     tfrun.Runner
	inited map[string]bool
	step   int
	steps  int
}

// newDeployer checks everything that can be checked without touching
// anything: config, workspace mode, Terraform binary.
func newDeployer(ctx context.Context, env *Env) (*deployer, error) {
	cfg, err := env.Config()
	if err != nil {
		return nil, err
	}
	ws, err := newWorkspace(env)
	if err != nil {
		return nil, err
	}
	bin, tf, err := env.terraformRunner(ctx)
	if err != nil {
		return nil, err
	}
	return &deployer{env: env, cfg: cfg, ws: ws, bin: bin, tf: tf, inited: map[string]bool{}}, nil
}

func (d *deployer) opts(vars []tfrun.Var, targets []string) tfrun.Options {
	return tfrun.Options{VarFile: d.env.ConfigPath, Vars: vars, Targets: targets, Color: d.env.StdoutIsTTY}
}

// announce prints the numbered list of steps before a long operation.
func (d *deployer) announce(title string, steps []string) {
	d.steps = len(steps)
	fmt.Fprintf(d.env.Stderr, "%s (%d steps):\n", title, len(steps))
	for i, s := range steps {
		fmt.Fprintf(d.env.Stderr, "  %d. %s\n", i+1, s)
	}
}

// begin starts the next announced step and returns a func that reports its
// elapsed time.
func (d *deployer) begin(title string) func() {
	d.step++
	fmt.Fprintf(d.env.Stderr, "\n==> [%d/%d] %s\n", d.step, d.steps, title)
	start := d.env.Now()
	return func() {
		fmt.Fprintf(d.env.Stderr, "<== [%d/%d] %s: done in %s\n", d.step, d.steps, short(title), d.env.Now().Sub(start).Round(time.Second))
	}
}

// run runs terraform args in l's folder, streaming its output to stderr.
func (d *deployer) run(ctx context.Context, l layers.Layer, args []string) error {
	dir := d.ws.dir(l)
	fmt.Fprintf(d.env.Stderr, "    $ %s %s\n", filepath.Base(d.bin), strings.Join(args, " "))
	if err := d.tf.Run(ctx, dir, args, d.env.Stderr, d.env.Stderr); err != nil {
		return fmt.Errorf("%s %s in %s failed: %w: investigate with: %s", filepath.Base(d.bin), args[0], l.Name, err, tfrun.CommandLine(dir, d.bin, args))
	}
	return nil
}

// init initialises l once per run with the right backend.
func (d *deployer) init(ctx context.Context, l layers.Layer) error {
	if d.inited[l.Name] {
		return nil
	}
	if l.Name == layers.Bootstrap && !d.ws.local {
		// Its state is in the bucket it creates (bootstrap.go).
		if err := d.initBootstrap(ctx, l); err != nil {
			return err
		}
		d.inited[l.Name] = true
		return nil
	}
	var args []string
	if l.LocalState || d.ws.local {
		args = tfrun.InitLocal(d.ws.local, d.env.StdoutIsTTY)
	} else {
		b, ok, err := d.ws.readBackend()
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("layer %s needs the state bucket, and %s does not exist yet: run 'platformctl bootstrap'", l.Name, d.ws.backendFile())
		}
		args = tfrun.InitS3(b, l.StateKey(), d.env.StdoutIsTTY)
	}
	if err := d.run(ctx, l, args); err != nil {
		return err
	}
	d.inited[l.Name] = true
	return nil
}

// outputs returns l's outputs (initialising it first).
func (d *deployer) outputs(ctx context.Context, l layers.Layer) (map[string]tfrun.OutputValue, error) {
	if err := d.init(ctx, l); err != nil {
		return nil, err
	}
	var out, errb bytes.Buffer
	args := tfrun.Output()
	if err := d.tf.Run(ctx, d.ws.dir(l), args, &out, &errb); err != nil {
		return nil, fmt.Errorf("read outputs of %s: %w: %s: investigate with: %s", l.Name, err, firstLine(strings.TrimSpace(errb.String())), tfrun.CommandLine(d.ws.dir(l), d.bin, args))
	}
	return tfrun.ParseOutputs(out.Bytes())
}

// bootstrapped reports whether the backend settings exist.
func (d *deployer) bootstrapped() (bool, error) {
	_, ok, err := d.ws.readBackend()
	return ok, err
}

// applyBootstrap: bootstrap.go.

// short is a step title up to its first colon ("base-infra phase 1").
func short(title string) string {
	if i := strings.IndexByte(title, ':'); i > 0 {
		return title[:i]
	}
	return title
}

// preflight checks, before anything runs, what base-infra needs from outside
// Terraform (the same checks as doctor's); each failure names the fix. A
// destroy needs the variables but not the Lambda zip.
func (d *deployer) preflight(sel []layers.Layer, destroy bool) error {
	if !slices.ContainsFunc(sel, func(l layers.Layer) bool { return l.Name == layers.BaseInfra }) {
		return nil
	}
	switch {
	case d.cfg.GoogleClientID == "":
		return usagef("base-infra needs google_client_id: set it in %s (the OAuth client id from the Google console, docs/sso.md)", d.env.ConfigPath)
	case d.env.Getenv("TF_VAR_google_client_secret") == "":
		return usagef("base-infra needs the Google client secret: export TF_VAR_google_client_secret=<the OAuth client secret from the Google console> (docs/sso.md)")
	}
	if destroy {
		return nil
	}
	zip := d.cfg.PresignupLambdaZip
	if !filepath.IsAbs(zip) {
		zip = filepath.Join(d.env.RepoRoot, zip)
	}
	if _, err := os.Stat(zip); err != nil {
		return usagef("base-infra needs the pre-sign-up Lambda zip %s: run 'make lambda'", zip)
	}
	return nil
}
