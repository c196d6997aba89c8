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

// pipeDelay bounds how long Run keeps reading Terraform's output after
// Terraform has exited (a leftover provider process holding the pipe must not
// hang platformctl). It never shortens Terraform's own run.
const pipeDelay = 10 * time.Second

// Run implements Runner.
//
// Terraform runs in its own process group, so the terminal's Ctrl-C (sent to
// the whole foreground process group) reaches platformctl only; Run then
// sends Terraform exactly one interrupt and waits, without a time limit, for
// it to stop cleanly, write its state and release the lock. Terraform treats
// a second interrupt as "exit immediately, data loss may have occurred"
// (hashicorp/terraform internal/command/views/operation.go, fatalInterrupt),
// so it only gets one when the user asks for it with a second Ctrl-C (see
// NotifyContext). terraform-exec does the same: Setpgid in
// tfexec/cmd_sys_proc_attr_linux.go and one os.Interrupt per
// InterruptChannel in tfexec/cmd_unix.go (hashicorp/terraform-exec).
func (e Exec) Run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// exec.Command, not CommandContext: a cancelled context must not kill
	// Terraform (CommandContext's WaitDelay would, mid-apply).
	cmd := exec.Command(e.Bin, args...)
	cmd.Dir = dir
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	cmd.Env = append(os.Environ(), e.Env...)
	cmd.SysProcAttr = ownProcessGroup()
	cmd.WaitDelay = pipeDelay
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		forwardInterrupts(ctx, cmd.Process, stderr, exited)
	}()
	err := cmd.Wait()
	close(exited)
	<-forwarded
	if err == nil && ctx.Err() != nil {
		// Terraform finished although it was interrupted: the caller must
		// still stop.
		err = ctx.Err()
	}
	// The caller wraps the error with the layer and the command to investigate.
	return err
}

// forwardInterrupts sends p one interrupt when ctx is done, and one more for
// every further interrupt the user gives (ForceInterrupts), until exited is
// closed.
func forwardInterrupts(ctx context.Context, p *os.Process, stderr io.Writer, exited <-chan struct{}) {
	select {
	case <-exited:
		return
	case <-ctx.Done():
	}
	_ = p.Signal(os.Interrupt)
	fmt.Fprintln(stderr, "platformctl: interrupted: waiting for Terraform to stop cleanly, save its state and release the lock; press Ctrl-C again to stop it at once (state may be lost)")
	force := ForceInterrupts(ctx)
	for {
		select {
		case <-exited:
			return
		case <-force:
			_ = p.Signal(os.Interrupt)
			fmt.Fprintln(stderr, "platformctl: second interrupt: Terraform stops at once; if it left a lock, run 'terraform force-unlock' in the layer folder")
		}
	}
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
