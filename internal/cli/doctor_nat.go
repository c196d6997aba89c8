package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/config"
)

// The NAT instance (doctor check "nat instance", nat_mode = "instance").
//
// Its boot-time setup (terraform/base-infra/templates/nat-instance.sh.tftpl)
// stops the instance when it cannot switch on forwarding or masquerade, so a
// failed setup shows as a stopped NAT instance instead of a running one that
// forwards nothing; the private subnets then have no way out. This check says
// so, and how to read why (the serial console) and recover
// (docs/networking.md).

// natInstanceCheck reports the state of the NAT instance when nat_mode is
// "instance"; other modes have none and skip it without an AWS call.
func natInstanceCheck(ctx context.Context, api awsapi.EC2, cfg *config.Config) check {
	const name = "nat instance"
	if cfg.NATMode != "instance" {
		return check{name, statusSkip, fmt.Sprintf("nat_mode = %s: no NAT instance", cfg.NATMode), ""}
	}
	tag := cfg.NamePrefix + "-nat" // the Name tag of aws_instance.nat (nat.tf)
	out, err := api.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:Name"), Values: []string{tag}},
		{Name: aws.String("instance-state-name"), Values: []string{"pending", "running", "stopping", "stopped"}},
	}})
	if err != nil {
		detail, fix := explainAWSError("describe the NAT instance", err)
		return check{name, statusFail, detail, fix}
	}
	var found []ec2types.Instance
	for _, r := range out.Reservations {
		found = append(found, r.Instances...)
	}
	if len(found) == 0 {
		return check{name, statusInfo, "no NAT instance named " + tag + " yet", "'platformctl up' creates it"}
	}
	var states []string
	for _, i := range found {
		id := aws.ToString(i.InstanceId)
		var state ec2types.InstanceStateName
		if i.State != nil {
			state = i.State.Name
		}
		states = append(states, fmt.Sprintf("%s %s", id, state))
		switch {
		case state == ec2types.InstanceStateNameStopped || state == ec2types.InstanceStateNameStopping:
			return check{name, statusFail,
				fmt.Sprintf("NAT instance %s is %s: the private subnets have no way out (it stops itself when its NAT setup fails)", id, state),
				fmt.Sprintf("read why: aws ec2 get-console-output --latest --instance-id %s (lines 'platform-nat:'); then start it again (aws ec2 start-instances --instance-ids %s) or replace it: terraform apply -replace='aws_instance.nat[0]' in terraform/base-infra (docs/networking.md)", id, id)}
		case aws.ToBool(i.SourceDestCheck):
			return check{name, statusFail,
				fmt.Sprintf("NAT instance %s has the source/destination check on: it drops the traffic it should forward", id),
				"apply base-infra again (it sets source_dest_check = false), or: aws ec2 modify-instance-attribute --no-source-dest-check --instance-id " + id}
		}
	}
	return check{name, statusOK, "NAT instance " + strings.Join(states, ", "), ""}
}
