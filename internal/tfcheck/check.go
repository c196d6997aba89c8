package tfcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Folder is one Terraform root or module below terraform/.
type Folder struct {
	Rel   string // slash path from the repository root, e.g. "terraform/base-infra"
	Root  bool   // has a backend.tf: a deploy unit with its own state, planned offline
	Tests bool   // has tests/*.tftest.hcl
	// PlanVarFiles are the extra var files (slash paths relative to the folder) of the plan
	// scenarios: tests/plan-*.tfvars, each planned on top of platform.example.tfvars.
	PlanVarFiles []string
}

// SharedVarFile is the configuration every layer is planned with, relative to the repo root.
const SharedVarFile = "platform.example.tfvars"

// Discover lists every folder below repo/terraform that holds .tf files, skipping tests,
// .terraform and testdata folders, in a stable order.
func Discover(repo string) ([]Folder, error) {
	var folders []Folder
	base := filepath.Join(repo, "terraform")
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		switch d.Name() {
		case ".terraform", "tests", "testdata":
			return filepath.SkipDir
		}
		tf, _ := filepath.Glob(filepath.Join(path, "*.tf"))
		if len(tf) == 0 {
			return nil
		}
		rel, err := filepath.Rel(repo, path)
		if err != nil {
			return err
		}
		f := Folder{Rel: filepath.ToSlash(rel)}
		if _, err := os.Stat(filepath.Join(path, "backend.tf")); err == nil {
			f.Root = true
		}
		tests, _ := filepath.Glob(filepath.Join(path, "tests", "*.tftest.hcl"))
		f.Tests = len(tests) > 0
		plans, _ := filepath.Glob(filepath.Join(path, "tests", "plan-*.tfvars"))
		for _, p := range plans {
			f.PlanVarFiles = append(f.PlanVarFiles, "tests/"+filepath.Base(p))
		}
		sort.Strings(f.PlanVarFiles)
		folders = append(folders, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("discover terraform folders: %w", err)
	}
	return folders, nil
}

// Finding is one problem, located as precisely as the tool allows.
type Finding struct {
	Folder  string // slash path from the repository root
	Step    string // fmt, init, validate, test, plan, tflint, trivy
	File    string // slash path relative to Folder, "" when unknown
	Line    int    // 0 when unknown
	Message string // the tool's own words
}

func (f Finding) String() string {
	loc := f.Folder
	if f.File != "" {
		loc += "/" + f.File
		if f.Line > 0 {
			loc += ":" + strconv.Itoa(f.Line)
		}
	}
	return fmt.Sprintf("%s: %s: %s", loc, f.Step, f.Message)
}

