package tfrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	version "github.com/hashicorp/go-version"
)

// MinVersion is the oldest Terraform/OpenTofu the layers support.
const MinVersion = "1.10.0"

// Runner runs one Terraform command in a folder, streaming its output.
type Runner interface {
	Run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error
}

// Exec runs the binary Bin with os/exec.
type Exec struct {
	Bin string
	// Env is added to the process environment (e.g. TF_IN_AUTOMATION=1).
	Env []string
}

// Run implements Runner.
func (e Exec) Run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	cmd := exec.CommandContext(ctx, e.Bin, args...)
	cmd.Dir = dir
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	cmd.Env = append(os.Environ(), e.Env...)
	// On Ctrl-C (ctx cancelled) Terraform gets an interrupt, not a kill, so it
	// can stop cleanly, write its state and release the lock.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Minute
	// The caller wraps the error with the layer and the command to investigate.
	return cmd.Run()
}

// OutputValue is one entry of `terraform output -json`.
type OutputValue struct {
	Sensitive bool            `json:"sensitive"`
	Value     json.RawMessage `json:"value"`
}

// Outputs runs `output -json` in dir and decodes it.
func Outputs(ctx context.Context, r Runner, dir string) (map[string]OutputValue, error) {
	var out, errb bytes.Buffer
	if err := r.Run(ctx, dir, Output(), &out, &errb); err != nil {
		return nil, fmt.Errorf("read outputs in %s: %w: %s", dir, err, strings.TrimSpace(errb.String()))
	}
	return ParseOutputs(out.Bytes())
}

// ParseOutputs decodes the JSON printed by `output -json`.
func ParseOutputs(b []byte) (map[string]OutputValue, error) {
	m := map[string]OutputValue{}
	if len(bytes.TrimSpace(b)) == 0 {
		return m, nil
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode terraform outputs: %w", err)
	}
	return m, nil
}

// String returns the output name as a string, or "" when absent or not a string.
func String(outs map[string]OutputValue, name string) string {
	var s string
	if o, ok := outs[name]; ok {
		_ = json.Unmarshal(o.Value, &s)
	}
	return s
}

// Strings returns the output name as a list of strings, or nil.
func Strings(outs map[string]OutputValue, name string) []string {
	var s []string
	if o, ok := outs[name]; ok {
		_ = json.Unmarshal(o.Value, &s)
	}
	return s
}

// ChooseBinary picks the Terraform binary: PLATFORM_TF if set (terraform,
// tofu or a path), else terraform if it is on PATH and >= MinVersion, else
// tofu (PLATFORM_TF=all, the test harness's setting, also means this).
// versionOf reports a binary's version (see Version).
func ChooseBinary(getenv func(string) string, lookPath func(string) (string, error), versionOf func(bin string) (string, error)) (string, error) {
	// "all" is the test harness's value (run the suite with both binaries):
	// for one run it means the default choice.
	if want := getenv("PLATFORM_TF"); want != "" && want != "all" {
		p, err := lookPath(want)
		if err != nil {
			return "", fmt.Errorf("PLATFORM_TF=%s: %w: set PLATFORM_TF to terraform, tofu or the path of one of them", want, err)
		}
		return p, nil
	}
	var why []string
	if p, err := lookPath("terraform"); err == nil {
		v, err := versionOf(p)
		switch {
		case err != nil:
			why = append(why, fmt.Sprintf("terraform: %v", err))
		case atLeast(v, MinVersion):
			return p, nil
		default:
			why = append(why, fmt.Sprintf("terraform %s is older than %s", v, MinVersion))
		}
	} else {
		why = append(why, "terraform is not on PATH")
	}
	if p, err := lookPath("tofu"); err == nil {
		return p, nil
	}
	why = append(why, "tofu is not on PATH")
	return "", fmt.Errorf("find terraform: %s: install Terraform >= %s or OpenTofu, or set PLATFORM_TF to its path", strings.Join(why, "; "), MinVersion)
}

func atLeast(v, min string) bool {
	have, err := version.NewVersion(v)
	if err != nil {
		return false
	}
	return have.GreaterThanOrEqual(version.Must(version.NewVersion(min)))
}

// AtLeastMin reports whether v is a supported Terraform/OpenTofu version.
func AtLeastMin(v string) bool { return atLeast(v, MinVersion) }

// Version runs `BIN version -json` and returns the version number.
func Version(ctx context.Context, bin string) (string, error) {
	out, err := exec.CommandContext(ctx, bin, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("run %s version: %w", bin, err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.TerraformVersion == "" {
		return "", errors.New("read version: unexpected output of 'version -json'")
	}
	return v.TerraformVersion, nil
}
