// Package tfcheck checks every Terraform root and module of the repository with the real
// terraform or tofu binary: fmt, init, validate, test, an offline plan for roots, tflint and
// trivy. It is the engine behind `make test`; its findings name the folder, the file and line,
// and the tool's own message.
package tfcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// EnvBinary selects the CLI: "terraform", "tofu", or "all" (every one available, terraform
// first). Empty means terraform when one >= MinVersion is on PATH, else tofu.
const EnvBinary = "PLATFORM_TF"

// MinVersion is the oldest Terraform and OpenTofu release the project's HCL supports.
var MinVersion = [3]int{1, 10, 0}

// Binary is one resolved terraform or tofu executable.
type Binary struct {
	Name    string // "terraform" or "tofu"
	Path    string
	Version string
}

func (b Binary) String() string { return fmt.Sprintf("%s %s (%s)", b.Name, b.Version, b.Path) }

// Resolve picks the binaries to run, following EnvBinary's value (see its doc).
func Resolve(ctx context.Context, choice string) ([]Binary, error) {
	switch choice {
	case "":
		if b, err := lookup(ctx, "terraform"); err == nil {
			return []Binary{b}, nil
		}
		b, err := lookup(ctx, "tofu")
		if err != nil {
			return nil, fmt.Errorf("find a terraform or tofu binary: neither terraform >= %s nor tofu is on PATH: run `make tools` (it builds tofu) or install Terraform", versionString(MinVersion))
		}
		return []Binary{b}, nil
	case "all":
		var bins []Binary
		var errs []error
		for _, name := range []string{"terraform", "tofu"} {
			b, err := lookup(ctx, name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			bins = append(bins, b)
		}
		if len(bins) == 0 {
			return nil, errors.Join(errs...)
		}
		return bins, nil
	case "terraform", "tofu":
		b, err := lookup(ctx, choice)
		if err != nil {
			return nil, err
		}
		return []Binary{b}, nil
	default:
		return nil, fmt.Errorf("%s=%q is not a choice: set it to terraform, tofu or all, or leave it empty", EnvBinary, choice)
	}
}

func lookup(ctx context.Context, name string) (Binary, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return Binary{}, fmt.Errorf("find %s: not on PATH: run `make tools` or install it", name)
	}
	return inspect(ctx, path)
}

// inspect asks a binary for its version with `version -json`, which Terraform and OpenTofu
// both answer with {"terraform_version": "..."}.
func inspect(ctx context.Context, path string) (Binary, error) {
	out, err := exec.CommandContext(ctx, path, "version", "-json").Output()
	if err != nil {
		return Binary{}, fmt.Errorf("run %s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return Binary{}, fmt.Errorf("read the version of %s: %w", path, err)
	}
	name := "terraform"
	if strings.HasPrefix(filepath.Base(path), "tofu") {
		name = "tofu"
	}
	got, err := parseVersion(v.Version)
	if err != nil {
		return Binary{}, fmt.Errorf("read the version of %s: %w", path, err)
	}
	if less(got, MinVersion) {
		return Binary{}, fmt.Errorf("%s at %s is %s, older than %s: upgrade it or set %s=tofu after `make tools`", name, path, v.Version, versionString(MinVersion), EnvBinary)
	}
	return Binary{Name: name, Path: path, Version: v.Version}, nil
}

func parseVersion(s string) ([3]int, error) {
	var v [3]int
	core, _, _ := strings.Cut(strings.TrimPrefix(s, "v"), "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
		}
		v[i] = n
	}
	return v, nil
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func versionString(v [3]int) string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// OfflineProvider reports whether the CLI configuration in TF_CLI_CONFIG_FILE installs
// hashicorp/aws from the offline stand-in's filesystem mirror. Plans run only then: against the
// real provider a plan would need an AWS account.
func OfflineProvider() bool {
	path := os.Getenv("TF_CLI_CONFIG_FILE")
	if path == "" {
		return false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return bytes.Contains(data, []byte("offline-aws-provider"))
}
