package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/hari328/platform/internal/awsapi"
)

// fakeIAM answers GetRole: the role exists unless err is set. It records the
// role names asked for in asked (when not nil).
type fakeIAM struct {
	err   error
	asked *[]string
}

func (f fakeIAM) GetRole(_ context.Context, in *iam.GetRoleInput, _ ...func(*iam.Options)) (*iam.GetRoleOutput, error) {
	if f.asked != nil {
		*f.asked = append(*f.asked, aws.ToString(in.RoleName))
	}
	if f.err != nil {
		return nil, f.err
	}
	return &iam.GetRoleOutput{Role: &iamtypes.Role{RoleName: in.RoleName, Path: aws.String("/aws-service-role/ecs.amazonaws.com/")}}, nil
}

func TestECSServiceLinkedRoleCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		err        error
		wantStatus string
		wantDetail string
		wantFix    string
	}{
		{"exists", nil, statusOK, "AWSServiceRoleForECS exists", ""},
		{"missing on a new account", &iamtypes.NoSuchEntityException{Message: aws.String("The role with name AWSServiceRoleForECS cannot be found.")},
			statusFail, "does not exist", "aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"},
		{"not allowed to look", &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized to perform: iam:GetRole"},
			statusInfo, "AccessDenied", "aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"},
		{"network", errors.New("dial tcp: lookup iam.amazonaws.com: no such host"),
			statusFail, "no such host", "check the network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked []string
			c := ecsServiceLinkedRoleCheck(context.Background(), fakeIAM{err: tt.err, asked: &asked})
			if len(asked) != 1 || asked[0] != "AWSServiceRoleForECS" {
				t.Errorf("GetRole asked for %v, want [AWSServiceRoleForECS]", asked)
			}
			if c.Status != tt.wantStatus || !strings.Contains(c.Detail, tt.wantDetail) || !strings.Contains(c.Fix, tt.wantFix) {
				t.Errorf("check = %+v, want status %s, detail containing %q, fix containing %q", c, tt.wantStatus, tt.wantDetail, tt.wantFix)
			}
		})
	}
}

// doctor runs the check once the credentials work, and fails on a missing role.
func TestDoctorReportsAMissingECSServiceLinkedRole(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	te.env.clients.lookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
	te.env.clients.tfVersion = func(context.Context, string) (string, error) { return "1.11.4", nil }
	var asked []string
	te.env.clients.iam = func(aws.Config) awsapi.IAM {
		return fakeIAM{err: &iamtypes.NoSuchEntityException{Message: aws.String("not found")}, asked: &asked}
	}
	if code := te.run("doctor"); code != ExitFailed {
		t.Fatalf("exit code = %d, want %d; stdout:\n%s", code, ExitFailed, te.stdout)
	}
	out := te.stdout.String()
	for _, want := range []string{"ecs service-linked role", "FAIL", "AWSServiceRoleForECS does not exist", "-> create it once: aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if len(asked) != 1 {
		t.Errorf("GetRole calls = %v, want one", asked)
	}
}
