package status

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hari328/platform/internal/awsapi"
)

// HostStatus is one ECS host (an instance of the <cluster>-ecs-host Auto Scaling group).
type HostStatus struct {
	InstanceID string `json:"instance_id"`
	Type       string `json:"instance_type"`
	Zone       string `json:"availability_zone"`
	State      string `json:"state"` // EC2 state: pending, running, stopping, shutting-down
	// Lifecycle is "on-demand" or "spot" (EC2 leaves instanceLifecycle empty on demand).
	Lifecycle string `json:"lifecycle"`
	// SpotStatus is the status code of a Spot host's request, e.g. "fulfilled" or
	// "marked-for-termination".
	SpotStatus string `json:"spot_status,omitempty"`
	// Interrupting is true once EC2 has scheduled the Spot host's interruption (its request is
	// "marked-for-..."): the two-minute notice is out and ECS drains the host.
	Interrupting bool `json:"interruption_pending"`
}

// hostGroup is the Auto Scaling group of the hosts: terraform/base-infra/ecs.tf names it
// "<name_prefix>-ecs-host", and the cluster is named <name_prefix>.
func hostGroup(cluster string) string { return cluster + "-ecs-host" }

// hosts lists the live instances of the cluster's Auto Scaling group with their purchase
// option. instanceLifecycle is "spot" for a Spot Instance and absent on demand
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html). A Spot host's
// pending interruption shows in its Spot request's status code, "marked-for-termination" or
// "marked-for-stop" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-request-status.html).
// A rebalance recommendation has no API of its own (instance metadata and EventBridge only):
// with capacity_rebalance on, its effect is a new host launched beside the at-risk one.
func hosts(ctx context.Context, c awsapi.EC2, cluster string) ([]HostStatus, error) {
	pages := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{Filters: []ec2types.Filter{
		{Name: aws.String("tag:aws:autoscaling:groupName"), Values: []string{hostGroup(cluster)}},
		{Name: aws.String("instance-state-name"), Values: []string{"pending", "running", "stopping", "shutting-down"}},
	}})
	var res []HostStatus
	requests := map[string]int{} // Spot request id -> index in res
	for pages.HasMorePages() {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe instances of %s: %w", hostGroup(cluster), err)
		}
		for _, r := range out.Reservations {
			for _, i := range r.Instances {
				h := HostStatus{
					InstanceID: aws.ToString(i.InstanceId),
					Type:       string(i.InstanceType),
					Lifecycle:  "on-demand",
				}
				if i.Placement != nil {
					h.Zone = aws.ToString(i.Placement.AvailabilityZone)
				}
				if i.State != nil {
					h.State = string(i.State.Name)
				}
				if i.InstanceLifecycle != "" {
					h.Lifecycle = string(i.InstanceLifecycle)
				}
				if id := aws.ToString(i.SpotInstanceRequestId); id != "" {
					requests[id] = len(res)
				}
				res = append(res, h)
			}
		}
	}
	if len(requests) > 0 {
		ids := make([]string, 0, len(requests))
		for id := range requests {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		spot := ec2.NewDescribeSpotInstanceRequestsPaginator(c, &ec2.DescribeSpotInstanceRequestsInput{SpotInstanceRequestIds: ids})
		for spot.HasMorePages() {
			out, err := spot.NextPage(ctx)
			if err != nil {
				return res, fmt.Errorf("describe Spot requests of %s: %w", hostGroup(cluster), err)
			}
			for _, sr := range out.SpotInstanceRequests {
				i, ok := requests[aws.ToString(sr.SpotInstanceRequestId)]
				if !ok || sr.Status == nil {
					continue
				}
				res[i].SpotStatus = aws.ToString(sr.Status.Code)
				res[i].Interrupting = strings.HasPrefix(res[i].SpotStatus, "marked-for-")
			}
		}
	}
	slices.SortFunc(res, func(a, b HostStatus) int { return strings.Compare(a.InstanceID, b.InstanceID) })
	return res, nil
}

// hostRow renders a host for the status table: its state column and detail.
func hostRow(h HostStatus) (state, detail string) {
	state = "ok"
	switch {
	case h.Interrupting:
		state = "INTERRUPTING"
	case h.State != "running":
		state = h.State
	}
	detail = fmt.Sprintf("%s %s in %s", h.Lifecycle, h.Type, h.Zone)
	if h.SpotStatus != "" {
		detail += ", Spot request " + h.SpotStatus
	}
	if h.Interrupting {
		detail += ": EC2 reclaims it within two minutes; ECS drains it and Auto Scaling launches a replacement"
	}
	return state, detail
}
