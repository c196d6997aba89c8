package membudget

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Runner runs one command in a directory and returns its standard output. Tests replace it.
type Runner func(ctx context.Context, dir string, name string, args ...string) ([]byte, error)

// ExecRunner runs the real binary; stderr is kept for the error message.
func ExecRunner(ctx context.Context, dir string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, lastLines(stderr.String(), 20))
	}
	return stdout.Bytes(), nil
}

// The terraform command lines, built apart from running them (always -input=false and
// -no-color: the output is parsed, never shown to a terminal).
func initArgs() []string { return []string{"init", "-input=false", "-no-color"} }

func planArgs(varFile, out string) []string {
	return []string{"plan", "-input=false", "-no-color", "-lock=false", "-var-file=" + varFile, "-out=" + out}
}

func showArgs(planFile string) []string { return []string{"show", "-json", "-no-color", planFile} }

// backendOverride makes a copied root use local state: the plan never touches the real backend.
const backendOverride = "terraform {\n  backend \"local\" {}\n}\n"

// PlanFolder plans one Terraform root of the repository offline and returns the plan as JSON.
// It copies the repository's terraform/ tree and the var file into a temporary directory (the
// roots refer to ../modules), adds a local-backend override, then runs init, plan and show.
func PlanFolder(ctx context.Context, run Runner, terraformBin, repoRoot, folder, varFile string) (*tfjson.Plan, error) {
	tmp, err := os.MkdirTemp("", "membudget-")
	if err != nil {
		return nil, fmt.Errorf("create temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)

	if err := copyTree(filepath.Join(repoRoot, "terraform"), filepath.Join(tmp, "terraform")); err != nil {
		return nil, fmt.Errorf("copy terraform/: %w", err)
	}
	dir := filepath.Join(tmp, folder)
	tfFiles, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	if len(tfFiles) == 0 {
		return nil, fmt.Errorf("plan %s: no Terraform files there: check -folders", folder)
	}
	if err := os.WriteFile(filepath.Join(dir, "backend_override.tf"), []byte(backendOverride), 0o644); err != nil {
		return nil, fmt.Errorf("write backend override: %w", err)
	}
	absVars, err := filepath.Abs(filepath.Join(repoRoot, varFile))
	if err != nil {
		return nil, err
	}
	steps := [][]string{initArgs(), planArgs(absVars, "membudget.tfplan")}
	for _, args := range steps {
		if _, err := run(ctx, dir, terraformBin, args...); err != nil {
			return nil, fmt.Errorf("plan %s: %w", folder, err)
		}
	}
	out, err := run(ctx, dir, terraformBin, showArgs("membudget.tfplan")...)
	if err != nil {
		return nil, fmt.Errorf("plan %s: %w", folder, err)
	}
	return DecodePlan(out)
}

// DecodePlan parses the output of `terraform show -json <plan>`.
func DecodePlan(data []byte) (*tfjson.Plan, error) {
	var plan tfjson.Plan
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&plan); err != nil {
		return nil, fmt.Errorf("decode plan JSON: %w", err)
	}
	return &plan, nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".terraform") {
			return filepath.SkipDir
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(d.Name(), ".tfstate") || d.Name() == ".terraform.lock.hcl" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
