package tfcheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvReport names a file the suite appends a plain summary to (which binary ran, what was
// skipped and why): `make test` prints it, since `go test` hides the logs of passing tests.
const EnvReport = "PLATFORM_TEST_REPORT"

var reportMu sync.Mutex

func report(t *testing.T, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	t.Log(line)
	path := os.Getenv(EnvReport)
	if path == "" {
		return
	}
	reportMu.Lock()
	defer reportMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("write the test report: %v", err)
		return
	}
	defer f.Close()
	fmt.Fprintln(f, line)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestRepository checks every Terraform root and module of this repository: fmt, init,
// validate, test, offline plans (roots), tflint and trivy.
func TestRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("the Terraform suite runs real binaries: not in -short mode")
	}
	ctx := context.Background()
	repo := repoRoot(t)
	folders, err := Discover(repo)
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) == 0 {
		t.Fatal("no Terraform folder found below terraform/")
	}
	bins, err := Resolve(ctx, os.Getenv(EnvBinary))
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Plan: OfflineProvider()}
	if !opt.Plan {
		report(t, "terraform suite: plans skipped: TF_CLI_CONFIG_FILE does not point at the offline AWS provider mirror, and a plan against the real provider needs an AWS account")
	}
	// Plans read the Google client secret, which is never in the shared var file.
	env := []string{"TF_VAR_google_client_secret=offline-test-secret"}

	// One workspace copy per binary, then one parallel subtest per folder and binary, named
	// BINARY/FOLDER. They start in the order they are created, -parallel at a time: the folders
	// with the most test runs first, each on both binaries, so the longest ones do not wait
	// behind the quick ones and set the suite's wall time.
	type suite struct {
		bin    Binary
		ws     string
		runner Runner
		opt    Options
	}
	var suites []suite
	for i, bin := range bins {
		opt := opt
		// The scenarios' variants, each once, shared out between the binaries.
		opt.ExtraPlans, opt.Shard, opt.Shards = opt.Plan, i, len(bins)
		ws := t.TempDir()
		if err := CopyWorkspace(repo, ws); err != nil {
			t.Fatal(err)
		}
		suites = append(suites, suite{bin: bin, ws: ws, runner: Runner{Bin: bin, Env: env}, opt: opt})
		report(t, "terraform suite: %s on %d folders", bin, len(folders))
	}
	for _, f := range byTestRuns(t, repo, folders) {
		for _, s := range suites {
			t.Run(s.bin.Name+"/"+f.Rel, func(t *testing.T) {
				t.Parallel() // each binary has its own workspace copy
				start := time.Now()
				for _, fd := range s.runner.Check(ctx, s.ws, f, s.opt) {
					t.Error(fd)
				}
				steps := "fmt, init, validate"
				if f.Tests {
					steps += ", test"
				} else {
					steps += " (no tests/)"
				}
				if f.Root && s.opt.Plan {
					steps += fmt.Sprintf(", %d plan(s)", 1+len(s.opt.ScenarioFiles(f)))
				}
				report(t, "  %s %s: %s in %s", s.bin.Name, f.Rel, steps, time.Since(start).Round(time.Second))
			})
		}
	}

	ws := t.TempDir()
	if err := CopyWorkspace(repo, ws); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(repo, ".tflint.hcl")
	t.Run("tflint", func(t *testing.T) {
		for _, f := range folders {
			t.Run(f.Rel, func(t *testing.T) {
				t.Parallel()
				for _, fd := range TFLint(ctx, ws, f, config) {
					t.Error(fd)
				}
			})
		}
	})
	t.Run("trivy", func(t *testing.T) {
		start := time.Now()
		found := Trivy(ctx, ws, folders, filepath.Join(t.TempDir(), "trivy-cache"))
		for _, fd := range found {
			t.Error(fd)
		}
		report(t, "  trivy: %d unsuppressed HIGH/CRITICAL finding(s) in %s", len(found), time.Since(start).Round(time.Second))
	})
}

