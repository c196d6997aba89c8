package livetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"golang.org/x/sync/errgroup"

	"github.com/hari328/platform/internal/tfrun"
)

// containerDef is the part of an ECS container definition the test uses.
type containerDef struct {
	Name         string            `json:"name"`
	User         string            `json:"user"`
	DockerLabels map[string]string `json:"dockerLabels"`
	Environment  []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"environment"`
	PortMappings []struct {
		ContainerPort int    `json:"containerPort"`
		HostPort      int    `json:"hostPort"`
		Name          string `json:"name"`
	} `json:"portMappings"`
	Command []string `json:"command"`
}

func (c containerDef) env(name string) (string, bool) {
	for _, e := range c.Environment {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

// appTaskDefinition is what the ecs-service module produced for the example tenant app.
type appTaskDefinition struct {
	Family      string
	Revision    int
	NetworkMode string
	Service     string
	Raw         json.RawMessage // containerDefinitions, verbatim
	Containers  []containerDef
}

// applyOffline applies one root of terraform/ with the offline AWS provider (a copy of
// terraform/modules and the root in a temporary directory, local state, the example platform
// variables) and returns its state. A plan is not enough: container_definitions depends on
// values known only after apply (ECR repository URL, log group), so a plan shows it as unknown;
// the offline provider invents those values on apply, as internal/cli's end-to-end test relies on.
func applyOffline(ctx context.Context, repo, folder string, tmp string, extraEnv ...string) (*tfjson.State, error) {
	bin, err := tfrun.ChooseBinary(os.Getenv, exec.LookPath, func(b string) (string, error) { return tfrun.Version(ctx, b) })
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{"terraform/modules", folder} {
		if err := os.CopyFS(filepath.Join(tmp, sub), os.DirFS(filepath.Join(repo, sub))); err != nil {
			return nil, fmt.Errorf("copy %s: %w", sub, err)
		}
	}
	root := filepath.Join(tmp, folder)
	_ = os.RemoveAll(filepath.Join(root, ".terraform"))
	if err := os.WriteFile(filepath.Join(root, "backend_override.tf"), []byte("terraform {\n  backend \"local\" {}\n}\n"), 0o644); err != nil {
		return nil, err
	}
	varFile, _ := filepath.Abs(filepath.Join(repo, "platform.example.tfvars"))
	stateDir := filepath.Join(tmp, "offline-aws-state")
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "OFFLINE_AWS_STATE_DIR="+stateDir, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	env = append(env, extraEnv...)
	run := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, bin, append([]string{"-chdir=" + root}, args...)...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s %s in %s: %w\n%s", filepath.Base(bin), args[0], folder, err, stderr.String())
		}
		return out, nil
	}
	if _, err := run("init", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	if _, err := run("apply", "-input=false", "-no-color", "-auto-approve", "-lock=false", "-var-file="+varFile); err != nil {
		return nil, err
	}
	out, err := run("show", "-json", "-no-color")
	if err != nil {
		return nil, err
	}
	var state tfjson.State
	if err := json.Unmarshal(out, &state); err != nil {
		return nil, fmt.Errorf("read the %s state: %w", folder, err)
	}
	return &state, nil
}

// taskDefinitions is what the test needs from the two roots: the tenant app's task definition
// (module.api) and the monitoring layer's containers by name.
type taskDefinitions struct {
	App        appTaskDefinition
	Monitoring map[string]containerDef
}

// offlineTaskDefinitions applies terraform/examples/tenant-app and terraform/monitoring
// side by side.
func offlineTaskDefinitions(t *testing.T, repo string) taskDefinitions {
	t.Helper()
	if !offlineProvider() {
		t.Skip("skipped: TF_CLI_CONFIG_FILE does not point at the offline AWS provider mirror, so the task definitions cannot be produced without an AWS account (CI sets it; export TF_CLI_CONFIG_FILE=/root/.cache/offline-aws/terraformrc)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var g errgroup.Group
	var app, mon *tfjson.State
	appDir, monDir := t.TempDir(), t.TempDir()
	g.Go(func() (err error) {
		app, err = applyOffline(ctx, repo, "terraform/examples/tenant-app", appDir)
		return err
	})
	g.Go(func() (err error) {
		mon, err = applyOffline(ctx, repo, "terraform/monitoring", monDir, "TF_VAR_google_client_secret=livetest-not-a-secret")
		return err
	})
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	var td taskDefinitions
	var err error
	if td.App, err = findTaskDefinition(app, "module.api"); err != nil {
		t.Fatal(err)
	}
	td.Monitoring = map[string]containerDef{}
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		for _, r := range m.Resources {
			if r.Mode != tfjson.ManagedResourceMode || r.Type != "aws_ecs_task_definition" {
				continue
			}
			s, _ := r.AttributeValues["container_definitions"].(string)
			var cs []containerDef
			if err := json.Unmarshal([]byte(s), &cs); err != nil {
				t.Fatalf("decode %s container_definitions: %v", r.Address, err)
			}
			for _, c := range cs {
				td.Monitoring[c.Name] = c
			}
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	if mon.Values != nil {
		walk(mon.Values.RootModule)
	}
	return td
}

// findTaskDefinition reads the ECS task definition and service of one module from a state.
func findTaskDefinition(state *tfjson.State, module string) (appTaskDefinition, error) {
	var td appTaskDefinition
	if state.Values == nil {
		return td, fmt.Errorf("the tenant-app state is empty: did apply run?")
	}
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		for _, r := range m.Resources {
			if r.Mode != tfjson.ManagedResourceMode || !strings.HasPrefix(r.Address, module+".") {
				continue
			}
			switch r.Type {
			case "aws_ecs_task_definition":
				td.Family, _ = r.AttributeValues["family"].(string)
				td.NetworkMode, _ = r.AttributeValues["network_mode"].(string)
				if rev, ok := r.AttributeValues["revision"].(float64); ok {
					td.Revision = int(rev)
				}
				s, _ := r.AttributeValues["container_definitions"].(string)
				td.Raw = json.RawMessage(s)
			case "aws_ecs_service":
				td.Service, _ = r.AttributeValues["name"].(string)
			}
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(state.Values.RootModule)
	if len(td.Raw) == 0 {
		return td, fmt.Errorf("no aws_ecs_task_definition under %s in the tenant-app state: has terraform/modules/ecs-service renamed it?", module)
	}
	if err := json.Unmarshal(td.Raw, &td.Containers); err != nil {
		return td, fmt.Errorf("decode container_definitions: %w", err)
	}
	return td, nil
}

// offlineProvider reports whether TF_CLI_CONFIG_FILE installs hashicorp/aws from the offline
// stand-in's mirror (the test that decides the same in internal/tfcheck).
func offlineProvider() bool {
	b, err := os.ReadFile(os.Getenv("TF_CLI_CONFIG_FILE"))
	return err == nil && strings.Contains(string(b), "offline-aws-provider")
}
