package cli

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// allCommands walks the command tree below the root: every command and
// sub-command, cobra's help and completion included.
func allCommands(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden {
				continue
			}
			out = append(out, sub)
			walk(sub)
		}
	}
	walk(root)
	return out
}

// Every command's help says whether it needs AWS credentials, and the same
// help comes from `help COMMAND` and `COMMAND --help`, exit 0.
func TestEveryCommandHelpSaysAWSCredentials(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	root := newRootCmd(te.env)
	cmds := allCommands(root)
	if len(cmds) < len(commands)+2 {
		t.Fatalf("walked %d commands, want at least the %d of the table, help and completion", len(cmds), len(commands))
	}
	for _, c := range cmds {
		path := strings.Fields(strings.TrimPrefix(c.CommandPath(), "platformctl "))
		t.Run(strings.Join(path, "_"), func(t *testing.T) {
			te := newTestEnv(t)
			if code := te.run(append(path, "--help")...); code != ExitOK {
				t.Fatalf("%v --help: exit %d, stderr %q", path, code, te.stderr)
			}
			help := te.stdout.String()
			line := ""
			for _, l := range strings.Split(help, "\n") {
				if strings.HasPrefix(l, "AWS credentials: ") {
					line = l
				}
			}
			if !strings.HasPrefix(line, "AWS credentials: required") && !strings.HasPrefix(line, "AWS credentials: not needed") && !strings.HasPrefix(line, "AWS credentials: checked") {
				t.Errorf("%v --help has no line \"AWS credentials: required|not needed|checked...\":\n%s", path, help)
			}
			if !strings.HasPrefix(help, "usage: "+c.CommandPath()) {
				t.Errorf("%v --help does not start with its usage line:\n%s", path, help)
			}
			if code := te.run(append([]string{"help"}, path...)...); code != ExitOK || te.stdout.String() != help {
				t.Errorf("help %v: exit %d, and not the same text as --help:\n%s", path, code, te.stdout)
			}
			if len(te.aws.Calls())+len(te.tf.Calls()) != 0 {
				t.Errorf("help ran AWS %v or Terraform %v", te.aws.Calls(), te.tf.Calls())
			}
		})
	}
}

// The table's commands each have long help with examples.
func TestEveryCommandHasLongHelpWithExamples(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	for _, c := range allCommands(newRootCmd(te.env)) {
		if c.Name() == "help" || c.Name() == "completion" || (c.HasParent() && c.Parent().Name() == "completion") {
			continue // cobra's own
		}
		if c.Long == "" || !strings.Contains(c.Example, c.CommandPath()) {
			t.Errorf("%s: long help %q, examples %q: want both, the examples running it", c.CommandPath(), c.Long, c.Example)
		}
	}
}

// help and completion work outside the repository, with no config.
func TestHelpAndCompletionNeedNoRepository(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"help", "up"}, {"completion", "bash"}, {"--version"}, {"status", "--help"}} {
		te := newTestEnv(t)
		te.env.RepoRoot, te.env.ConfigPath = "", ""
		if code := te.run(append([]string{"--repo", t.TempDir()}, args...)...); code != ExitOK || te.stdout.Len() == 0 {
			t.Errorf("%v outside the repository: exit %d, stderr %q", args, code, te.stderr)
		}
	}
	te := newTestEnv(t)
	if code := te.run("help", "nothing"); code != ExitUsage || !strings.Contains(te.stderr.String(), `unknown help topic "nothing": run 'platformctl --help'`) {
		t.Errorf("help nothing: exit %d, stderr %q", code, te.stderr)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("--version"); code != ExitOK {
		t.Fatalf("--version: exit %d, stderr %q", code, te.stderr)
	}
	if got := te.stdout.String(); got != "platformctl "+Version()+"\n" || Version() == "" {
		t.Errorf("--version printed %q, want %q", got, "platformctl "+Version()+"\n")
	}
}

// cobra's completion: a script per shell, and the commands, sub-commands
// and flags completed; no AWS, no Terraform, no config needed.
func TestCompletion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		want    []string
		notWant []string
	}{
		{[]string{"completion", "bash"}, []string{"bash completion V2 for platformctl"}, nil},
		{[]string{"completion", "zsh"}, []string{"#compdef platformctl"}, nil},
		{[]string{"completion", "fish"}, []string{"fish completion for platformctl"}, nil},
		{[]string{"completion", "powershell"}, []string{"powershell completion for platformctl"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "st"}, []string{"status\n"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "friends", ""}, []string{"list\n", "add\n", "remove\n"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "cost", "--"}, []string{"--nat-mode\n", "--hosts\n", "--json\n", "--config\n"}, nil},
		// LAYER arguments: the layers not named yet; down never offers bootstrap.
		{[]string{cobra.ShellCompNoDescRequestCmd, "up", ""}, []string{"bootstrap\n", "base-infra\n", "monitoring\n"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "plan", "base-infra", ""}, []string{"bootstrap\n", "monitoring\n"}, []string{"base-infra\n"}},
		{[]string{cobra.ShellCompNoDescRequestCmd, "down", "--yes", ""}, []string{"base-infra\n", "monitoring\n"}, []string{"bootstrap\n"}},
		// Flag values.
		{[]string{cobra.ShellCompNoDescRequestCmd, "cost", "--nat-mode", ""}, []string{"gateway\n", "instance\n", "none\n"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "cost", "--host-capacity", ""}, []string{"on_demand\n", "spot\n"}, nil},
		{[]string{cobra.ShellCompNoDescRequestCmd, "cost", "--instance-type", "t3.m"}, []string{"t3.medium\n"}, nil},
		// A word being completed with one dash is not refused as a single-dash long flag.
		{[]string{cobra.ShellCompNoDescRequestCmd, "cost", "-json", ""}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			onExample(te) // no config named: completion needs none
			if code := te.run(tt.args...); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, te.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(te.stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%.2000s", w, te.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(te.stdout.String(), w) {
					t.Errorf("stdout offers %q:\n%.2000s", w, te.stdout)
				}
			}
			if len(te.aws.Calls())+len(te.tf.Calls()) != 0 {
				t.Errorf("completion ran AWS %v or Terraform %v", te.aws.Calls(), te.tf.Calls())
			}
		})
	}
}

