package cli

import (
	"context"
	"errors"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/spf13/cobra"

	"github.com/hari328/platform/internal/layers"
)

// command is one platformctl sub-command: one file per command in this
// package (parse -> validate -> execute -> render). newCmd builds its cobra
// command (use line, long help with examples, flags); the summary is its
// one-line Short.
type command struct {
	name, summary string
	newCmd        func(env *Env) *cobra.Command
}

// commands is the command table, in the order --help lists it.
var commands = []command{
	// Deploying, in the order of a first deployment.
	{"doctor", "Checks everything `up` needs (terraform, AWS credentials, config, state bucket, Google client secret, Lambda zip) and says how to fix each gap.", newDoctorCmd},
	{"bootstrap", "Creates the Terraform state bucket and lock table (local state) and writes the backend settings every layer uses; safe to re-run.", newBootstrapCmd},
	{"plan", "Shows what Terraform would change in each layer, or only the named ones, in dependency order.", newPlanCmd},
	{"up", "Deploys every layer, or only the named ones, in order, stopping cleanly at the registrar step until the domain is delegated.", newUpCmd},
	{"down", "Destroys monitoring and base-infra (or the named layers) in reverse order; needs --yes and always keeps the state bucket.", newDownCmd},
	{"dns", "Shows the zone's name servers, whether the parent zone delegates to them, and the certificate status; the exit status says which.", newDNSCmd},
	// Running it afterwards.
	{"status", "Shows in one table (or --json) each layer applied or not, ECS services and their last deployment, ALB target health per host, certificate, delegation, URLs and the monthly cost.", newStatusCmd},
	{"verify", "Checks the live platform from the outside as a browser sees it (delegation, certificates, redirects, login gate, Grafana health, open ports, services); needs AWS credentials; exit 1 on any failure.", newVerifyCmd},
	{"cost", "Prices the configured profile line by line from embedded us-east-1 rates, offline; --compare prices the other nat_modes and instance types.", newCostCmd},
	{"friends", "Lists, adds or removes who may sign in (the SSO allowlist); remove also disables the friend's Cognito user.", newFriendsCmd},
	{"app", "`app new NAME --host HOST` writes an app repo's Terraform folder (Layer 2a) from terraform/examples/tenant-app.", newAppCmd},
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

// What a command's help says about AWS credentials (annotation awsKey, one
// line "AWS credentials: ..." in every command's help; a test walks them).
const (
	awsKey       = "aws-credentials"
	awsRequired  = "required (the default chain: AWS_PROFILE, ~/.aws, SSO); 'platformctl doctor' checks them"
	awsNotNeeded = "not needed (it makes no AWS call)"
)

// The commands are listed in the table's order (the order of a first
// deployment), not alphabetically.
func init() { cobra.EnableCommandSorting = false }

// suggestionDistance is cobra's "did you mean" threshold: the Levenshtein
// distance of HCL's hints, below 3.
const suggestionDistance = 2

// errHelpShown: the root help was printed because no command was given;
// exit 2 (ExitUsage) without another line.
var errHelpShown = errors.New("no command given")

// Version is platformctl's version: the module version the binary was built
// from (go install ...@v1.2.3), the pseudo-version go build stamps from git
// inside a checkout, or "(devel)" for a build without one (go run,
// -buildvcs=false).
func Version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// newRootCmd builds the command tree over env. A new tree per run: the flags
// are bound to this run's variables and env.
func newRootCmd(env *Env) *cobra.Command {
	var repo, configPath string
	root := &cobra.Command{
		Use:     "platformctl",
		Short:   "platformctl takes an empty AWS account to a running platform and tells the truth about it afterwards.",
		Version: Version(),
		// Errors are printed once, on one line, by report.
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: suggestionDistance,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// No command (only global flags): the list, and exit 2.
			if err := cmd.Help(); err != nil {
				return err
			}
			return errHelpShown
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.HasParent() || isCompletion(cmd) || cmd.Name() == "help" {
				return nil // help and completion need no repository, config or AWS
			}
			name, sub := commandLine(cmd, args)
			if env.JSON && !honoursJSON(cmd) {
				return usagef("%s has no JSON output: drop --json (the commands that have it list it in 'platformctl help COMMAND')", strings.TrimPrefix(cmd.CommandPath(), "platformctl "))
			}
			if err := env.resolvePaths(repo, configPath); err != nil {
				return &UsageError{Msg: err.Error()}
			}
			if err := env.refuseExample(name, sub); err != nil {
				return err
			}
			return env.checkEnvironment(name)
		},
	}
	// Before InitDefaultCompletionCmd, which keeps the writer it finds.
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetVersionTemplate("platformctl {{.Version}}\n")
	root.SetHelpTemplate(helpTemplate)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if cmd.HasParent() && strings.HasPrefix(err.Error(), "unknown flag: --version") {
			// Only the root has --version (cobra's): say where it goes.
			return usagef("--version goes before any command: run 'platformctl --version'")
		}
		return usagef("%v: run '%s --help'", err, cmd.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&configPath, "config", "", "shared config file (default: platform.tfvars at the repo root; without it, commands that change something refuse platform.example.tfvars unless it is named here)")
	pf.StringVar(&repo, "repo", "", "repository root (default: found from the current directory)")
	// --json is accepted anywhere, as a global flag, for the commands that
	// honour it; they show it in their own help (jsonFlag). Elsewhere it is
	// refused (PersistentPreRunE) rather than silently ignored.
	pf.BoolVar(&env.JSON, "json", false, "machine-readable output on stdout")
	_ = pf.MarkHidden("json")

	for _, c := range commands {
		cmd := c.newCmd(env)
		cmd.Short = c.summary
		root.AddCommand(cmd)
	}
	root.SetHelpCommand(newHelpCmd())
	root.InitDefaultCompletionCmd()
	for _, cmd := range root.Commands() {
		if cmd.Name() == "completion" {
			cmd.Annotations = map[string]string{awsKey: awsNotNeeded}
			for _, sh := range cmd.Commands() {
				sh.Annotations = map[string]string{awsKey: awsNotNeeded}
				// cobra's NoArgs would say `unknown command "zsh"` for
				// `completion bash zsh`.
				sh.Args = oneShell
			}
			// cobra prints the help and exits 0 for a bare or unknown
			// shell: that is bad input.
			cmd.Args = cobra.ArbitraryArgs
			cmd.RunE = completionWithoutShell
		}
	}
	// The same "did you mean" threshold for sub-commands (help topics,
	// shells) as for commands: cobra's default, 0, suggests prefixes only.
	var sameDistance func(*cobra.Command)
	sameDistance = func(c *cobra.Command) {
		c.SuggestionsMinimumDistance = suggestionDistance
		for _, sub := range c.Commands() {
			sameDistance(sub)
		}
	}
	sameDistance(root)
	return root
}

