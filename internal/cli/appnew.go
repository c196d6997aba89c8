package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/scaffold"
)

const appNewUsage = "platformctl app new NAME --host HOST [--dir DIR] [--module-source URL] [--json]"

// runApp: platformctl app new NAME --host HOST [--dir DIR] [--module-source URL]
//
// Writes the Terraform folder of an app repo (Layer 2a) from terraform/examples/tenant-app,
// with module sources pointing at this repository on GitHub and the app's name and host.
// DIR defaults to ../NAME/terraform beside the platform repository, and must not exist yet
// (an empty folder is fine): nothing is ever overwritten.
func runApp(_ context.Context, env *Env, args []string) error {
	fs := env.Flags("app")
	host := fs.String("host", "", "DNS label under the platform domain: api -> api.<domain> (required)")
	dir := fs.String("dir", "", "folder to write (default: ../NAME/terraform beside the platform repository)")
	source := fs.String("module-source", scaffold.DefaultModuleSource, "module source template; "+scaffold.ModulePlaceholder+" becomes the module folder name")
	rest, err := env.parse(fs, args, appNewUsage)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "new" {
		return usagef("app needs the sub-command new: usage: %s", appNewUsage)
	}
	if len(rest) != 2 {
		return usagef("app new takes exactly one NAME: usage: %s", appNewUsage)
	}
	name := rest[1]
	if *host == "" {
		return usagef("app new needs --host (e.g. --host %s): usage: %s", name, appNewUsage)
	}
	dest := *dir
	if dest == "" {
		dest = filepath.Join(filepath.Dir(env.RepoRoot), name, "terraform")
	}
	if dest, err = filepath.Abs(dest); err != nil {
		return fmt.Errorf("resolve --dir: %w", err)
	}
	opt := scaffold.Options{
		ExampleDir:    filepath.Join(env.RepoRoot, "terraform", "examples", "tenant-app"),
		DestDir:       dest,
		Name:          name,
		Host:          *host,
		ModuleSource:  *source,
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
	fmt.Fprintf(env.Stderr, "wrote app %s (host %s) to %s\n", name, *host, res.Dir)
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
