package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/hari328/platform/internal/dnscheck"
)

var route53NS = []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"}

// expand replaces {repo} in want lines.
func expand(repo string, lines ...string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.ReplaceAll(l, "{repo}", repo)
	}
	return out
}

func assertCalls(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("terraform calls:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

const (
	initBaseInfra  = "base-infra init -input=false -backend-config=bucket=platform-tfstate-123456789012 -backend-config=key=base-infra/terraform.tfstate -backend-config=region=us-east-1 -backend-config=use_lockfile=true -backend-config=encrypt=true -no-color"
	initMonitoring = "monitoring init -input=false -backend-config=bucket=platform-tfstate-123456789012 -backend-config=key=monitoring/terraform.tfstate -backend-config=region=us-east-1 -backend-config=use_lockfile=true -backend-config=encrypt=true -no-color"
	phase1         = "base-infra apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -target=aws_route53_zone.this -target=aws_acm_certificate.this -target=aws_route53_record.certificate_validation -no-color"
	phase2         = "base-infra apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -var wait_for_certificate=true -no-color"
)

func startParent(t *testing.T) *dnscheck.FakeParent {
	t.Helper()
	p, err := dnscheck.StartFakeParent()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestUpStopsAtTheRegistrarStepAndResumes(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withStateBucket(te, nil, nil)
	parent := startParent(t)
	te.env.clients.parentDNS = []string{parent.Addr}
	te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
	parent.Delegate("hari328.net", "dns1.registrar-servers.com", "dns2.registrar-servers.com")

	// First run: bootstrap, phase 1, then the stop.
	if code := te.run("up"); code != ExitRegistrar {
		t.Fatalf("exit code = %d, want %d (registrar stop); stderr:\n%s", code, ExitRegistrar, te.stderr)
	}
	// bootstrap's first run: local state, moved into the new bucket (bootstrap_test.go).
	assertCalls(t, te.tf.Calls(), expand(te.repo,
		bootstrapInitLocal,
		bootstrapApply,
		bootstrapOutput,
		bootstrapMigrate,
		initBaseInfra,
		phase1,
		"base-infra output -json -no-color",
	))
	stderr := te.stderr.String()
	for _, want := range append(slices.Clone(route53NS), "Custom DNS", "Namecheap", "re-run 'platformctl up'", "not delegated") {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not mention %q:\n%s", want, stderr)
		}
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "platformctl: stopped at the registrar step") {
		t.Errorf("last line = %q, want the one-line stop message", last)
	}
	backend, ok, err := mustWorkspace(t, te).readBackend()
	if err != nil || !ok || backend.Bucket != "platform-tfstate-123456789012" || backend.Region != "us-east-1" {
		t.Fatalf("backend settings = %+v, %v, %v; want the bootstrap outputs", backend, ok, err)
	}

	// The registrar change reaches the parent: up picks up where it stopped.
	parent.Delegate("hari328.net", route53NS...)
	te.tf.calls = nil
	if code := te.run("up"); code != ExitOK {
		t.Fatalf("exit code = %d, want 0; stderr:\n%s", code, te.stderr)
	}
	assertCalls(t, te.tf.Calls(), expand(te.repo,
		initBaseInfra,
		phase1,
		"base-infra output -json -no-color",
		phase2,
		initMonitoring,
		"monitoring apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -no-color",
	))
	if !strings.Contains(te.stderr.String(), "[4/4]") || !strings.Contains(te.stderr.String(), "done in") {
		t.Errorf("steps are not announced and timed:\n%s", te.stderr)
	}
}

func TestUpPartlyDelegatedStops(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withStateBucket(te, nil, nil)
	parent := startParent(t)
	te.env.clients.parentDNS = []string{parent.Addr}
	te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
	parent.Delegate("hari328.net", route53NS[:2]...)
	if code := te.run("up", "base-infra"); code != ExitRegistrar {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, ExitRegistrar, te.stderr)
	}
	if !strings.Contains(te.stderr.String(), "partly delegated") {
		t.Errorf("stderr should say partly delegated:\n%s", te.stderr)
	}
	for _, c := range te.tf.Calls() {
		if strings.Contains(c, "wait_for_certificate=true") {
			t.Fatalf("phase 2 ran before delegation: %s", c)
		}
	}
}

func TestUpLayerOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		bootstrapped bool
		args         []string
		want         []string // layers of apply calls, in order
	}{
		{"everything", false, nil, []string{"bootstrap", "base-infra", "base-infra", "monitoring"}},
		{"subset keeps dependency order", true, []string{"monitoring", "base-infra"}, []string{"base-infra", "base-infra", "monitoring"}},
		{"bootstrap first when the bucket does not exist", false, []string{"monitoring"}, []string{"bootstrap", "monitoring"}},
		{"bootstrap alone", false, []string{"bootstrap"}, []string{"bootstrap"}},
		{"bootstrap again when asked", true, []string{"bootstrap", "monitoring"}, []string{"bootstrap", "monitoring"}},
		{"no bootstrap when the bucket exists", true, []string{"monitoring"}, []string{"monitoring"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			parent := startParent(t)
			parent.Delegate("hari328.net", route53NS...)
			te.env.clients.parentDNS = []string{parent.Addr}
			te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
			withStateBucket(te, map[string]bool{"platform-tfstate-123456789012": tt.bootstrapped}, nil)
			te.tf.state["bootstrap"] = []string{"aws_s3_bucket.state"}
			if tt.bootstrapped {
				writeBackendForTest(t, te)
			}
			if code := te.run(append([]string{"up"}, tt.args...)...); code != ExitOK {
				t.Fatalf("exit code = %d; stderr:\n%s", code, te.stderr)
			}
			var got []string
			for _, c := range te.tf.Calls() {
				if f := strings.Fields(c); f[1] == "apply" {
					got = append(got, f[0])
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("apply order = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPlanArgvPerLayer(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	if code := te.run("plan"); code != ExitOK {
		t.Fatalf("exit code = %d; stderr:\n%s", code, te.stderr)
	}
	assertCalls(t, te.tf.Calls(), expand(te.repo,
		"bootstrap init "+bootstrapS3Config,
		"bootstrap plan -input=false -compact-warnings -var-file={repo}/platform.example.tfvars -no-color",
		initBaseInfra,
		"base-infra plan -input=false -compact-warnings -var-file={repo}/platform.example.tfvars -var wait_for_certificate=true -no-color",
		initMonitoring,
		"monitoring plan -input=false -compact-warnings -var-file={repo}/platform.example.tfvars -no-color",
	))
}

func TestPlanWithoutBootstrapSaysSo(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("plan", "monitoring"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	if !strings.Contains(te.stderr.String(), "run 'platformctl bootstrap'") {
		t.Errorf("stderr = %s", te.stderr)
	}
	if len(te.tf.Calls()) != 0 {
		t.Errorf("terraform ran: %v", te.tf.Calls())
	}
}

func TestFailurePrintsTheCommandToInvestigate(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	te.tf.failOn = "monitoring apply"
	if code := te.run("up", "monitoring"); code != ExitFailed {
		t.Fatalf("exit code = %d, want 1", code)
	}
	want := "investigate with: cd " + te.repo + "/terraform/monitoring && terraform apply -input=false -compact-warnings -auto-approve -var-file=" + te.repo + "/platform.example.tfvars -no-color"
	if !strings.Contains(te.stderr.String(), want) {
		t.Fatalf("stderr does not contain %q:\n%s", want, te.stderr)
	}
}

func mustWorkspace(t *testing.T, te *testEnv) workspace {
	t.Helper()
	ws, err := newWorkspace(te.env)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func writeBackendForTest(t *testing.T, te *testEnv) {
	t.Helper()
	ws := mustWorkspace(t, te)
	if err := ws.prepare(); err != nil {
		t.Fatal(err)
	}
	if err := ws.writeBackend(tfrunBackend()); err != nil {
		t.Fatal(err)
	}
}
