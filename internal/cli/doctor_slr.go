package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/hari328/platform/internal/awsapi"
)

// The ECS service-linked role (doctor check "ecs service-linked role").
//
// ECS calls the load balancer, EC2 and Cloud Map through the service-linked
// role AWSServiceRoleForECS (trusted principal ecs.amazonaws.com). ECS creates
// it on the first CreateCluster/CreateService of an account ("Using
// service-linked roles for Amazon ECS",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html),
// but on a brand-new account the role is created in the same apply that
// needs it and is not usable yet: the capacity provider or a service fails
// with "Unable to assume the service linked role. Please verify that the ECS
// service linked role exists". Creating it once, before the first `up`, avoids
// that; the same page gives the CLI command below.
const (
	ecsServiceLinkedRoleName = "AWSServiceRoleForECS"
	ecsServiceLinkedRoleFix  = "aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"
)

// ecsServiceLinkedRoleCheck reports whether AWSServiceRoleForECS exists and,
// when it does not, the command that creates it.
func ecsServiceLinkedRoleCheck(ctx context.Context, api awsapi.IAM) check {
	const name = "ecs service-linked role"
	_, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(ecsServiceLinkedRoleName)})
	var missing *iamtypes.NoSuchEntityException
	var apiErr smithy.APIError
	switch {
	case err == nil:
		return check{name, statusOK, ecsServiceLinkedRoleName + " exists", ""}
	case errors.As(err, &missing):
		return check{name, statusFail,
			ecsServiceLinkedRoleName + " does not exist (a new account): the first 'platformctl up' would fail with \"Unable to assume the service linked role\"",
			"create it once: " + ecsServiceLinkedRoleFix + " (then re-run 'platformctl doctor')"}
	case errors.As(err, &apiErr) && apiErr.ErrorCode() == "AccessDenied":
		return check{name, statusInfo,
			"cannot read IAM role " + ecsServiceLinkedRoleName + " (AccessDenied on iam:GetRole)",
			"if the first 'platformctl up' fails with \"Unable to assume the service linked role\", run " + ecsServiceLinkedRoleFix + " and re-run it"}
	default:
		return check{name, statusFail, fmt.Sprintf("get IAM role %s: %v", ecsServiceLinkedRoleName, err),
			"check the network and the credentials, then re-run 'platformctl doctor'; if the role is missing: " + ecsServiceLinkedRoleFix}
	}
}
