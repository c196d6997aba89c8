// Package cli implements platformctl: the command table, global flags, the
// shared environment every command runs in, and one file per command.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
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
	ConfigPath string // absolute path of the shared tfvars file
	JSON       bool   // --json: machine-readable output where a command supports it
	// StdoutIsTTY says whether decoration (and Terraform colour) is wanted.
	StdoutIsTTY bool
	Now         func() time.Time

	// AWS returns the SDK configuration for the platform's region. It fails,
	// without calling AWS, when no credentials can be found.
	AWS func(ctx context.Context) (aws.Config, error)

	// Seams for the commands of part 1 (plan/up/down/bootstrap/dns/doctor);
	// nil means "use the real thing". See clients.go.
	clients clients

	cfg *config.Config // cached by Config
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

// Flags returns a flag set for a command that also accepts --json (so
// `platformctl status --json` and `platformctl --json status` both work).
func (e *Env) Flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("platformctl "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&e.JSON, "json", e.JSON, "print machine-readable JSON on stdout")
	return fs
}

// parse parses a command's flags, which may come before, between or after
// the positional arguments (`down base-infra --yes`), and returns the
// positional ones. -h/--help prints the command's usage and returns
// flag.ErrHelp (exit 0); a bad flag is a UsageError showing the usage.
func (e *Env) parse(fs *flag.FlagSet, args []string, usage string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.Stdout, "usage: %s\n", usage)
				fs.SetOutput(e.Stdout)
				fs.PrintDefaults()
				return nil, flag.ErrHelp
			}
			return nil, usagef("%v: usage: %s", err, usage)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
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
	g := flag.NewFlagSet("platformctl", flag.ContinueOnError)
	g.SetOutput(io.Discard)
	configPath := g.String("config", "", "shared config file (default: platform.tfvars if it exists, else platform.example.tfvars, at the repo root)")
	repo := g.String("repo", "", "repository root (default: found from the current directory)")
	g.BoolVar(&env.JSON, "json", env.JSON, "machine-readable output where supported")
	help := g.Bool("help", false, "show help")
	g.BoolVar(help, "h", false, "show help")
	if err := g.Parse(args); err != nil {
		fmt.Fprintf(env.Stderr, "platformctl: %v: run 'platformctl --help'\n", err)
		return ExitUsage
	}
	rest := g.Args()
	if *help || len(rest) == 0 || rest[0] == "help" {
		printHelp(env.Stdout)
		if len(rest) == 0 && !*help {
			return ExitUsage
		}
		return ExitOK
	}
	cmd, ok := lookup(rest[0])
	if !ok {
		fmt.Fprintf(env.Stderr, "platformctl: unknown command %q: run 'platformctl --help' for the list\n", rest[0])
		return ExitUsage
	}
	if err := env.resolvePaths(*repo, *configPath); err != nil {
		fmt.Fprintf(env.Stderr, "platformctl: %v\n", err)
		return ExitUsage
	}
	err := cmd.run(ctx, env, rest[1:])
	return report(env.Stderr, err)
}

// report prints err on one line and maps it to an exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
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
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(c.Region), awsconfig.WithLogger(logging.Nop{}))
	if err != nil {
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
