package layers

// What platformctl needs to know about the inside of the layers: resource
// addresses it targets and output names it reads. Kept here, in one place;
// addresses_test.go parses the Terraform files and fails when one disappears.

// CertificatePhaseTargets is phase 1 of base-infra (docs/decisions/0017-certificate-two-phases.md): the
// zone, the certificate request and its validation records, applied with
// -target before the registrar step (terraform/base-infra/dns.tf).
var CertificatePhaseTargets = []string{
	"aws_route53_zone.this",
	"aws_acm_certificate.this",
	"aws_route53_record.certificate_validation",
}

// WaitForCertificateVar switches on the certificate validation wait in
// base-infra; `up` sets it to true once the domain is delegated.
const WaitForCertificateVar = "wait_for_certificate"

// DeletionProtection lists, per layer, the variables that protect resources
// from deletion and the resources they protect: `down` first applies these
// targets with the variables set to false, then destroys the layer.
var DeletionProtection = map[string]Protection{
	BaseInfra: {
		Vars:    []string{"alb_deletion_protection", "cognito_deletion_protection"},
		Targets: []string{"aws_lb.this", "aws_cognito_user_pool.this"},
	},
}

// Protection is the deletion protection of one layer.
type Protection struct {
	Vars    []string
	Targets []string
}

// Outputs read by platformctl.
const (
	// base-infra
	OutputNameServers    = "name_servers"
	OutputCertificateARN = "certificate_arn"
	OutputClusterName    = "cluster_name"
	// monitoring: a map component -> ECS service name
	OutputMonitoringServices = "service_names"
	// bootstrap
	OutputStateBucket       = "bucket_name"
	OutputStateBucketRegion = "region"
)
