// Package cli implements platformctl: the command table, global flags, the
// shared environment every command runs in, and one file per command.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/hari328/platform/internal/config"
)

// Exit codes: data scripts can rely on.
const (
	ExitOK         = 0
	ExitFailed     = 1 // a command failed
	ExitUsage      = 2 // bad flags, unknown command or layer
	ExitRegistrar  = 3 // `up` stopped at the registrar step: delegate the domain, then re-run
	ExitNotReady   = 4 // `dns`: delegation or certificate not complete
	ExitPartialDNS = 5 // `dns`: the parent zone lists only some of the zone's name servers
)

// Env is everything a command touches outside its own logic. Run fills it
// with the real world; tests build one with fakes and call runEnv.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer // data
	Stderr io.Writer // progress, warnings, errors
	Getenv func(string) string

	RepoRoot   string // absolute path of the repository root
	ConfigPath string // absolute path of the shared tfvars file; set by the caller = named explicitly
	JSON       bool   // --json: machine-readable output where a command supports it
	// StdoutIsTTY says whether decoration (and Terraform colour) is wanted.
	StdoutIsTTY bool
	Now         func() time.Time

	// AWS returns the SDK configuration for the platform's region. It fails,
	// without calling AWS, when no credentials can be found.
	AWS func(ctx context.Context) (aws.Config, error)

	// Every seam to the outside world (Terraform, AWS, DNS, the network) for
	// every command; nil fields mean "use the real thing". See clients.go.
	clients clients

	cfg *config.Config // cached by Config
	// configFallback is true when neither --config nor the caller named the
	// file and platform.tfvars does not exist: ConfigPath is then the
	// example file, which mutating commands refuse (refuseExample).
	configFallback bool
}

// Config loads and validates the shared configuration once. A missing or
// invalid file is bad input (a UsageError, exit 2).
func (e *Env) Config() (*config.Config, error) {
	if e.cfg != nil {
		return e.cfg, nil
	}
	c, err := config.Load(e.ConfigPath)
	if err != nil {
		return nil, &UsageError{Msg: err.Error()}
	}
	if err := c.Validate(); err != nil {
		return nil, &UsageError{Msg: err.Error()}
	}
	e.cfg = c
	return c, nil
}

// UsageError marks bad input: exit code 2.
type UsageError struct{ Msg string }

func (u *UsageError) Error() string { return u.Msg }

// usagef returns a UsageError with a formatted message.
func usagef(format string, a ...any) error { return &UsageError{Msg: fmt.Sprintf(format, a...)} }

// ExitError carries a specific exit code with its message.
type ExitError struct {
	Code int
	Err  error
}

func (x *ExitError) Error() string { return x.Err.Error() }
func (x *ExitError) Unwrap() error { return x.Err }

// Run is platformctl's entry point: it parses global flags, builds the real
// environment and runs one command. It returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
	}
	if f, ok := stdout.(*os.File); ok {
		env.StdoutIsTTY = term.IsTerminal(int(f.Fd()))
	}
	env.AWS = env.defaultAWS
	return runEnv(ctx, env, args)
}

// runEnv runs one command line in env. Tests call it with fakes in env.
func runEnv(ctx context.Context, env *Env, args []string) int {
	root := newRootCmd(env)
	if args == nil {
		// cobra parses os.Args[1:] when given nil: never let it (a test
		// binary's own flags, or a command line that is not this one).
		args = []string{}
	}
	if err := singleDashLongFlag(root, args); err != nil {
		return report(env.Stderr, err)
	}
	root.SetArgs(args)
	_, err := root.ExecuteContextC(ctx)
	return report(env.Stderr, commandError(root, err))
}

// singleDashLongFlag refuses a long flag written with one dash (cost -json,
// down -yes, -config x cost), as the standard flag package took them, with
// the fix: pflag would read -json as the shorthands j, s, o, n ("unknown
// shorthand flag: 'j' in -json"), and -config as no flag at all. The value
// of a flag that takes one is skipped (--nat-mode -json is a bad mode), and
// so is everything after "--" and a completion request.
func singleDashLongFlag(root *cobra.Command, args []string) error {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		return nil
	}
	takesValue := map[string]bool{"help": false, "version": false} // cobra adds these two later
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		add := func(f *pflag.Flag) { takesValue[f.Name] = f.NoOptDefVal == "" }
		c.Flags().VisitAll(add)
		c.PersistentFlags().VisitAll(add)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return nil
		case strings.HasPrefix(a, "--"):
			name, _, inline := strings.Cut(a[2:], "=")
			if takesValue[name] && !inline {
				i++
			}
		case len(a) > 2 && a[0] == '-':
			name, _, _ := strings.Cut(a[1:], "=")
			if _, ok := takesValue[name]; ok {
				return usagef("unknown flag %s: long flags take two dashes: use --%s", "-"+name, name)
			}
		}
	}
	return nil
}

// report prints err on one line and maps it to an exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, errHelpShown) {
		return ExitUsage
	}
	fmt.Fprintf(stderr, "platformctl: %v\n", err)
	var u *UsageError
	if errors.As(err, &u) {
		return ExitUsage
	}
	var x *ExitError
	if errors.As(err, &x) {
		return x.Code
	}
	return ExitFailed
}

