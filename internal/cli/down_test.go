package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	destroyMonitoring = "monitoring destroy -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -no-color"
	destroyBaseInfra  = "base-infra destroy -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -var alb_deletion_protection=false -var cognito_deletion_protection=false -no-color"
	// Every protection off, every protected resource in the state targeted.
	unprotectBaseInfra = "base-infra apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -var alb_deletion_protection=false -var cognito_deletion_protection=false -target=aws_lb.this -target=aws_cognito_user_pool.this -no-color"
)

func TestDownRefusedWithoutYes(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	for _, args := range [][]string{{"down"}, {"down", "monitoring"}} {
		if code := te.run(args...); code != ExitUsage {
			t.Fatalf("%v: exit code = %d, want %d", args, code, ExitUsage)
		}
		if msg := te.stderr.String(); !strings.Contains(msg, "--yes") || strings.Count(msg, "\n") != 1 {
			t.Errorf("%v: want one line naming --yes, got %q", args, msg)
		}
	}
	if calls := te.tf.Calls(); len(calls) != 0 {
		t.Errorf("terraform ran: %v", calls)
	}
	if calls := te.aws.Calls(); len(calls) != 0 {
		t.Errorf("AWS was called: %v", calls)
	}
}

const monitoringOutputs = `{"service_names":{"sensitive":false,"type":["object",{"grafana":"string","prometheus":"string"}],"value":{"grafana":"platform-grafana","prometheus":"platform-prometheus"}}}`

func TestDownReverseOrderAndDeletionProtection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		inState  []string
		services []string
		want     []string
	}{
		{
			name:     "both layers: tenant check first, then monitoring, then base-infra with the ALB unprotected",
			args:     []string{"down", "--yes"},
			inState:  []string{"aws_cognito_user_pool.this", "aws_lb.this", "aws_vpc.this"},
			services: []string{"platform-grafana", "platform-prometheus"},
			want: []string{
				initBaseInfra, "base-infra output -json -no-color", initMonitoring, "monitoring output -json -no-color",
				destroyMonitoring,
				"base-infra state list", unprotectBaseInfra, destroyBaseInfra,
			},
		},
		{
			// The ALB is created in phase 2, the pool too: a phase-2 apply that
			// failed half way can leave one without the other.
			name:    "only the user pool in the state: only the pool is unprotected",
			args:    []string{"down", "base-infra", "--yes"},
			inState: []string{"aws_cognito_user_pool.this", "aws_vpc.this"},
			want: []string{
				initBaseInfra, "base-infra output -json -no-color", initMonitoring, "monitoring output -json -no-color",
				"base-infra state list",
				"base-infra apply -input=false -compact-warnings -auto-approve -var-file={repo}/platform.example.tfvars -var alb_deletion_protection=false -var cognito_deletion_protection=false -target=aws_cognito_user_pool.this -no-color",
				destroyBaseInfra,
			},
		},
		{
			name:    "no ALB and no user pool in the state: no targeted apply (it would create them)",
			args:    []string{"down", "base-infra", "--yes"},
			inState: []string{"aws_vpc.this"},
			want: []string{
				initBaseInfra, "base-infra output -json -no-color", initMonitoring, "monitoring output -json -no-color",
				"base-infra state list", destroyBaseInfra,
			},
		},
		{
			name:     "monitoring alone: no tenant check",
			args:     []string{"down", "--yes", "monitoring"},
			services: []string{"api"},
			want:     []string{initMonitoring, destroyMonitoring},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			writeBackendForTest(t, te)
			te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
			te.tf.outputs["monitoring"] = monitoringOutputs
			te.tf.state["base-infra"] = tt.inState
			te.aws.services["platform"] = serviceARNs(tt.services...)
			if code := te.run(tt.args...); code != ExitOK {
				t.Fatalf("exit code = %d; stderr:\n%s", code, te.stderr)
			}
			assertCalls(t, te.tf.Calls(), expand(te.repo, tt.want...))
			for _, c := range te.tf.Calls() {
				if strings.HasPrefix(c, "bootstrap") {
					t.Fatalf("down touched bootstrap: %s", c)
				}
			}
		})
	}
}

func serviceARNs(names ...string) []string {
	var arns []string
	for _, n := range names {
		arns = append(arns, "arn:aws:ecs:us-east-1:123456789012:service/platform/"+n)
	}
	return arns
}

func TestDownRefusedWhileTenantsRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		services []string
		want     string
	}{
		{
			name:     "tenants are named; monitoring's own services are not tenants",
			args:     []string{"down", "--yes"},
			services: []string{"web", "platform-grafana", "api", "platform-prometheus", "worker"},
			want:     "refusing to destroy base-infra: 3 tenant service(s) still run on cluster platform: api, web, worker: destroy them first",
		},
		{
			name:     "base-infra alone while monitoring still runs",
			args:     []string{"down", "--yes", "base-infra"},
			services: []string{"platform-grafana", "platform-prometheus"},
			want:     "the monitoring layer still runs on cluster platform (platform-grafana, platform-prometheus): run 'platformctl down --yes'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			writeBackendForTest(t, te)
			te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
			te.tf.outputs["monitoring"] = monitoringOutputs
			te.tf.state["base-infra"] = []string{"aws_lb.this"}
			te.aws.services["platform"] = serviceARNs(tt.services...)
			if code := te.run(tt.args...); code != ExitFailed {
				t.Fatalf("exit code = %d, want 1; stderr:\n%s", code, te.stderr)
			}
			if msg := te.stderr.String(); !strings.Contains(msg, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, msg)
			}
			// Refused before anything was destroyed or unprotected.
			for _, c := range te.tf.Calls() {
				if f := strings.Fields(c); f[1] == "destroy" || f[1] == "apply" {
					t.Errorf("ran %q before refusing", c)
				}
			}
			if calls := te.aws.Calls(); len(tt.services) > 2 && len(calls) != 3 {
				t.Errorf("want three paginated ListServices calls, got %v", calls)
			}
		})
	}
}

func TestDownNeverDestroysBootstrap(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("down", "--yes", "bootstrap"); code != ExitUsage {
		t.Fatalf("exit code = %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(te.stderr.String(), "never destroys the bootstrap layer") {
		t.Errorf("stderr = %s", te.stderr)
	}
	if len(te.tf.Calls())+len(te.aws.Calls()) != 0 {
		t.Errorf("something ran: %v %v", te.tf.Calls(), te.aws.Calls())
	}
}

// The Cognito user pool is protected like the ALB (issue 10): without the
// switch-off the destroy removes the clients, the domain and the IdP, then
// stops at the pool and leaves base-infra half destroyed.
func TestDownSwitchesOffCognitoDeletionProtection(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
	te.tf.outputs["monitoring"] = monitoringOutputs
	te.tf.state["base-infra"] = []string{"aws_cognito_user_pool.this", "aws_lb.this"}
	if code := te.run("down", "--yes", "base-infra"); code != ExitOK {
		t.Fatalf("exit code = %d; stderr:\n%s", code, te.stderr)
	}
	var unprotect, destroy string
	for _, c := range te.tf.Calls() {
		switch f := strings.Fields(c); {
		case f[0] == "base-infra" && f[1] == "apply":
			unprotect = c
		case f[0] == "base-infra" && f[1] == "destroy":
			destroy = c
			if unprotect == "" {
				t.Fatalf("destroyed before switching deletion protection off: %v", te.tf.Calls())
			}
		}
	}
	for _, tt := range []struct{ call, name, want string }{
		{unprotect, "the targeted apply", "-var cognito_deletion_protection=false"},
		{unprotect, "the targeted apply", "-target=aws_cognito_user_pool.this"},
		{destroy, "the destroy", "-var cognito_deletion_protection=false"},
	} {
		if !strings.Contains(tt.call, tt.want) {
			t.Errorf("%s does not pass %s: %q", tt.name, tt.want, tt.call)
		}
	}
}

func TestDownNeedsTheLambdaZipToUnprotectTheUserPool(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	writeBackendForTest(t, te)
	te.tf.outputs["base-infra"] = nameServersOutput(route53NS, "platform")
	te.tf.outputs["monitoring"] = monitoringOutputs
	te.tf.state["base-infra"] = []string{"aws_cognito_user_pool.this"}
	if err := os.Remove(filepath.Join(te.repo, "build", "presignup.zip")); err != nil {
		t.Fatal(err)
	}
	if code := te.run("down", "--yes", "base-infra"); code != ExitUsage {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, ExitUsage, te.stderr)
	}
	if msg := te.stderr.String(); !strings.Contains(msg, "run 'make lambda'") {
		t.Errorf("stderr does not name the fix:\n%s", msg)
	}
	for _, c := range te.tf.Calls() {
		if f := strings.Fields(c); f[1] == "destroy" || f[1] == "apply" {
			t.Errorf("ran %q although the zip is missing", c)
		}
	}
}
