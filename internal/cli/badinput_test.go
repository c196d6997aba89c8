package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad input gives one line naming the fix, runs no terraform and calls
// nothing in AWS.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(te *testEnv)
		args     []string
		wantCode int
		want     string
	}{
		{"unknown command", nil, []string{"deploy"}, ExitUsage, "unknown command \"deploy\": run 'platformctl --help'"},
		{"unknown layer", nil, []string{"up", "base-infra", "network"}, ExitUsage, "unknown layer \"network\": use one or more of bootstrap, base-infra, monitoring"},
		{"unknown layer in plan", nil, []string{"plan", "vpc"}, ExitUsage, "unknown layer \"vpc\""},
		{"unknown flag", nil, []string{"up", "--force"}, ExitUsage, "flag provided but not defined: -force"},
		{"missing config", nil, []string{"--config", "nope.tfvars", "up"}, ExitUsage, "copy platform.example.tfvars to platform.tfvars"},
		{"invalid config", func(te *testEnv) {
			writeFile(te.t, filepath.Join(te.repo, "platform.tfvars"), strings.Replace(exampleConfig, `domain = "hari328.net"`, "domain = \"hari328.net\"\nnat_mode = \"cheap\"", 1))
		}, []string{"up"}, ExitUsage, "nat_mode \"cheap\" is not one of gateway, instance, none"},
		{"malformed owner email", func(te *testEnv) {
			writeFile(te.t, filepath.Join(te.repo, "platform.tfvars"), strings.Replace(exampleConfig, "owner@hari328.net", "owner-at-hari328", 1))
		}, []string{"down", "--yes"}, ExitUsage, "owner_email \"owner-at-hari328\" is not an email address"},
		{"syntax error", func(te *testEnv) {
			writeFile(te.t, filepath.Join(te.repo, "platform.tfvars"), "domain = \n")
		}, []string{"dns"}, ExitUsage, "fix the syntax"},
		{"no credentials", func(te *testEnv) { te.aws.noCreds = true }, []string{"up"}, ExitFailed, "no AWS credentials"},
		{"no credentials for dns", func(te *testEnv) { te.aws.noCreds = true }, []string{"dns"}, ExitFailed, "run 'aws configure'"},
		{"bad backend mode", func(te *testEnv) { te.vars["PLATFORM_BACKEND"] = "gcs" }, []string{"up"}, ExitUsage, "PLATFORM_BACKEND=\"gcs\""},
		{"no Google client secret", func(te *testEnv) { delete(te.vars, "TF_VAR_google_client_secret") }, []string{"up"}, ExitUsage, "export TF_VAR_google_client_secret="},
		{"no Google client secret for down", func(te *testEnv) { delete(te.vars, "TF_VAR_google_client_secret") }, []string{"down", "--yes"}, ExitUsage, "export TF_VAR_google_client_secret="},
		{"no Lambda zip", func(te *testEnv) { os.Remove(filepath.Join(te.repo, "build", "presignup.zip")) }, []string{"plan", "base-infra"}, ExitUsage, "run 'make lambda'"},
		{"no Google client id", func(te *testEnv) {
			writeFile(te.t, filepath.Join(te.repo, "platform.tfvars"), strings.Replace(exampleConfig, "google_client_id", "# google_client_id", 1))
		}, []string{"up", "base-infra"}, ExitUsage, "base-infra needs google_client_id"},
		{"bad repo", nil, []string{"--repo", "/nonexistent", "up"}, ExitUsage, "has no terraform/ folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.t = t
			if tt.setup != nil {
				tt.setup(te)
			}
			code := te.run(tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			msg := te.stderr.String()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", msg, tt.want)
			}
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "platformctl: ") {
				t.Errorf("want exactly one line starting with 'platformctl: ', got %q", msg)
			}
			if calls := te.tf.Calls(); len(calls) != 0 {
				t.Errorf("terraform ran: %v", calls)
			}
			if calls := te.aws.Calls(); len(calls) != 0 {
				t.Errorf("AWS was called: %v", calls)
			}
		})
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	te := newTestEnv(t)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		if code := te.run(args...); code != ExitOK {
			t.Fatalf("%v: exit code = %d", args, code)
		}
		out := te.stdout.String()
		for _, c := range commands {
			line := ""
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), c.name+" ") {
					line = l
				}
			}
			if line == "" || !strings.Contains(line, c.summary) {
				t.Errorf("%v: help has no line for %q with its summary", args, c.name)
			}
			if !strings.HasSuffix(c.summary, ".") || strings.Count(c.summary, ". ") > 0 {
				t.Errorf("summary of %q must be one sentence: %q", c.name, c.summary)
			}
		}
	}
	if code := te.run(); code != ExitUsage || !strings.Contains(te.stdout.String(), "Commands:") {
		t.Errorf("no command: exit %d, want usage and %d", code, ExitUsage)
	}
	if code := te.run("up", "--help"); code != ExitOK || !strings.Contains(te.stdout.String(), "usage: platformctl up [LAYER...]") {
		t.Errorf("up --help: exit %d, stdout %q", code, te.stdout)
	}
}
