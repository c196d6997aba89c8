package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/agext/levenshtein"
)

// command is one platformctl sub-command: one file per command in this
// package (parse -> validate -> execute -> render).
type command struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) error
}

// commands is the command table, in the order --help lists it.
// Part 2 of issue 7 adds its entries (status, cost, friends, app new) with
// one-line edits here; each points at a func in its own file.
var commands = []command{
	// part 1: doctor, bootstrap, plan, up, down, dns
	{"doctor", "Checks everything `up` needs (terraform, AWS credentials, config, state bucket, Google client secret, Lambda zip) and says how to fix each gap.", runDoctor},
	{"bootstrap", "Creates the Terraform state bucket and lock table (local state) and writes the backend settings every layer uses; safe to re-run.", runBootstrap},
	{"plan", "Shows what Terraform would change in each layer, or only the named ones, in dependency order.", runPlan},
	{"up", "Deploys every layer, or only the named ones, in order, stopping cleanly at the registrar step until the domain is delegated.", runUp},
	{"down", "Destroys monitoring and base-infra (or the named layers) in reverse order; needs --yes and always keeps the state bucket.", runDown},
	{"dns", "Shows the zone's name servers, whether the parent zone delegates to them, and the certificate status; the exit status says which.", runDNS},
	// part 2: status, cost, friends, app
	{"status", "Shows in one table (or --json) each layer applied or not, ECS services and their last deployment, ALB target health per host, certificate, delegation, URLs and the monthly cost.", runStatus},
	{"verify", "Checks the live platform from the outside as a browser sees it (delegation, certificates, redirects, login gate, Grafana health, open ports, services); needs AWS credentials; exit 1 on any failure.", runVerify},
	{"cost", "Prices the configured profile line by line from embedded us-east-1 rates, offline; --compare prices the other nat_modes and instance types.", runCost},
	{"friends", "Lists, adds or removes who may sign in (the SSO allowlist); remove also disables the friend's Cognito user.", runFriends},
	{"app", "`app new NAME --host HOST` writes an app repo's Terraform folder (Layer 2a) from terraform/examples/tenant-app.", runApp},
}

// mutating reports whether the command line `name args...` changes anything
// (AWS, Terraform state, the allowlist): such commands refuse to run on the
// example config unless it is named with --config (Env.refuseExample).
func mutating(name string, args []string) bool {
	switch name {
	case "bootstrap", "up", "down":
		return true
	case "friends":
		return slices.ContainsFunc(args, func(a string) bool { return a == "add" || a == "remove" })
	}
	return false
}

// suggestCommand returns the command closest to a mistyped name, or "", with
// the threshold of HCL's "Did you mean" hints (Levenshtein distance below 3).
func suggestCommand(name string) string {
	best, bestDist := "", 3
	for _, c := range commands {
		if d := levenshtein.Distance(name, c.name, nil); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `platformctl takes an empty AWS account to a running platform and tells the truth about it afterwards.

Usage: platformctl [--config FILE] [--repo DIR] [--json] COMMAND [ARGS]

Commands:
`)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, `
Global flags:
  --config FILE  shared config (default: platform.tfvars at the repo root; without it, commands that
                 change something refuse platform.example.tfvars unless it is named here)
  --repo DIR     repository root (default: found from the current directory)
  --json         machine-readable output on stdout where the command supports it

Layers, in dependency order: bootstrap, base-infra, monitoring.
Environment: PLATFORM_TF = terraform | tofu | /path/to/binary (default: terraform >= 1.10 on PATH, else tofu).
Exit codes: 0 ok, 1 failed, 2 bad input (flags, arguments, config file, environment variables), 3 stopped at the registrar step, 4 DNS/certificate not ready, 5 partly delegated.
See docs/platformctl.md.
`)
}