// CopyWorkspace copies what the Terraform folders reference (terraform/, the shared var file
// and build/, where the Lambda zip lives) from repo into dst, leaving out working data and state.
func CopyWorkspace(repo, dst string) error {
	for _, name := range []string{"terraform", SharedVarFile, "build"} {
		src := filepath.Join(repo, name)
		if _, err := os.Stat(src); os.IsNotExist(err) {
			continue
		}
		if err := copyTree(src, filepath.Join(dst, name)); err != nil {
			return fmt.Errorf("copy %s into the workspace: %w", name, err)
		}
	}
	return nil
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
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		name := d.Name()
		if strings.HasSuffix(name, ".tfstate") || strings.HasSuffix(name, ".tfstate.backup") || name == ".terraform.lock.hcl" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// backendOverride makes every root use local state in the workspace copy.
const backendOverride = `# Written by the test harness: local state instead of the S3 backend.
terraform {
  backend "local" {}
}
`

// Runner runs one terraform or tofu binary against folders of a workspace copy.
type Runner struct {
	Bin Binary
	Env []string // added to the process environment
}

// Output of a command, and whether it exited non-zero.
type result struct {
	out    []byte
	failed bool
	err    error // the command could not run at all
}

func (r Runner) run(ctx context.Context, dir string, args ...string) result {
	cmd := exec.CommandContext(ctx, r.Bin.Path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	cmd.Env = append(cmd.Env, r.Env...)
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); ok {
		return result{out: buf.Bytes(), failed: true}
	}
	return result{out: buf.Bytes(), err: err}
}

// Options say which steps to run beyond fmt, init, validate and test.
type Options struct {
	Plan bool // plan roots with the shared var file
	// ExtraPlans also plans the tests/plan-*.tfvars scenarios. They prove the configuration's
	// variants, not the CLI's: each is planned once, by one of the Shards binaries in turn
	// (scenario j by binary j mod Shards), so neither binary carries all of them.
	ExtraPlans bool
	Shard      int // this binary's index
	Shards     int // how many binaries share the scenarios; 0 or 1: this one plans them all
}

// ScenarioFiles are the tests/plan-*.tfvars scenarios of f this binary plans.
func (o Options) ScenarioFiles(f Folder) []string {
	if !o.Plan || !o.ExtraPlans {
		return nil
	}
	var out []string
	for j, extra := range f.PlanVarFiles {
		if o.Shards <= 1 || j%o.Shards == o.Shard {
			out = append(out, extra)
		}
	}
	return out
}

// Check runs every step on one folder of the workspace ws and returns what failed. Steps stop at
// the first one that fails, since later ones would only repeat it.
func (r Runner) Check(ctx context.Context, ws string, f Folder, opt Options) []Finding {
	dir := filepath.Join(ws, filepath.FromSlash(f.Rel))
	if f.Root {
		if err := os.WriteFile(filepath.Join(dir, "backend_override.tf"), []byte(backendOverride), 0o644); err != nil {
			return []Finding{{Folder: f.Rel, Step: "init", Message: err.Error()}}
		}
		// The override is the harness's, not the folder's: fmt must not see it.
		defer os.Remove(filepath.Join(dir, "backend_override.tf"))
	}
	steps := []struct {
		name string
		run  func() []Finding
	}{
		{"fmt", func() []Finding { return r.fmt(ctx, dir, f) }},
		{"init", func() []Finding { return r.simple(ctx, dir, f, "init", "init", "-input=false", "-no-color") }},
		{"validate", func() []Finding { return r.validate(ctx, dir, f) }},
	}
	if f.Tests {
		steps = append(steps, struct {
			name string
			run  func() []Finding
		}{"test", func() []Finding { return r.simple(ctx, dir, f, "test", "test", "-no-color") }})
	}
	if f.Root && opt.Plan {
		shared := filepath.Join(ws, SharedVarFile)
		base := []string{shared}
		// A root's tests/plan.tfvars holds what every full plan of it needs on top of the shared
		// file (base-infra: wait_for_certificate = true, as phase 2 of `platformctl up` sets it).
		phase := filepath.Join(dir, "tests", "plan.tfvars")
		if _, err := os.Stat(phase); err == nil {
			base = append(base, phase)
		}
		scenarios := [][]string{base}
		for _, extra := range opt.ScenarioFiles(f) {
			scenarios = append(scenarios, append(append([]string{}, base...), filepath.Join(dir, filepath.FromSlash(extra))))
		}
		for _, files := range scenarios {
			args := []string{"plan", "-input=false", "-no-color", "-lock=false"}
			for _, vf := range files {
				args = append(args, "-var-file="+vf)
			}
			steps = append(steps, struct {
				name string
				run  func() []Finding
			}{"plan", func() []Finding {
				step := "plan " + strings.TrimPrefix(files[len(files)-1], dir+string(filepath.Separator))
				if len(files) == 1 {
					step = "plan " + SharedVarFile
				}
				return r.simple(ctx, dir, f, step, args...)
			}})
		}
	}
	for _, s := range steps {
		if found := s.run(); len(found) > 0 {
			return found
		}
	}
	return nil
}

func (r Runner) fmt(ctx context.Context, dir string, f Folder) []Finding {
	res := r.run(ctx, dir, "fmt", "-check", "-recursive", "-list=true", "-no-color")
	if res.err != nil {
		return []Finding{{Folder: f.Rel, Step: "fmt", Message: res.err.Error()}}
	}
	if !res.failed {
		return nil
	}
	var found []Finding
	for _, line := range strings.Split(strings.TrimSpace(string(res.out)), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasSuffix(line, ".tf") || strings.HasSuffix(line, ".tfvars") || strings.HasSuffix(line, ".hcl") {
			found = append(found, Finding{Folder: f.Rel, Step: "fmt", File: filepath.ToSlash(line),
				Message: "not in canonical format: run `make fmt` (terraform fmt -recursive terraform)"})
		}
	}
	if len(found) == 0 {
		found = diagnostics(f.Rel, "fmt", res.out)
	}
	return found
}

// simple runs a command whose failures are human-readable diagnostics.
func (r Runner) simple(ctx context.Context, dir string, f Folder, step string, args ...string) []Finding {
	res := r.run(ctx, dir, args...)
	if res.err != nil {
		return []Finding{{Folder: f.Rel, Step: step, Message: res.err.Error()}}
	}
	if !res.failed {
		return nil
	}
	return diagnostics(f.Rel, step, res.out)
}

func (r Runner) validate(ctx context.Context, dir string, f Folder) []Finding {
	res := r.run(ctx, dir, "validate", "-json", "-no-color")
	if res.err != nil {
		return []Finding{{Folder: f.Rel, Step: "validate", Message: res.err.Error()}}
	}
	var doc struct {
		Valid       bool `json:"valid"`
		Diagnostics []struct {
			Severity string `json:"severity"`
			Summary  string `json:"summary"`
			Detail   string `json:"detail"`
			Range    *struct {
				Filename string `json:"filename"`
				Start    struct {
					Line int `json:"line"`
				} `json:"start"`
			} `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(res.out, &doc); err != nil {
		if res.failed {
			return diagnostics(f.Rel, "validate", res.out)
		}
		return nil
	}
	var found []Finding
	for _, d := range doc.Diagnostics {
		if d.Severity != "error" {
			continue
		}
		fd := Finding{Folder: f.Rel, Step: "validate", Message: joinMessage(d.Summary, d.Detail)}
		if d.Range != nil {
			fd.File = filepath.ToSlash(d.Range.Filename)
			fd.Line = d.Range.Start.Line
		}
		found = append(found, fd)
	}
	if len(found) == 0 && (res.failed || !doc.Valid) {
		found = diagnostics(f.Rel, "validate", res.out)
	}
	return found
}

func joinMessage(summary, detail string) string {
	detail = strings.Join(strings.Fields(detail), " ")
	if detail == "" {
		return summary
	}
	return summary + ": " + detail
}

var (
	diagStart = regexp.MustCompile(`^[│|]?\s*(Error|Warning): (.*)$`)
	diagWhere = regexp.MustCompile(`on (\S+) line (\d+)`)
	boxChars  = regexp.MustCompile(`^[│╷╵|]\s?`)
	// Progress lines of `terraform test` that follow a diagnostic without a blank line.
	testProgress = regexp.MustCompile(`\.\.\.( (pass|fail|skip|tearing down|in progress))?$|^(Failure|Success)!`)
)

// diagnostics splits Terraform's human-readable output into findings, one per "Error:" block,
// keeping the file and line Terraform names. Output without any such block becomes one finding
// carrying its last lines.
func diagnostics(folder, step string, out []byte) []Finding {
	lines := strings.Split(string(out), "\n")
	var found []Finding
	var cur *Finding
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		var keep []string
		for _, b := range body {
			b = strings.TrimSpace(b)
			if b == "" || strings.HasPrefix(b, "on ") || isSourceLine(b) || testProgress.MatchString(b) {
				continue
			}
			keep = append(keep, b)
		}
		if len(keep) > 0 {
			cur.Message += ": " + strings.Join(keep, " ")
		}
		found = append(found, *cur)
		cur, body = nil, nil
	}
	for _, raw := range lines {
		line := boxChars.ReplaceAllString(raw, "")
		if m := diagStart.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			flush()
			if m[1] != "Error" {
				continue
			}
			cur = &Finding{Folder: folder, Step: step, Message: m[2]}
			continue
		}
		if cur == nil {
			continue
		}
		if m := diagWhere.FindStringSubmatch(line); m != nil && cur.File == "" {
			cur.File = filepath.ToSlash(m[1])
			cur.Line, _ = strconv.Atoi(m[2])
		}
		body = append(body, line)
	}
	flush()
	if len(found) == 0 {
		tail := lines
		if len(tail) > 30 {
			tail = tail[len(tail)-30:]
		}
		found = append(found, Finding{Folder: folder, Step: step, Message: strings.TrimSpace(strings.Join(tail, "\n"))})
	}
	return found
}

// isSourceLine recognises the quoted source lines ("  12:   foo = 1") and the value
// annotations ("├────", "│ var.x is 3") Terraform prints under a diagnostic.
func isSourceLine(s string) bool {
	if i := strings.Index(s, ":"); i > 0 {
		if _, err := strconv.Atoi(strings.TrimSpace(s[:i])); err == nil {
			return true
		}
	}
	return strings.HasPrefix(s, "├") || strings.HasPrefix(s, "│") || strings.HasPrefix(s, "(")
}
