// Package contract names the SSM parameters Layer 1 (terraform/base-infra) writes and
// Layer 2 reads (terraform/modules/platform, platformctl, the pre-sign-up Lambda). The names
// and their meaning are documented in docs/contract.md; Check proves that the Terraform writer,
// the Terraform reader and these constants agree.
package contract

// The seed's seven parameters (docs/contract.md).
const (
	VPCID            = "/infra/vpc-id"
	ClusterARN       = "/infra/cluster-arn"
	ALBARN           = "/infra/alb-arn"
	ALBListenerARN   = "/infra/alb-listener-arn"
	PrivateSubnetIDs = "/infra/private-subnet-ids" // StringList
	PublicSubnetIDs  = "/infra/public-subnet-ids"  // StringList
	EFSID            = "/infra/efs-id"
)

// What Layer 2 needs besides (docs/decisions/0011-ssm-layer-contract.md).
const (
	ClusterName                = "/infra/cluster-name"
	CapacityProviderName       = "/infra/capacity-provider-name"
	ALBDNSName                 = "/infra/alb-dns-name"
	ALBZoneID                  = "/infra/alb-zone-id"
	ALBSecurityGroupID         = "/infra/alb-security-group-id"
	InstanceSecurityGroupID    = "/infra/instance-security-group-id"
	ZoneID                     = "/infra/zone-id"
	ZoneName                   = "/infra/zone-name"
	CertificateARN             = "/infra/certificate-arn"
	EFSARN                     = "/infra/efs-arn"
	ServiceConnectNamespaceARN = "/infra/service-connect-namespace-arn"
)

// SSO (docs/sso.md).
const (
	UserPoolID     = "/infra/sso/user-pool-id"
	UserPoolARN    = "/infra/sso/user-pool-arn"
	UserPoolDomain = "/infra/sso/domain"
	SSOBaseURL     = "/infra/sso/base-url"
	// AppClientID is the shared public app client tenant apps sign users in with.
	AppClientID = "/infra/sso/app-client-id"
	// AllowedEmails is a StringList whose value belongs to `platformctl friends`: Terraform
	// only creates it.
	AllowedEmails = "/infra/sso/allowed-emails"
)

// Prefix is the path every contract parameter lives under.
const Prefix = "/infra/"

// Names returns every contract parameter name, in the order of docs/contract.md.
func Names() []string {
	return []string{
		VPCID, ClusterARN, ALBARN, ALBListenerARN, PrivateSubnetIDs, PublicSubnetIDs, EFSID,
		ClusterName, CapacityProviderName, ALBDNSName, ALBZoneID, ALBSecurityGroupID,
		InstanceSecurityGroupID, ZoneID, ZoneName, CertificateARN, EFSARN,
		ServiceConnectNamespaceARN,
		UserPoolID, UserPoolARN, UserPoolDomain, SSOBaseURL, AppClientID, AllowedEmails,
	}
}

// SeedNames returns the seven parameters the user's architecture names.
func SeedNames() []string {
	return []string{VPCID, ClusterARN, ALBARN, ALBListenerARN, PrivateSubnetIDs, PublicSubnetIDs, EFSID}
}

// IsStringList reports whether the parameter is stored as a StringList (comma-separated).
func IsStringList(name string) bool {
	switch name {
	case PrivateSubnetIDs, PublicSubnetIDs, AllowedEmails:
		return true
	}
	return false
}