// Global flags go before or after the command; --json is offered, and
// accepted, only where the command honours it.
func TestGlobalFlagsAndJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"--json before the command", []string{"--json", "cost"}, ExitOK, `"total_usd"`},
		{"--json after the command", []string{"cost", "--json"}, ExitOK, `"total_usd"`},
		{"--config after the command", []string{"cost", "--config", "REPO/platform.example.tfvars"}, ExitOK, "TOTAL"},
		{"--json on a command without JSON", []string{"up", "--json"}, ExitUsage, "up has no JSON output: drop --json"},
		{"--json before a command without JSON", []string{"--json", "plan"}, ExitUsage, "plan has no JSON output: drop --json"},
		{"--json on app (only app new has it)", []string{"app", "--json"}, ExitUsage, "app has no JSON output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			te := newTestEnv(t)
			args := slices.Clone(tt.args)
			for i := range args {
				args[i] = strings.Replace(args[i], "REPO", te.repo, 1)
			}
			code := te.run(args...)
			out := te.stdout.String() + te.stderr.String()
			if code != tt.wantCode || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s", code, tt.wantCode, tt.want, out)
			}
		})
	}
	for _, c := range []struct {
		args []string
		json bool
	}{{[]string{"status", "--help"}, true}, {[]string{"friends", "add", "--help"}, true}, {[]string{"app", "new", "--help"}, true}, {[]string{"up", "--help"}, false}, {[]string{"plan", "--help"}, false}, {[]string{"down", "--help"}, false}} {
		te := newTestEnv(t)
		te.run(c.args...)
		if got := strings.Contains(te.stdout.String(), "--json"); got != c.json {
			t.Errorf("%v lists --json: %v, want %v:\n%s", c.args, got, c.json, te.stdout)
		}
	}
}

// Nil args (te.run() with no words, or Run(ctx, nil, ...)) mean "no command": the
// root help and exit 2, whatever os.Args holds; cobra would otherwise parse
// os.Args[1:], the test binary's own flags or any command line. Not parallel:
// it changes os.Args (parallel tests start only after it has put it back).
func TestNilArgsMeanNoCommand(t *testing.T) {
	saved := os.Args
	t.Cleanup(func() { os.Args = saved })
	for _, osArgs := range [][]string{
		{"cli.test", "-test.run", "TestHelpListsEveryCommand"},
		{"platformctl", "cost"},
		{"platformctl", "--version"},
		{"platformctl", "--verbose"},
	} {
		os.Args = osArgs
		te := newTestEnv(t)
		code := runEnv(context.Background(), te.env, nil)
		if code != ExitUsage || !strings.Contains(te.stdout.String(), "Commands:") || te.stderr.Len() != 0 {
			t.Errorf("os.Args %q: runEnv(nil): exit %d, want %d and the root help; stdout %.200q, stderr %q", osArgs, code, ExitUsage, te.stdout, te.stderr)
		}
		var stdout, stderr strings.Builder
		code = Run(context.Background(), nil, strings.NewReader(""), &stdout, &stderr)
		if code != ExitUsage || !strings.Contains(stdout.String(), "Commands:") || stderr.Len() != 0 {
			t.Errorf("os.Args %q: Run(nil): exit %d, want %d and the root help; stdout %.200q, stderr %q", osArgs, code, ExitUsage, stdout.String(), stderr.String())
		}
	}
}

// --version is the root's flag alone: the root help lists it apart from the
// global flags (which go before or after the command), and after a command it
// is refused with the line to run instead.
func TestVersionIsRootOnly(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("--help"); code != ExitOK {
		t.Fatalf("--help: exit %d", code)
	}
	help := te.stdout.String()
	global, _, _ := strings.Cut(help[strings.Index(help, "Global flags"):], "\n\n")
	if strings.Contains(global, "--version") {
		t.Errorf("--version is listed with the global flags (before or after the command), but only the root has it:\n%s", global)
	}
	if !strings.Contains(help, "platformctl --version") {
		t.Errorf("the root help does not show 'platformctl --version':\n%s", help)
	}
	for _, args := range [][]string{{"up", "--version"}, {"friends", "list", "--version"}, {"cost", "--version"}} {
		code := te.run(args...)
		if want := "--version goes before any command: run 'platformctl --version'"; code != ExitUsage || !strings.Contains(te.stderr.String(), want) {
			t.Errorf("%v: exit %d, want %d and %q; stderr %q", args, code, ExitUsage, want, te.stderr)
		}
		if len(te.aws.Calls())+len(te.tf.Calls()) != 0 {
			t.Errorf("%v ran AWS %v or Terraform %v", args, te.aws.Calls(), te.tf.Calls())
		}
	}
}