// byTestRuns orders folders by the number of run blocks in their tests/*.tftest.hcl, most
// first (each run costs a plan): the order the suite starts them in.
func byTestRuns(t *testing.T, repo string, folders []Folder) []Folder {
	t.Helper()
	runs := map[string]int{}
	for _, f := range folders {
		files, err := filepath.Glob(filepath.Join(repo, filepath.FromSlash(f.Rel), "tests", "*.tftest.hcl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runs[f.Rel] += len(runBlock.FindAll(b, -1))
		}
	}
	out := slices.Clone(folders)
	slices.SortStableFunc(out, func(a, b Folder) int { return runs[b.Rel] - runs[a.Rel] })
	return out
}

var runBlock = regexp.MustCompile(`(?m)^run "`)

func TestDiscoverSkipsTestsAndWorkingData(t *testing.T) {
	repo := t.TempDir()
	write(t, repo, "terraform/layer/backend.tf", "terraform {\n  backend \"s3\" {}\n}\n")
	write(t, repo, "terraform/layer/tests/a.tftest.hcl", "")
	write(t, repo, "terraform/layer/tests/plan-b.tfvars", "")
	write(t, repo, "terraform/layer/tests/plan-a.tfvars", "")
	write(t, repo, "terraform/layer/.terraform/modules/x/main.tf", "")
	write(t, repo, "terraform/modules/m/main.tf", "")
	write(t, repo, "terraform/modules/m/config/prometheus.yml", "")
	write(t, repo, "terraform/empty/README.md", "")

	got, err := Discover(repo)
	if err != nil {
		t.Fatal(err)
	}
	want := []Folder{
		{Rel: "terraform/layer", Root: true, Tests: true, PlanVarFiles: []string{"tests/plan-a.tfvars", "tests/plan-b.tfvars"}},
		{Rel: "terraform/modules/m"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Discover() = %v, want %v", got, want)
	}
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindingString(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Folder: "terraform/a", Step: "validate", File: "main.tf", Line: 3, Message: "Unsupported argument"}, "terraform/a/main.tf:3: validate: Unsupported argument"},
		{Finding{Folder: "terraform/a", Step: "fmt", File: "main.tf", Message: "not canonical"}, "terraform/a/main.tf: fmt: not canonical"},
		{Finding{Folder: "terraform/a", Step: "init", Message: "boom"}, "terraform/a: init: boom"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in      string
		want    [3]int
		wantErr bool
	}{
		{"1.11.4", [3]int{1, 11, 4}, false},
		{"v1.12.6", [3]int{1, 12, 6}, false},
		{"1.10.0-beta1", [3]int{1, 10, 0}, false},
		{"1.10", [3]int{}, true},
		{"x.y.z", [3]int{}, true},
	}
	for _, tt := range tests {
		got, err := parseVersion(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseVersion(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	if !less([3]int{1, 9, 9}, MinVersion) || less([3]int{1, 10, 0}, MinVersion) {
		t.Error("less() must order 1.9.9 before 1.10.0 and not 1.10.0 before itself")
	}
}

func TestResolveRejectsUnknownChoice(t *testing.T) {
	_, err := Resolve(context.Background(), "terrafrom")
	if err == nil || !strings.Contains(err.Error(), "terraform, tofu or all") {
		t.Errorf("Resolve(terrafrom) error = %v, want one naming the valid choices", err)
	}
}

func TestScenarioFilesAreSharedOut(t *testing.T) {
	t.Parallel()
	f := Folder{PlanVarFiles: []string{"tests/plan-a.tfvars", "tests/plan-b.tfvars", "tests/plan-c.tfvars"}}
	for _, tc := range []struct {
		name string
		opt  Options
		want []string
	}{
		{"one binary plans every scenario", Options{Plan: true, ExtraPlans: true, Shards: 1}, f.PlanVarFiles},
		{"first of two", Options{Plan: true, ExtraPlans: true, Shard: 0, Shards: 2}, []string{"tests/plan-a.tfvars", "tests/plan-c.tfvars"}},
		{"second of two", Options{Plan: true, ExtraPlans: true, Shard: 1, Shards: 2}, []string{"tests/plan-b.tfvars"}},
		{"no plans without the offline provider", Options{ExtraPlans: true, Shards: 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.opt.ScenarioFiles(f); !slices.Equal(got, tc.want) {
				t.Errorf("ScenarioFiles() = %v, want %v", got, tc.want)
			}
		})
	}
}
