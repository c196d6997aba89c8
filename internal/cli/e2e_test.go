package cli

import (
	"archive/zip"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// TestEndToEnd drives `platformctl up` and `down --yes` through every layer
// with the real terraform/tofu binary, local state (PLATFORM_BACKEND=local),
// the offline AWS provider, and DNS answered by a server on loopback. AWS API
// calls made by platformctl itself (ECS, ACM) go to fakes.
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

	parent := startParent(t)
	fakes := &fakeAWS{services: map[string][]string{}, certs: map[string]acmtypes.CertificateStatus{}}
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
			ecs:       func(aws.Config) ecsAPI { return fakes },
			acm:       func(aws.Config) acmAPI { return fakes },
		},
	}
	run := func(args ...string) int {
		stdout.Reset()
		stderr.Reset()
		env.cfg = nil
		start := time.Now()
		code := runEnv(context.Background(), env, args)
		t.Logf("platformctl %s: exit %d in %s", strings.Join(args, " "), code, time.Since(start).Round(time.Second))
		return code
	}
	stateDir := filepath.Join(repo, StateDirName)

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
	if code := run("down", "--yes"); code != ExitOK {
		t.Fatalf("down: exit %d; stderr:\n%s", code, stderr.String())
	}
	assertInOrder(t, stderr.String(), "==> [1/4] check that no tenant service", "==> [2/4] monitoring: destroy", "==> [3/4] base-infra: switch off deletion protection", "==> [4/4] base-infra: destroy")
	for _, l := range []string{"monitoring", "base-infra"} {
		if n := countResources(t, filepath.Join(stateDir, "state", l+".tfstate")); n != 0 {
			t.Errorf("%s still has %d resources after down", l, n)
		}
	}
	if countResources(t, filepath.Join(stateDir, "state", "bootstrap.tfstate")) == 0 {
		t.Errorf("down destroyed the state bucket (bootstrap)")
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
	adaptForOfflineProvider(t, dst)
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

// adaptForOfflineProvider works around what the offline stand-in provider
// cannot do, in the test's copy only (the repository is not touched). The
// stand-in invents every computed value: ids are not AWS-shaped, data
// sources (SSM) return made-up strings rather than what another state
// wrote, and ACM's domain_validation_options come back as one option with a
// made-up domain name. Each adaptation applies only while the code it
// adapts is still there; if the code changes, the apply shows what to adapt.
func adaptForOfflineProvider(t *testing.T, dst string) {
	t.Helper()
	tf := filepath.Join(dst, "terraform")
	// base-infra/dns.tf picks each name's validation option by domain name;
	// the stand-in's one option never matches, so take it for every name.
	if fileContains(t, filepath.Join(tf, "base-infra", "dns.tf"), "certificate_validation_options", "certificate_validation_names") {
		writeFile(t, filepath.Join(tf, "base-infra", "offline_provider_override.tf"), `locals {
  certificate_validation_options = {
    for name in local.certificate_validation_names : name => one(aws_acm_certificate.this.domain_validation_options)
  }
}
`)
	}
	// monitoring checks that /infra/zone-name (written by base-infra: the
	// domain) equals var.domain; the stand-in's SSM read returns a made-up name.
	const platformLocal = "platform = merge(module.platform.contract, { name_prefix = var.name_prefix })"
	if fileContains(t, filepath.Join(tf, "monitoring", "main.tf"), platformLocal) {
		writeFile(t, filepath.Join(tf, "monitoring", "offline_provider_override.tf"), `locals {
  platform = merge(module.platform.contract, { name_prefix = var.name_prefix, zone_name = var.domain })
}
`)
	}
	// ecs-service validates that EFS access point ids look like fsap-<hex>;
	// the stand-in's ids do not (validations cannot be overridden: edit the copy).
	replaceInFile(t, filepath.Join(tf, "modules", "ecs-service", "variables.tf"), `can(regex("^fsap-[0-9a-f]+$", v.access_point_id))`, `true`)
}

func fileContains(t *testing.T, p string, parts ...string) bool {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	for _, s := range parts {
		if !strings.Contains(string(b), s) {
			return false
		}
	}
	return true
}

func replaceInFile(t *testing.T, p, old, new string) {
	t.Helper()
	if fileContains(t, p, old) {
		b, _ := os.ReadFile(p)
		writeFile(t, p, strings.Replace(string(b), old, new, 1))
	}
}

type tfstate struct {
	Outputs map[string]struct {
		Value json.RawMessage `json:"value"`
	} `json:"outputs"`
	Resources []struct {
		Mode      string            `json:"mode"`
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