// resolvePaths fills RepoRoot and ConfigPath from the flags or their defaults.
func (e *Env) resolvePaths(repo, configPath string) error {
	if repo == "" {
		repo = e.RepoRoot
	}
	if repo == "" {
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("find repository root: %w: pass --repo", err)
		}
		root, ok := findRepoRoot(wd)
		if !ok {
			return fmt.Errorf("find repository root: no terraform/ and platform.example.tfvars above %s: run platformctl inside the platform repository or pass --repo", wd)
		}
		repo = root
	}
	abs, err := filepath.Abs(repo)
	if err != nil {
		return fmt.Errorf("resolve --repo %s: %w", repo, err)
	}
	if _, err := os.Stat(filepath.Join(abs, "terraform")); err != nil {
		return fmt.Errorf("repository root %s has no terraform/ folder: pass --repo with the platform repository", abs)
	}
	e.RepoRoot = abs
	if configPath == "" {
		configPath = e.ConfigPath
	}
	if configPath == "" {
		configPath = DefaultConfigPath(abs)
		e.configFallback = filepath.Base(configPath) == config.ExampleFile
	}
	if !filepath.IsAbs(configPath) {
		if configPath, err = filepath.Abs(configPath); err != nil {
			return fmt.Errorf("resolve --config: %w", err)
		}
	}
	e.ConfigPath = configPath
	return nil
}

// DefaultConfigPath is platform.tfvars at the repo root if it exists, else
// platform.example.tfvars.
func DefaultConfigPath(repoRoot string) string {
	p := filepath.Join(repoRoot, "platform.tfvars")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return filepath.Join(repoRoot, "platform.example.tfvars")
}

// refuseExample stops a command that changes something (mutating, in
// commands.go) from running on platform.example.tfvars merely because
// platform.tfvars does not exist: the example's domain, owner email (seeded
// into the allowlist and made Grafana admin) and Google client id would be
// deployed. Naming the example with --config runs it on purpose. Help
// (-h/--help) is always shown.
func (e *Env) refuseExample(name string, args []string) error {
	if !e.configFallback || !mutating(name, args) {
		return nil
	}
	return usagef("%s would use the example config %s (there is no platform.tfvars): run 'cp %s platform.tfvars' in %s and edit it, or pass --config %s to use the example on purpose",
		name, config.ExampleFile, config.ExampleFile, e.RepoRoot, config.ExampleFile)
}

// checkEnvironment validates, before command name runs, the environment
// variables it reads. A bad value is bad input like a bad flag: exit 2
// (ExitUsage) for every variable, with a line naming the fix. `doctor`
// reports them as failed checks instead.
func (e *Env) checkEnvironment(name string) error {
	uses := func(cmds ...string) bool { return slices.Contains(cmds, name) }
	if uses("bootstrap", "plan", "up", "down", "dns", "status") {
		if _, err := newWorkspace(e); err != nil {
			return err
		}
	}
	// Not dns: it reads the stored state itself and runs no Terraform.
	if want := e.Getenv("PLATFORM_TF"); want != "" && want != "all" && uses("bootstrap", "plan", "up", "down") {
		if _, err := e.lookPath(want); err != nil {
			return usagef("PLATFORM_TF=%q: not found: set PLATFORM_TF to terraform, tofu or the path of one of them, or unset it", want)
		}
	}
	if v := strings.TrimSpace(e.Getenv("PLATFORM_DNS_PARENT")); v != "" && uses("up", "dns", "status") {
		for _, s := range strings.Split(v, ",") {
			host, port, err := net.SplitHostPort(strings.TrimSpace(s))
			if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
				return usagef("PLATFORM_DNS_PARENT=%q: %q is not host:port: set it to comma-separated host:port addresses (e.g. 192.0.2.53:53), or unset it", v, s)
			}
		}
	}
	if v := e.Getenv("TF_VAR_google_client_secret"); strings.TrimSpace(v) != v && uses("plan", "up", "down") {
		return usagef("TF_VAR_google_client_secret has spaces or a newline around it: export it again without them (the Google console's secret has none)")
	}
	return nil
}

// findRepoRoot walks up from dir to the folder holding terraform/ and
// platform.example.tfvars.
func findRepoRoot(dir string) (string, bool) {
	for {
		if fileExists(filepath.Join(dir, "platform.example.tfvars")) && fileExists(filepath.Join(dir, "terraform")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// defaultAWS loads the SDK configuration (environment, shared config files,
// SSO...) for the config's region and makes sure credentials exist before any
// API call is made.
func (e *Env) defaultAWS(ctx context.Context) (aws.Config, error) {
	c, err := e.Config()
	if err != nil {
		return aws.Config{}, err
	}
	// The SDK's own log lines (e.g. its IMDS fallback warning) would break the
	// one-line error contract: errors are reported by the caller instead.
	opts := append([]func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(c.Region), awsconfig.WithLogger(logging.Nop{})}, e.awsDeadlineOptions()...)
	if p := e.Getenv("AWS_PROFILE"); p != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(p))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	var noProfile awsconfig.SharedConfigProfileNotExistError
	switch {
	case errors.As(err, &noProfile):
		// A bad environment variable: bad input, like the others (exit 2).
		return aws.Config{}, usagef("AWS_PROFILE=%q: no such profile in ~/.aws/config or ~/.aws/credentials: run 'aws configure list-profiles' and export one of them, or unset AWS_PROFILE", noProfile.Profile)
	case err != nil:
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w: check AWS_PROFILE and ~/.aws/config", err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return aws.Config{}, fmt.Errorf("no AWS credentials: %s: run 'aws configure' (or 'aws sso login') or export AWS_PROFILE", firstLine(err.Error()))
	}
	return cfg, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
