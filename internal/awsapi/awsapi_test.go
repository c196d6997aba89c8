package awsapi

import (
	"reflect"
	"testing"

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

// The SDK clients satisfy the interfaces, and the paginators accept them.
var (
	_ STS     = (*sts.Client)(nil)
	_ S3      = (*s3.Client)(nil)
	_ SSM     = (*ssm.Client)(nil)
	_ ECS     = (*ecs.Client)(nil)
	_ ELB     = (*elb.Client)(nil)
	_ ACM     = (*acm.Client)(nil)
	_ EC2     = (*ec2.Client)(nil)
	_ IAM     = (*iam.Client)(nil)
	_ Route53 = (*route53.Client)(nil)
	_ Cognito = (*cognito.Client)(nil)

	_ ecs.ListServicesAPIClient                 = ECS(nil)
	_ ec2.DescribeInstancesAPIClient            = EC2(nil)
	_ ec2.DescribeSpotInstanceRequestsAPIClient = EC2(nil)
	_ elb.DescribeRulesAPIClient                = ELB(nil)
	_ cognito.ListUsersAPIClient                = Cognito(nil)
)

// New fills every field: a consumer never finds a nil client it did not ask for.
func TestNewFillsEveryClient(t *testing.T) {
	t.Parallel()
	c := reflect.ValueOf(New(aws.Config{Region: "us-east-1"}))
	for i := range c.NumField() {
		if c.Field(i).IsNil() {
			t.Errorf("New left %s nil", c.Type().Field(i).Name)
		}
	}
}
