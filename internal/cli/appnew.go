package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/scaffold"
)

const appNewUsage = "platformctl app new NAME --host HOST [--dir DIR] [--module-source URL] [--json]"

func newAppCmd(env *Env) *cobra.Command {
	app := newLeaf(env, "app", `Scaffolds what an app repo needs to run on the platform. Its one sub-command, new, writes an
app repo's Terraform folder (Layer 2a).`, "  platformctl app new orders --host shop", awsNotNeeded,
		func(context.Context, *Env, []string) error {
			return usagef("app needs the sub-command new: usage: %s", appNewUsage)
		})
	var o appNewOptions
	appNew := newLeaf(env, "new NAME --host HOST", `Writes the Terraform folder of an app repo (Layer 2a) from terraform/examples/tenant-app, with
module sources pointing at this repository on GitHub and the app's name and host. NAME follows
ECR's repository rule and may not be one of the platform's own services; HOST is one DNS label
under the platform domain, not one the platform serves itself. --dir must not exist yet (an empty
folder is fine): nothing is ever overwritten.`, `  platformctl app new orders --host shop
  platformctl app new orders --host shop --dir ../orders/terraform`, awsNotNeeded,
		func(ctx context.Context, env *Env, args []string) error {
			return runAppNew(ctx, env, args, o)
		})
	appNew.Short = "Writes an app repo's Terraform folder (Layer 2a) from terraform/examples/tenant-app."
	f := appNew.Flags()
	f.StringVar(&o.host, "host", "", "DNS label under the platform domain: api -> api.<domain> (required)")
	f.StringVar(&o.dir, "dir", "", "folder to write (default: ../NAME/terraform beside the platform repository)")
	f.StringVar(&o.moduleSource, "module-source", scaffold.DefaultModuleSource, "module source template; "+scaffold.ModulePlaceholder+" becomes the module folder name")
	jsonFlag(env, appNew, false)
	app.AddCommand(appNew)
	return app
}

// appNewOptions are the flags of `app new`.
type appNewOptions struct{ host, dir, moduleSource string }

// runAppNew: platformctl app new NAME --host HOST [--dir DIR] [--module-source URL]
//
// Writes the Terraform folder of an app repo (Layer 2a) from terraform/examples/tenant-app,
// with module sources pointing at this repository on GitHub and the app's name and host.
// DIR defaults to ../NAME/terraform beside the platform repository, and must not exist yet
// (an empty folder is fine): nothing is ever overwritten.
func runAppNew(_ context.Context, env *Env, rest []string, o appNewOptions) error {
	if len(rest) != 1 {
		return usagef("app new takes exactly one NAME: usage: %s", appNewUsage)
	}
	name := rest[0]
	if o.host == "" {
		return usagef("app new needs --host (e.g. --host %s): usage: %s", name, appNewUsage)
	}
	dest := o.dir
	if dest == "" {
		dest = filepath.Join(filepath.Dir(env.RepoRoot), name, "terraform")
	}
	dest, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("resolve --dir: %w", err)
	}
	opt := scaffold.Options{
		ExampleDir:    filepath.Join(env.RepoRoot, "terraform", "examples", "tenant-app"),
		DestDir:       dest,
		Name:          name,
		Host:          o.host,
		ModuleSource:  o.moduleSource,
		ReservedHosts: configuredPlatformHosts(env),
	}
	if err := opt.Validate(); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	res, err := scaffold.New(opt)
	if err != nil {
		return err
	}
	if env.JSON {
		if err := jsonout.Write(env.Stdout, res); err != nil {
			return err
		}
	} else {
		for _, f := range res.Files {
			fmt.Fprintln(env.Stdout, filepath.Join(res.Dir, filepath.FromSlash(f)))
		}
	}
	fmt.Fprintf(env.Stderr, "wrote app %s (host %s) to %s\n", name, o.host, res.Dir)
	for _, r := range res.Rewrites {
		fmt.Fprintf(env.Stderr, "  set %s\n", r)
	}
	fmt.Fprintf(env.Stderr, `next steps:
  cd %s
  terraform init -backend-config=%s -backend-config=key=apps/%s/terraform.tfstate
  terraform apply -var-file=%s
  (the shared platform config; the app's own variables are in variables.tf)
`, res.Dir, filepath.Join(env.RepoRoot, StateDirName, "backend.hcl"), name, env.ConfigPath)
	return nil
}

// configuredPlatformHosts returns the host labels this configuration gives
// the platform beyond the fixed ones: the label of cognito_custom_domain when
// it is a name directly under the domain. `app new` writes no platform
// resource, so a config it cannot read only means there is nothing to add.
func configuredPlatformHosts(env *Env) []string {
	cfg, err := env.Config()
	if err != nil || cfg.CognitoCustomDomain == "" {
		return nil
	}
	if label, ok := strings.CutSuffix(cfg.CognitoCustomDomain, "."+cfg.Domain); ok && !strings.Contains(label, ".") {
		return []string{label}
	}
	return nil
}