// completionWithoutShell runs for `completion` with no shell, or a word that
// names none: exit 2 with the shells, and the closest one.
func completionWithoutShell(cmd *cobra.Command, args []string) error {
	var shells []string
	for _, sh := range cmd.Commands() {
		if sh.IsAvailableCommand() {
			shells = append(shells, sh.Name())
		}
	}
	slices.Sort(shells)
	list := strings.Join(shells[:len(shells)-1], ", ") + " or " + shells[len(shells)-1]
	if len(args) == 0 {
		return usagef("completion needs a shell: %s (e.g. 'platformctl completion bash'): run 'platformctl help completion'", list)
	}
	return usagef("unknown shell %q: %suse %s: run 'platformctl help completion'", args[0], didYouMean(cmd.SuggestionsFor(args[0]), ""), list)
}

// oneShell refuses words after the shell: one script per shell.
func oneShell(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	runs := []string{"'platformctl completion " + cmd.Name() + "'"}
	for _, a := range args {
		runs = append(runs, "'platformctl completion "+a+"'")
	}
	return usagef("completion takes one shell: run %s and %s separately", strings.Join(runs[:len(runs)-1], ", "), runs[len(runs)-1])
}

// didYouMean is "did you mean a? " (or "a or b"), each prefixed with
// prefix, or "" without suggestions.
func didYouMean(suggestions []string, prefix string) string {
	if len(suggestions) == 0 {
		return ""
	}
	for i, s := range suggestions {
		suggestions[i] = prefix + s
	}
	return "did you mean " + strings.Join(suggestions, " or ") + "? "
}

// closest returns the words within suggestionDistance of word, as cobra's
// "did you mean" does for commands (for sub-commands parsed by hand).
func closest(word string, words ...string) []string {
	var out []string
	for _, w := range words {
		if levenshtein.Distance(strings.ToLower(word), w, nil) <= suggestionDistance {
			out = append(out, w)
		}
	}
	return out
}

