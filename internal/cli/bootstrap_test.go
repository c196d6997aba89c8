package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBootstrapIsIdempotentAndWritesTheBackendSettings(t *testing.T) {
	te := newTestEnv(t)
	for run := 1; run <= 2; run++ {
		te.tf.calls = nil
		if code := te.run("bootstrap"); code != ExitOK {
			t.Fatalf("run %d: exit code = %d; stderr:\n%s", run, code, te.stderr)
		}
		assertCalls(t, te.tf.Calls(), expand(te.repo,
			"bootstrap init -input=false -no-color",
			"bootstrap apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -no-color",
			"bootstrap output -json -no-color",
		))
		b, err := os.ReadFile(filepath.Join(te.repo, ".platform", "backend.hcl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`bucket       = "platform-tfstate-123456789012"`, `region       = "us-east-1"`, "use_lockfile = true", "encrypt      = true"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("run %d: backend.hcl lacks %q:\n%s", run, want, b)
			}
		}
	}
	if code := te.run("bootstrap", "base-infra"); code != ExitUsage {
		t.Errorf("bootstrap with an argument: exit %d, want %d", code, ExitUsage)
	}
}

func TestBootstrapWithoutBucketOutput(t *testing.T) {
	te := newTestEnv(t)
	te.tf.outputs["bootstrap"] = `{}`
	if code := te.run("bootstrap"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	if !strings.Contains(te.stderr.String(), `no "bucket_name" output: check terraform/bootstrap/outputs.tf`) {
		t.Errorf("stderr = %s", te.stderr)
	}
	if _, err := os.Stat(filepath.Join(te.repo, ".platform", "backend.hcl")); err == nil {
		t.Errorf("backend.hcl written without a bucket")
	}
}

func TestLocalModeWorkspace(t *testing.T) {
	te := newTestEnv(t)
	te.vars["PLATFORM_BACKEND"] = "local"
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "main.tf"), "# v1\n")
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "backend_override.tf"), "# a developer's own override\n")
	ws := mustWorkspace(t, te)
	if err := ws.prepare(); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(te.repo, ".platform", "work", "terraform", "base-infra")
	// Terraform's working data survives the next copy; stale files do not.
	writeFile(t, filepath.Join(work, ".terraform", "providers", "p"), "cached")
	writeFile(t, filepath.Join(work, "stale.tf"), "# removed from the repository\n")
	writeFile(t, filepath.Join(te.repo, "terraform", "base-infra", "main.tf"), "# v2\n")
	if err := ws.prepare(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		path, want string
		exists     bool
	}{
		{filepath.Join(work, "main.tf"), "# v2\n", true},
		{filepath.Join(work, ".terraform", "providers", "p"), "cached", true},
		{filepath.Join(work, "stale.tf"), "", false},
		{filepath.Join(work, "backend_override.tf"), `path = "` + filepath.Join(te.repo, ".platform", "state", "base-infra.tfstate") + `"`, true},
	}
	for _, c := range checks {
		b, err := os.ReadFile(c.path)
		switch {
		case !c.exists && err == nil:
			t.Errorf("%s should not exist", c.path)
		case c.exists && (err != nil || !strings.Contains(string(b), c.want)):
			t.Errorf("%s = %q (%v), want it to contain %q", c.path, b, err, c.want)
		}
	}
	if got := ws.dir(bootstrapLayer()); got != filepath.Join(te.repo, ".platform", "work", "terraform", "bootstrap") {
		t.Errorf("dir(bootstrap) = %s", got)
	}
	// The repository's own folders are untouched.
	if b, _ := os.ReadFile(filepath.Join(te.repo, "terraform", "base-infra", "backend_override.tf")); string(b) != "# a developer's own override\n" {
		t.Errorf("the repository's backend_override.tf changed: %q", b)
	}
}
