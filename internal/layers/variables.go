package layers

import (
	"slices"

	"github.com/agext/levenshtein"
)

// Variables lists, per layer, every variable its root module declares
// (terraform/<layer>/*.tf). The shared configuration file is passed with
// -var-file to every layer, so a key of that file is valid when at least one
// layer declares it; Terraform itself only warns about the others and goes on
// with the default, which is how `nat_mod = "none"` once deployed a NAT
// gateway. variables_test.go parses the layers and fails when this list and
// the .tf files differ in either direction.
var Variables = map[string][]string{
	Bootstrap: {"region", "name_prefix"},
	BaseInfra: {
		"region", "name_prefix", "domain", "owner_email", "nat_mode", "instance_type",
		"asg_min_size", "asg_max_size", "asg_desired_capacity", "alb_deletion_protection",
		"wait_for_certificate", "google_client_id", "google_client_secret",
		"cognito_domain_prefix", "cognito_custom_domain", "sso_app_callback_urls",
		"presignup_lambda_zip", "sso_log_retention_days", "cognito_deletion_protection",
		"host_capacity",
	},
	Monitoring: {"region", "name_prefix", "domain", "owner_email", "monitoring_retention_days", "docker_hub_pull_through_secret_arn"},
}

// SharedVariables returns every variable at least one layer declares, sorted.
func SharedVariables() []string {
	var out []string
	for _, l := range All {
		for _, v := range Variables[l.Name] {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

// DeclaredBy returns the layers, in dependency order, that declare variable name.
func DeclaredBy(name string) []string {
	var out []string
	for _, l := range All {
		if slices.Contains(Variables[l.Name], name) {
			out = append(out, l.Name)
		}
	}
	return out
}

// SuggestVariable returns the declared variable closest to name, or "" when
// none is close, with the threshold of HCL's own "Did you mean" hints
// (Levenshtein distance below 3, hcl/v2 didyoumean.go, computed with the same
// library, github.com/agext/levenshtein).
func SuggestVariable(name string) string {
	best, bestDist := "", 3
	for _, v := range SharedVariables() {
		if d := levenshtein.Distance(name, v, nil); d < bestDist {
			best, bestDist = v, d
		}
	}
	return best
}

// PlatformHosts are the host names (labels under the platform domain) the
// layers serve on the ALB themselves; an app must not take one
// (terraform/monitoring: module "grafana" and module "prometheus", host = ...).
// variables_test.go checks them against the monitoring layer. The Cognito
// custom domain's label (cognito_custom_domain, e.g. auth.<domain>) is
// reserved as well when the configuration sets it; ReservedAuthHost is the
// label docs/sso.md recommends for it.
var PlatformHosts = []string{"grafana", "prometheus"}

// ReservedAuthHost is the label the docs use for the Cognito custom domain
// (auth.<domain>); apps may not take it even while the free prefix domain is
// in use, so switching to the custom domain later never collides with an app.
const ReservedAuthHost = "auth"

// PlatformServices are names an app may not take: the ECS services the
// monitoring layer runs in the shared cluster (ECS service names are unique
// per cluster; variables_test.go reads them from terraform/monitoring) and
// the monitoring components themselves, whose names appear in the platform's
// hosts, logs and dashboards.
var PlatformServices = []string{"monitoring", "otel-collector", "grafana", "prometheus", "loki", "tempo"}