// completeLayers completes LAYER arguments with the layers not named yet,
// but those in skip.
func completeLayers(skip ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var names []cobra.Completion
		for _, l := range layers.All {
			if !slices.Contains(args, l.Name) && !slices.Contains(skip, l.Name) {
				names = append(names, l.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// newHelpCmd is `platformctl help [COMMAND...]`: cobra's help command, but an
// unknown topic is bad input (exit 2) rather than the root usage.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND...]",
		Short: "Shows the help of a command, with examples: 'platformctl help up'.",
		Long:  "Shows the help of a command: its usage, what it does, examples, whether it needs AWS credentials, and its flags.",
		Example: `  platformctl help up
  platformctl help friends add`,
		Annotations: map[string]string{awsKey: awsNotNeeded},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			target, _, err := cmd.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, c := range target.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, c.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || len(rest) > 0 {
				// The closest sub-command of the deepest command found.
				parent, word, prefix := cmd.Root(), args[0], ""
				if err == nil {
					parent, word = target, rest[0]
					prefix = strings.TrimPrefix(strings.TrimPrefix(target.CommandPath(), "platformctl"), " ")
					if prefix != "" {
						prefix += " "
					}
				}
				return usagef("unknown help topic %q: %srun 'platformctl --help' for the list of commands", strings.Join(args, " "), didYouMean(parent.SuggestionsFor(word), prefix))
			}
			target.InitDefaultHelpFlag() // as cobra's help command does: the same text as --help
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// commandLine returns the top-level command's name and the words after it:
// `friends add a@b.co` is ("friends", ["add", "a@b.co"]).
func commandLine(cmd *cobra.Command, args []string) (string, []string) {
	var path []string
	for c := cmd; c.HasParent(); c = c.Parent() {
		path = append([]string{c.Name()}, path...)
	}
	return path[0], append(path[1:], args...)
}

func isCompletion(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Name() == "completion" || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			return true
		}
	}
	return false
}

// jsonFlag gives cmd (and its sub-commands) a visible --json, bound to
// env.JSON like the hidden global one.
func jsonFlag(env *Env, cmd *cobra.Command, persistent bool) {
	fs := cmd.Flags()
	if persistent {
		fs = cmd.PersistentFlags()
	}
	fs.BoolVar(&env.JSON, "json", false, "print machine-readable JSON on stdout")
}

// honoursJSON reports whether cmd, or a parent below the root, declares its
// own --json.
func honoursJSON(cmd *cobra.Command) bool {
	for c := cmd; c.HasParent(); c = c.Parent() {
		if c.LocalNonPersistentFlags().Lookup("json") != nil || c.PersistentFlags().Lookup("json") != nil {
			return true
		}
	}
	return false
}

// commandError turns cobra's errors into platformctl's: one line naming the
// fix, exit 2 for anything the user typed wrong.
func commandError(root *cobra.Command, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	// Find's "unknown command "x" for "platformctl"\n\nDid you mean this?\n\ty\n".
	if name, ok := strings.CutPrefix(msg, "unknown command "); ok {
		name = name[:strings.Index(name+" for", " for")]
		if s := root.SuggestionsFor(strings.Trim(name, `"`)); len(s) > 0 {
			return usagef("unknown command %s: did you mean %s? run 'platformctl --help' for the list", name, strings.Join(s, " or "))
		}
		return usagef("unknown command %s: run 'platformctl --help' for the list", name)
	}
	return err
}

// helpTemplate is the root help (what platformctl is, the commands, the
// global flags, the layers, the environment, the exit codes) and every
// command's (`platformctl help up`, `platformctl up --help`): usage, what it
// does with examples, whether it needs AWS credentials, its flags, then the
// global ones.
const helpTemplate = `{{if not .HasParent}}{{.Short}}

Usage: platformctl [--config FILE] [--repo DIR] COMMAND [ARGS] [FLAGS]

Commands:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}

Global flags (before or after the command):
  --config FILE  shared config (default: platform.tfvars at the repo root; without it, commands that
                 change something refuse platform.example.tfvars unless it is named here)
  --repo DIR     repository root (default: found from the current directory)
  --json         machine-readable output on stdout, for the commands whose help lists it
  -h, --help     this help; 'platformctl help COMMAND' (or COMMAND --help) for a command's, with examples

Version: 'platformctl --version' (the root's own flag: before any command, never after one).
Layers, in dependency order: bootstrap, base-infra, monitoring.
Environment: PLATFORM_TF = terraform | tofu | /path/to/binary (default: terraform >= 1.10 on PATH, else tofu).
Exit codes: 0 ok, 1 failed, 2 bad input (flags, arguments, config file, environment variables), 3 stopped at the registrar step, 4 DNS/certificate not ready, 5 partly delegated.
Shell completion: 'platformctl help completion'. See docs/platformctl.md.
{{else}}usage: {{.UseLine}}
{{with .Long}}
{{.}}
{{end}}{{if .HasExample}}
Examples:
{{.Example}}
{{end}}
AWS credentials: {{index .Annotations "` + awsKey + `"}}
{{if .HasAvailableSubCommands}}
Commands:{{range .Commands}}{{if .IsAvailableCommand}}
  {{rpad .Name .NamePadding}} {{.Short}}{{end}}{{end}}
{{end}}{{if .HasAvailableLocalFlags}}
Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}
{{end}}{{if .HasAvailableInheritedFlags}}
Global flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}
{{end}}{{end}}`

// newLeaf builds a command whose RunE calls run with the positional
// arguments; creds is its "AWS credentials:" line.
func newLeaf(env *Env, use, long, example, creds string, run func(ctx context.Context, env *Env, args []string) error) *cobra.Command {
	return &cobra.Command{
		Use:         use,
		Long:        long,
		Example:     example,
		Annotations: map[string]string{awsKey: creds},
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd.Context(), env, args)
		},
	}
}
