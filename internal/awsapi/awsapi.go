// Package awsapi holds the one narrow interface per AWS service that platformctl
// calls, defined once for every consumer (internal/cli, internal/status,
// internal/verify, internal/friends). Each interface lists the union of the
// calls its consumers make, nothing more: the SDK v2 clients satisfy them, and
// tests use hand-written fakes (the AWS SDK v2 unit-testing guide). The list
// calls are read with the SDK's paginators, which accept these interfaces.
package awsapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	cognito "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// STS: who the credentials belong to (doctor).
type STS interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// S3: the state bucket (doctor, status) and the layers' state objects (status, dns).
type S3 interface {
	HeadBucket(ctx context.Context, in *s3.HeadBucketInput, optFns ...func(*s3.Options)) (*s3.HeadBucketOutput, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// SSM: the /infra/* contract parameters (status, verify) and the allowlist (friends).
type SSM interface {
	GetParameters(ctx context.Context, in *ssm.GetParametersInput, optFns ...func(*ssm.Options)) (*ssm.GetParametersOutput, error)
	GetParameter(ctx context.Context, in *ssm.GetParameterInput, optFns ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	PutParameter(ctx context.Context, in *ssm.PutParameterInput, optFns ...func(*ssm.Options)) (*ssm.PutParameterOutput, error)
}

// ECS: the cluster's services (status, verify, down).
type ECS interface {
	ListServices(ctx context.Context, in *ecs.ListServicesInput, optFns ...func(*ecs.Options)) (*ecs.ListServicesOutput, error)
	DescribeServices(ctx context.Context, in *ecs.DescribeServicesInput, optFns ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
}

// ELB: the HTTPS listener's rules and the target groups' health (status, verify).
type ELB interface {
	DescribeRules(ctx context.Context, in *elb.DescribeRulesInput, optFns ...func(*elb.Options)) (*elb.DescribeRulesOutput, error)
	DescribeTargetHealth(ctx context.Context, in *elb.DescribeTargetHealthInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error)
}

// ACM: the platform's certificate (status, dns).
type ACM interface {
	DescribeCertificate(ctx context.Context, in *acm.DescribeCertificateInput, optFns ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
}

// EC2: the ECS hosts and their Spot requests (status), the NAT instance (doctor).
type EC2 interface {
	DescribeInstances(ctx context.Context, in *ec2.DescribeInstancesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error)
	DescribeSpotInstanceRequests(ctx context.Context, in *ec2.DescribeSpotInstanceRequestsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSpotInstanceRequestsOutput, error)
}

// IAM: the service-linked roles (doctor).
type IAM interface {
	GetRole(ctx context.Context, in *iam.GetRoleInput, optFns ...func(*iam.Options)) (*iam.GetRoleOutput, error)
}

// Route53: the hosted zone's own name servers (status, verify; dns reads them from
// base-infra's stored state instead).
type Route53 interface {
	GetHostedZone(ctx context.Context, in *route53.GetHostedZoneInput, optFns ...func(*route53.Options)) (*route53.GetHostedZoneOutput, error)
}

// Cognito: the user pool's users (friends).
type Cognito interface {
	ListUsers(ctx context.Context, in *cognito.ListUsersInput, optFns ...func(*cognito.Options)) (*cognito.ListUsersOutput, error)
	AdminDisableUser(ctx context.Context, in *cognito.AdminDisableUserInput, optFns ...func(*cognito.Options)) (*cognito.AdminDisableUserOutput, error)
}

// Clients are one client per service. A consumer reads only the fields it
// needs; a nil field is a service the caller chose not to reach (status skips
// the host rows without EC2).
type Clients struct {
	STS     STS
	S3      S3
	SSM     SSM
	ECS     ECS
	ELB     ELB
	ACM     ACM
	EC2     EC2
	IAM     IAM
	Route53 Route53
	Cognito Cognito
}

// New returns the SDK v2 clients for cfg. Building a client makes no call.
func New(cfg aws.Config) Clients {
	return Clients{
		STS:     sts.NewFromConfig(cfg),
		S3:      s3.NewFromConfig(cfg),
		SSM:     ssm.NewFromConfig(cfg),
		ECS:     ecs.NewFromConfig(cfg),
		ELB:     elb.NewFromConfig(cfg),
		ACM:     acm.NewFromConfig(cfg),
		EC2:     ec2.NewFromConfig(cfg),
		IAM:     iam.NewFromConfig(cfg),
		Route53: route53.NewFromConfig(cfg),
		Cognito: cognito.NewFromConfig(cfg),
	}
}
