package cli

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// TestEndToEnd drives `platformctl up` and `down --yes` through every layer
// with the real terraform/tofu binary, local state (PLATFORM_BACKEND=local),
// the offline AWS provider, and DNS answered by a server on loopback. AWS API
// calls made by platformctl itself (ECS, ACM) go to fakes.
//
// The layers are applied exactly as they are in the repository: no file is
// added or rewritten. OFFLINE_AWS_STATE_DIR gives the offline provider one
// SSM parameter store for every root, so the /infra/* contract base-infra
// writes is what monitoring reads, as in an account.
//
// It runs when TF_CLI_CONFIG_FILE points at the offline provider (as in CI);
// PLATFORM_TF=terraform|tofu|all picks the binaries (all: both).
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: the end-to-end test applies every layer (minutes)")
	}
	rc := os.Getenv("TF_CLI_CONFIG_FILE")
	if b, err := os.ReadFile(rc); rc == "" || err != nil || !strings.Contains(string(b), "offline-aws-provider") {
		t.Skip("skipped: TF_CLI_CONFIG_FILE does not point at the offline AWS provider (a terraformrc mentioning offline-aws-provider), so Terraform cannot run without an AWS account here")
	}
	_, here, _, _ := runtime.Caller(0)
	src := filepath.Join(filepath.Dir(here), "..", "..")
	for _, bin := range e2eBinaries(t) {
		t.Run(filepath.Base(bin), func(t *testing.T) { endToEnd(t, src, bin) })
	}
}

// e2eBinaries are the Terraform binaries to run the test with.
func e2eBinaries(t *testing.T) []string {
	want := os.Getenv("PLATFORM_TF")
	var names []string
	switch want {
	case "all":
		names = []string{"terraform", "tofu"}
	case "":
		bin, err := tfrun.ChooseBinary(os.Getenv, exec.LookPath, func(b string) (string, error) { return tfrun.Version(context.Background(), b) })
		if err != nil {
			t.Skipf("skipped: %v", err)
		}
		return []string{bin}
	default:
		names = []string{want}
	}
	// all: every binary that is there (the harness's meaning); one named
	// binary must be there.
	var bins []string
	for _, n := range names {
		p, err := exec.LookPath(n)
		switch {
		case err == nil:
			bins = append(bins, p)
		case want == "all":
			t.Logf("PLATFORM_TF=all: %s is not on PATH, running without it", n)
		default:
			t.Errorf("PLATFORM_TF=%s: %s is not on PATH: install it or change PLATFORM_TF", want, n)
		}
	}
	if len(bins) == 0 && want == "all" {
		t.Errorf("PLATFORM_TF=all: neither terraform nor tofu is on PATH: install one")
	}
	return bins
}

