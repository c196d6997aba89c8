// Package tfrun builds Terraform (or OpenTofu) command lines in pure
// functions and runs them. Every command is non-interactive (-input=false)
// and colourless when output is not a terminal.
package tfrun

import (
	"fmt"
	"slices"
	"strings"
)

// Backend is where every layer but bootstrap keeps its state: the S3 bucket
// created by the bootstrap layer (docs/contract.md, "Backend").
type Backend struct {
	Bucket string
	Region string
}

// Var is one -var NAME=VALUE argument.
type Var struct{ Name, Value string }

// Options are the flags shared by the commands of one run.
type Options struct {
	// VarFile is the absolute path of the shared config (-var-file).
	VarFile string
	// Vars are extra -var arguments, in order.
	Vars []Var
	// Targets restrict plan/apply to these resource addresses (-target).
	Targets []string
	// Color keeps Terraform's colours; false adds -no-color.
	Color bool
}

// InitS3 is `init` for a layer whose state lives in the bucket, under key.
func InitS3(b Backend, key string, color bool) []string {
	args := []string{
		"init", "-input=false",
		"-backend-config=bucket=" + b.Bucket,
		"-backend-config=key=" + key,
		"-backend-config=region=" + b.Region,
		"-backend-config=use_lockfile=true",
		"-backend-config=encrypt=true",
	}
	return noColor(args, color)
}

// InitLocal is `init` for a folder with a local backend (bootstrap, and
// every layer in PLATFORM_BACKEND=local mode). reconfigure re-reads the
// backend block without migrating state (the state path is fixed per layer).
func InitLocal(reconfigure, color bool) []string {
	args := []string{"init", "-input=false"}
	if reconfigure {
		args = append(args, "-reconfigure")
	}
	return noColor(args, color)
}

// Plan is `plan` with the shared config, extra variables and targets.
// -compact-warnings: each layer declares only the variables it uses, so the
// shared file always brings "undeclared variable" warnings (docs/contract.md).
func Plan(o Options) []string {
	args := []string{"plan", "-input=false", "-compact-warnings"}
	args = append(args, vars(o)...)
	return noColor(args, o.Color)
}

// Apply is `apply`; autoApprove skips Terraform's own confirmation (`up`
// runs unattended).
func Apply(o Options, autoApprove bool) []string {
	args := []string{"apply", "-input=false", "-compact-warnings"}
	if autoApprove {
		args = append(args, "-auto-approve")
	}
	args = append(args, vars(o)...)
	return noColor(args, o.Color)
}

// Destroy is `destroy`; targets are ignored (a layer goes whole).
func Destroy(o Options, autoApprove bool) []string {
	args := []string{"destroy", "-input=false", "-compact-warnings"}
	if autoApprove {
		args = append(args, "-auto-approve")
	}
	o.Targets = nil
	args = append(args, vars(o)...)
	return noColor(args, o.Color)
}

// Output is `output -json` (all outputs as one JSON object).
func Output() []string {
	return []string{"output", "-json", "-no-color"}
}

func vars(o Options) []string {
	var args []string
	if o.VarFile != "" {
		args = append(args, "-var-file="+o.VarFile)
	}
	for _, v := range o.Vars {
		args = append(args, "-var", v.Name+"="+v.Value)
	}
	for _, t := range o.Targets {
		args = append(args, "-target="+t)
	}
	return args
}

func noColor(args []string, color bool) []string {
	if color {
		return args
	}
	return append(slices.Clone(args), "-no-color")
}

// CommandLine renders what a person types to run bin with args in dir:
// `cd DIR && BIN ARGS...`, shell-quoted where needed.
func CommandLine(dir, bin string, args []string) string {
	parts := []string{"cd", quote(dir), "&&", quote(bin)}
	for _, a := range args {
		parts = append(parts, quote(a))
	}
	return strings.Join(parts, " ")
}

func quote(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// String shows a Var for messages.
func (v Var) String() string { return fmt.Sprintf("%s=%s", v.Name, v.Value) }

// StateList is `state list` (the addresses of the resources in the state).
func StateList() []string {
	return []string{"state", "list"}
}
