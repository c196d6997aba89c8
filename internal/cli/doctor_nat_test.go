package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hari328/platform/internal/config"
)

// fakeEC2 answers DescribeInstances with instances, or err. It checks the
// filters name the platform's NAT instance.
type fakeEC2 struct {
	instances []ec2types.Instance
	err       error
	t         *testing.T
}

func (f fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	if f.t != nil {
		var tag bool
		for _, flt := range in.Filters {
			tag = tag || (aws.ToString(flt.Name) == "tag:Name" && len(flt.Values) == 1 && flt.Values[0] == "platform-nat")
		}
		if !tag {
			f.t.Errorf("DescribeInstances filters do not select the Name tag platform-nat: %+v", in.Filters)
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return &ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{{Instances: f.instances}}}, nil
}

// DescribeSpotInstanceRequests is in awsapi.EC2 for status; doctor never calls it.
func (f fakeEC2) DescribeSpotInstanceRequests(context.Context, *ec2.DescribeSpotInstanceRequestsInput, ...func(*ec2.Options)) (*ec2.DescribeSpotInstanceRequestsOutput, error) {
	return &ec2.DescribeSpotInstanceRequestsOutput{}, nil
}

func natInstance(id string, state ec2types.InstanceStateName, sourceDestCheck bool) ec2types.Instance {
	return ec2types.Instance{InstanceId: aws.String(id), State: &ec2types.InstanceState{Name: state}, SourceDestCheck: aws.Bool(sourceDestCheck)}
}

func TestNATInstanceCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		mode       string
		instances  []ec2types.Instance
		err        error
		wantStatus string
		wantDetail string
		wantFix    string
	}{
		{
			name: "gateway mode: skipped without an AWS call", mode: "gateway",
			wantStatus: statusSkip, wantDetail: "nat_mode = gateway: no NAT instance",
		},
		{
			name: "running and forwarding", mode: "instance",
			instances:  []ec2types.Instance{natInstance("i-0123", ec2types.InstanceStateNameRunning, false)},
			wantStatus: statusOK, wantDetail: "NAT instance i-0123 running",
		},
		{
			name: "stopped by its failed setup: says how to read why and recover", mode: "instance",
			instances:  []ec2types.Instance{natInstance("i-0456", ec2types.InstanceStateNameStopped, false)},
			wantStatus: statusFail, wantDetail: "NAT instance i-0456 is stopped: the private subnets have no way out",
			wantFix: "aws ec2 get-console-output --latest --instance-id i-0456",
		},
		{
			name: "source/destination check on", mode: "instance",
			instances:  []ec2types.Instance{natInstance("i-0789", ec2types.InstanceStateNameRunning, true)},
			wantStatus: statusFail, wantDetail: "source/destination check on",
			wantFix: "--no-source-dest-check --instance-id i-0789",
		},
		{
			name: "not created yet", mode: "instance",
			wantStatus: statusInfo, wantDetail: "no NAT instance named platform-nat yet",
		},
		{
			name: "AWS error", mode: "instance", err: errors.New("boom"),
			wantStatus: statusFail, wantDetail: "describe the NAT instance",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := fakeEC2{instances: tt.instances, err: tt.err, t: t}
			if tt.mode != "instance" {
				api = fakeEC2{err: errors.New("no AWS call expected"), t: t}
			}
			cfg := config.Defaults()
			cfg.NATMode = tt.mode
			got := natInstanceCheck(context.Background(), api, &cfg)
			if got.Status != tt.wantStatus || !strings.Contains(got.Detail, tt.wantDetail) || !strings.Contains(got.Fix, tt.wantFix) {
				t.Errorf("natInstanceCheck = %+v, want status %s, detail containing %q, fix containing %q", got, tt.wantStatus, tt.wantDetail, tt.wantFix)
			}
		})
	}
}