func endToEnd(t *testing.T, src, bin string) {
	repo := t.TempDir()
	copyForE2E(t, src, repo)
	t.Setenv("TF_VAR_google_client_secret", "e2e-test-not-a-secret")
	// One SSM parameter store shared by every root (and only by this run).
	t.Setenv("OFFLINE_AWS_STATE_DIR", t.TempDir())

	parent := startParent(t)
	fakes := &fakeAWS{services: map[string][]string{}, certs: map[string]acmtypes.CertificateStatus{}}
	stateDir := filepath.Join(repo, StateDirName)
	// The stand-in provider deletes protected resources without a word, so
	// what `down` must do is asserted on the arguments it passes and on the
	// state right before the base-infra destroy.
	var tfCalls []string
	var beforeDestroy tfstate
	tf := recordingRunner{
		Runner: tfrun.Exec{Bin: bin, Env: []string{"TF_IN_AUTOMATION=1"}},
		before: func(dir string, args []string) {
			tfCalls = append(tfCalls, filepath.Base(dir)+" "+strings.Join(args, " "))
			if filepath.Base(dir) == layers.BaseInfra && len(args) > 0 && args[0] == "destroy" {
				beforeDestroy = readState(t, filepath.Join(stateDir, "state", "base-infra.tfstate"))
			}
		},
	}
	vars := map[string]string{"PLATFORM_BACKEND": "local", "PLATFORM_TF": bin, "TF_VAR_google_client_secret": "e2e-test-not-a-secret"}
	var stdout, stderr strings.Builder
	env := &Env{
		Stdin:    strings.NewReader(""),
		Stdout:   &stdout,
		Stderr:   &stderr,
		Getenv:   func(k string) string { return vars[k] },
		RepoRoot: repo,
		Now:      time.Now,
		AWS:      func(context.Context) (aws.Config, error) { return aws.Config{Region: "us-east-1"}, nil },
		clients: clients{
			parentDNS: []string{parent.Addr},
			ecs:       func(aws.Config) awsapi.ECS { return fakes },
			acm:       func(aws.Config) awsapi.ACM { return fakes },
			terraform: tf,
			tfBinary:  bin,
		},
	}
	env.ConfigPath = filepath.Join(repo, "platform.example.tfvars") // named, as --config would (Env.refuseExample)
	run := func(args ...string) int {
		stdout.Reset()
		stderr.Reset()
		env.cfg = nil
		start := time.Now()
		code := runEnv(context.Background(), env, args)
		t.Logf("platformctl %s: exit %d in %s", strings.Join(args, " "), code, time.Since(start).Round(time.Second))
		return code
	}

	// 1. First `up`: bootstrap, base-infra phase 1, then the registrar stop
	// (the loopback parent zone knows nothing of the domain yet).
	if code := run("up"); code != ExitRegistrar {
		t.Fatalf("first up: exit %d, want %d (registrar stop); stderr:\n%s", code, ExitRegistrar, stderr.String())
	}
	log := stderr.String()
	assertInOrder(t, log, "==> [1/5] bootstrap", "==> [2/5] base-infra phase 1", "==> [3/5] registrar check", "Custom DNS", "stopped at the registrar step")
	// bootstrap -> backend settings.
	bucket := stateOutput(t, filepath.Join(stateDir, "state", "bootstrap.tfstate"), layers.OutputStateBucket)
	backend, err := os.ReadFile(filepath.Join(stateDir, "backend.hcl"))
	if err != nil || bucket == nil || !strings.Contains(string(backend), "bucket       = "+string(bucket)) {
		t.Fatalf("backend.hcl does not hold the bootstrap bucket %s:\n%s (%v)", bucket, backend, err)
	}
	// base-infra phase 1 -> name servers, printed for the registrar.
	var nameServers []string
	if err := json.Unmarshal(stateOutput(t, filepath.Join(stateDir, "state", "base-infra.tfstate"), layers.OutputNameServers), &nameServers); err != nil || len(nameServers) == 0 {
		t.Fatalf("base-infra state has no name servers after phase 1: %v", err)
	}
	for _, ns := range nameServers {
		if !strings.Contains(log, ns) {
			t.Errorf("the registrar step does not print name server %s", ns)
		}
	}
	if n := countResources(t, filepath.Join(stateDir, "state", "base-infra.tfstate")); n > 1+1+2 {
		t.Errorf("phase 1 applied %d resources, want only the zone, the certificate and its validation records", n)
	}
	if _, err := os.Stat(filepath.Join(stateDir, "state", "monitoring.tfstate")); err == nil {
		t.Errorf("monitoring was applied before the registrar step")
	}

	// 2. The registrar change reaches the parent zone: `up` resumes.
	parent.Delegate("hari328.net", nameServers...)
	if code := run("up"); code != ExitOK {
		t.Fatalf("second up: exit %d, want 0; stderr:\n%s", code, stderr.String())
	}
	log = stderr.String()
	assertInOrder(t, log, "==> [1/4] base-infra phase 1", "delegates hari328.net to them", "==> [3/4] base-infra phase 2", "==> [4/4] monitoring")
	if strings.Contains(log, "==> [1/4] bootstrap") {
		t.Errorf("the resumed up ran bootstrap again")
	}
	if countResources(t, filepath.Join(stateDir, "state", "monitoring.tfstate")) == 0 {
		t.Errorf("monitoring state is empty after up")
	}
	assertContractFlowed(t, filepath.Join(stateDir, "state", "base-infra.tfstate"), filepath.Join(stateDir, "state", "monitoring.tfstate"), "hari328.net")

	// 3. `dns` agrees (certificate status from the fake ACM).
	if arn := stateOutput(t, filepath.Join(stateDir, "state", "base-infra.tfstate"), layers.OutputCertificateARN); arn != nil {
		var s string
		_ = json.Unmarshal(arn, &s)
		fakes.certs[s] = acmtypes.CertificateStatusIssued
	}
	if code := run("dns"); code != ExitOK || !strings.Contains(stdout.String(), "delegated") {
		t.Errorf("dns: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}

	// 4. `down --yes`: monitoring, then base-infra; bootstrap kept.
	tfCalls = nil // only what down runs
	if code := run("down", "--yes"); code != ExitOK {
		t.Fatalf("down: exit %d; stderr:\n%s", code, stderr.String())
	}
	assertInOrder(t, stderr.String(), "==> [1/4] check that no tenant service", "==> [2/4] monitoring: destroy", "==> [3/4] base-infra: switch off deletion protection", "==> [4/4] base-infra: destroy")
	for _, l := range []string{"monitoring", "base-infra"} {
		if n := countResources(t, filepath.Join(stateDir, "state", l+".tfstate")); n != 0 {
			t.Errorf("%s still has %d resources after down", l, n)
		}
	}
	assertUnprotectedBeforeDestroy(t, tfCalls, beforeDestroy)
	if countResources(t, filepath.Join(stateDir, "state", "bootstrap.tfstate")) == 0 {
		t.Errorf("down destroyed the state bucket (bootstrap)")
	}
}

// recordingRunner runs Terraform through Runner, calling before first.
type recordingRunner struct {
	tfrun.Runner
	before func(dir string, args []string)
}

func (r recordingRunner) Run(ctx context.Context, dir string, args []string, stdout, stderr io.Writer) error {
	r.before(dir, args)
	return r.Runner.Run(ctx, dir, args, stdout, stderr)
}

// assertUnprotectedBeforeDestroy checks that `down` switched off every
// deletion protection of base-infra (the ALB's and the Cognito user pool's)
// with a targeted apply, passed the same switch to the destroy, and that the
// state held the unprotected values when the destroy started: AWS refuses to
// delete the pool while its deletion_protection is ACTIVE.
func assertUnprotectedBeforeDestroy(t *testing.T, calls []string, before tfstate) {
	t.Helper()
	var unprotect, destroy string
	for _, c := range calls {
		switch {
		case strings.HasPrefix(c, "base-infra apply ") && strings.Contains(c, "-target="):
			unprotect = c
		case strings.HasPrefix(c, "base-infra destroy "):
			destroy = c
		}
	}
	for _, tt := range []struct{ name, call, want string }{
		{"the targeted unprotect apply", unprotect, "-var cognito_deletion_protection=false"},
		{"the targeted unprotect apply", unprotect, "-target=aws_cognito_user_pool.this"},
		{"the targeted unprotect apply", unprotect, "-var alb_deletion_protection=false"},
		{"the targeted unprotect apply", unprotect, "-target=aws_lb.this"},
		{"the destroy", destroy, "-var cognito_deletion_protection=false"},
		{"the destroy", destroy, "-var alb_deletion_protection=false"},
	} {
		if !strings.Contains(tt.call, tt.want) {
			t.Errorf("down: %s does not pass %s: %q", tt.name, tt.want, tt.call)
		}
	}
	if got := stateAttribute(t, before, "", "aws_cognito_user_pool", "this", "deletion_protection"); got != "INACTIVE" {
		t.Errorf("the user pool's deletion_protection was %q when the base-infra destroy started, want INACTIVE (AWS refuses to delete a protected pool)", got)
	}
}

// copyForE2E copies what the layers need: terraform/, the example config
// and the Lambda zip (a stand-in zip when `make lambda` has not run: the
// offline provider never runs it).
func copyForE2E(t *testing.T, src, dst string) {
	t.Helper()
	if err := syncTree(filepath.Join(src, "terraform"), filepath.Join(dst, "terraform")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(src, "platform.example.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dst, "platform.example.tfvars"), string(b))
	zipPath := filepath.Join(dst, "build", "presignup.zip")
	if err := os.MkdirAll(filepath.Dir(zipPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(src, "build", "presignup.zip")); err == nil {
		writeFile(t, zipPath, string(b))
		return
	}
	f, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("bootstrap")
	_, _ = w.Write([]byte("stand-in for the end-to-end test"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// assertContractFlowed checks that Layer 2 (monitoring) read the values
// Layer 1 (base-infra) created through SSM, not placeholders: the contract
// parameters monitoring's module.platform read equal base-infra's resources.
func assertContractFlowed(t *testing.T, baseState, monState, domain string) {
	t.Helper()
	base, mon := readState(t, baseState), readState(t, monState)
	read := map[string]string{} // parameter name -> value monitoring read
	for _, r := range mon.Resources {
		if r.Mode != "data" || r.Type != "aws_ssm_parameter" || r.Module != "module.platform" {
			continue
		}
		for _, raw := range r.Instances {
			var i struct {
				Attributes struct {
					Name          string `json:"name"`
					InsecureValue string `json:"insecure_value"`
				} `json:"attributes"`
			}
			if err := json.Unmarshal(raw, &i); err != nil {
				t.Fatalf("decode %s: %v", monState, err)
			}
			read[i.Attributes.Name] = i.Attributes.InsecureValue
		}
	}
	want := map[string]string{
		"/infra/zone-name":          domain,
		"/infra/cluster-arn":        stateAttribute(t, base, "", "aws_ecs_cluster", "this", "arn"),
		"/infra/zone-id":            stateAttribute(t, base, "", "aws_route53_zone", "this", "zone_id"),
		"/infra/efs-id":             stateAttribute(t, base, "", "aws_efs_file_system", "this", "id"),
		"/infra/vpc-id":             stateAttribute(t, base, "", "aws_vpc", "this", "id"),
		"/infra/alb-listener-arn":   stateAttribute(t, base, "", "aws_lb_listener", "https", "arn"),
		"/infra/sso/user-pool-id":   stateAttribute(t, base, "", "aws_cognito_user_pool", "this", "id"),
		"/infra/private-subnet-ids": strings.Join(stateAttributes(t, base, "", "aws_subnet", "private", "id"), ","),
	}
	for name, w := range want {
		got, ok := read[name]
		switch {
		case !ok:
			t.Errorf("monitoring did not read %s from SSM", name)
		case w == "" || got != w:
			t.Errorf("monitoring read %s = %q from SSM, want %q (what base-infra created): the contract did not flow from Layer 1 to Layer 2", name, got, w)
		}
	}
	if !strings.HasPrefix(read["/infra/vpc-id"], "vpc-") || !strings.HasPrefix(read["/infra/efs-id"], "fs-") {
		t.Errorf("the contract holds ids without their AWS prefixes (vpc-id %q, efs-id %q)", read["/infra/vpc-id"], read["/infra/efs-id"])
	}
}

// stateAttribute is one string attribute of a resource with one instance.
func stateAttribute(t *testing.T, s tfstate, module, typ, name, attr string) string {
	t.Helper()
	v := stateAttributes(t, s, module, typ, name, attr)
	if len(v) != 1 {
		t.Errorf("state has %d instances of %s.%s, want 1", len(v), typ, name)
		return ""
	}
	return v[0]
}

// stateAttributes is a string attribute of every instance of a managed
// resource, in the state's order (count index order).
func stateAttributes(t *testing.T, s tfstate, module, typ, name, attr string) []string {
	t.Helper()
	var out []string
	for _, r := range s.Resources {
		if r.Mode != "managed" || r.Module != module || r.Type != typ || r.Name != name {
			continue
		}
		for _, raw := range r.Instances {
			var i struct {
				Attributes map[string]any `json:"attributes"`
			}
			if err := json.Unmarshal(raw, &i); err != nil {
				t.Fatal(err)
			}
			v, _ := i.Attributes[attr].(string)
			out = append(out, v)
		}
	}
	return out
}

type tfstate struct {
	Outputs map[string]struct {
		Value json.RawMessage `json:"value"`
	} `json:"outputs"`
	Resources []struct {
		Module    string            `json:"module"`
		Mode      string            `json:"mode"`
		Type      string            `json:"type"`
		Name      string            `json:"name"`
		Instances []json.RawMessage `json:"instances"`
	} `json:"resources"`
}

func readState(t *testing.T, path string) tfstate {
	t.Helper()
	var s tfstate
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return s
		}
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return s
}

// stateOutput is an output's JSON value in a state file, nil when absent.
func stateOutput(t *testing.T, path, name string) json.RawMessage {
	t.Helper()
	o, ok := readState(t, path).Outputs[name]
	if !ok {
		return nil
	}
	return o.Value
}

// countResources counts managed resource instances in a state file.
func countResources(t *testing.T, path string) int {
	t.Helper()
	n := 0
	for _, r := range readState(t, path).Resources {
		if r.Mode == "managed" {
			n += len(r.Instances)
		}
	}
	return n
}

func assertInOrder(t *testing.T, text string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(text[at:], p)
		if i < 0 {
			t.Errorf("output does not contain %q after position %d:\n%s", p, at, tail(text, 4000))
			return
		}
		at += i + len(p)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
