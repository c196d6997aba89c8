package status

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/hari328/platform/internal/awsapi"
	"github.com/hari328/platform/internal/cost"
	"github.com/hari328/platform/internal/jsonout"
)

// fakeEC2 answers the two EC2 calls of the host rows from canned instances (two pages) and
// Spot requests, and checks the filters status sends.
type fakeEC2 struct {
	t        *testing.T
	pages    [][]ec2types.Instance
	requests map[string]string // Spot request id -> status code
	err      error
}

func (f *fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	var group []string
	for _, flt := range in.Filters {
		if aws.ToString(flt.Name) == "tag:aws:autoscaling:groupName" {
			group = flt.Values
		}
	}
	if !slices.Equal(group, []string{"platform-ecs-host"}) {
		f.t.Errorf("DescribeInstances filters on group %v, want [platform-ecs-host]", group)
	}
	page := 0
	if in.NextToken != nil {
		page = 1
	}
	out := &ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{{Instances: f.pages[page]}}}
	if page+1 < len(f.pages) {
		out.NextToken = aws.String("page-2")
	}
	return out, nil
}

func (f *fakeEC2) DescribeSpotInstanceRequests(_ context.Context, in *ec2.DescribeSpotInstanceRequestsInput, _ ...func(*ec2.Options)) (*ec2.DescribeSpotInstanceRequestsOutput, error) {
	out := &ec2.DescribeSpotInstanceRequestsOutput{}
	for _, id := range in.SpotInstanceRequestIds {
		code, ok := f.requests[id]
		if !ok {
			return nil, errors.New("InvalidSpotInstanceRequestID.NotFound: " + id)
		}
		out.SpotInstanceRequests = append(out.SpotInstanceRequests, ec2types.SpotInstanceRequest{
			SpotInstanceRequestId: aws.String(id),
			Status:                &ec2types.SpotInstanceStatus{Code: aws.String(code)},
		})
	}
	return out, nil
}

func instance(id, typ, zone string, lifecycle ec2types.InstanceLifecycleType, spotRequest string) ec2types.Instance {
	i := ec2types.Instance{
		InstanceId:        aws.String(id),
		InstanceType:      ec2types.InstanceType(typ),
		Placement:         &ec2types.Placement{AvailabilityZone: aws.String(zone)},
		State:             &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning},
		InstanceLifecycle: lifecycle,
	}
	if spotRequest != "" {
		i.SpotInstanceRequestId = aws.String(spotRequest)
	}
	return i
}

func TestHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		pages     [][]ec2types.Instance
		requests  map[string]string
		want      []HostStatus
		wantState []string
	}{
		{
			name:      "on demand",
			pages:     [][]ec2types.Instance{{instance("i-0aaa", "t3.medium", "us-east-1a", "", "")}},
			want:      []HostStatus{{InstanceID: "i-0aaa", Type: "t3.medium", Zone: "us-east-1a", State: "running", Lifecycle: "on-demand"}},
			wantState: []string{"ok"},
		},
		{
			name: "Spot hosts over two pages, one marked for termination",
			pages: [][]ec2types.Instance{
				{instance("i-0ccc", "t4g.medium", "us-east-1b", ec2types.InstanceLifecycleTypeSpot, "sir-2")},
				{instance("i-0bbb", "t4g.large", "us-east-1a", ec2types.InstanceLifecycleTypeSpot, "sir-1")},
			},
			requests: map[string]string{"sir-1": "fulfilled", "sir-2": "marked-for-termination"},
			want: []HostStatus{
				{InstanceID: "i-0bbb", Type: "t4g.large", Zone: "us-east-1a", State: "running", Lifecycle: "spot", SpotStatus: "fulfilled"},
				{InstanceID: "i-0ccc", Type: "t4g.medium", Zone: "us-east-1b", State: "running", Lifecycle: "spot", SpotStatus: "marked-for-termination", Interrupting: true},
			},
			wantState: []string{"ok", "INTERRUPTING"},
		},
		{
			name:      "no host",
			pages:     [][]ec2types.Instance{{}},
			want:      nil,
			wantState: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hosts(context.Background(), &fakeEC2{t: t, pages: tt.pages, requests: tt.requests}, "platform")
			if err != nil {
				t.Fatalf("hosts: %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("hosts = %+v\nwant %+v", got, tt.want)
			}
			var states []string
			for _, h := range got {
				s, _ := hostRow(h)
				states = append(states, s)
			}
			if !slices.Equal(states, tt.wantState) {
				t.Errorf("states = %v, want %v", states, tt.wantState)
			}
		})
	}
}

func TestCollectShowsHosts(t *testing.T) {
	t.Parallel()
	f := platformFake()
	c := f.clients()
	c.EC2 = &fakeEC2{t: t,
		pages:    [][]ec2types.Instance{{instance("i-0ccc", "t4g.medium", "us-east-1b", ec2types.InstanceLifecycleTypeSpot, "sir-2")}},
		requests: map[string]string{"sir-2": "marked-for-termination"},
	}
	p := cost.Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 1, HostCapacity: "spot"}
	r, err := Collect(context.Background(), c, Options{Bucket: bucket, Domain: "hari328.net", Profile: p, Hosts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hosts) != 1 || !r.Hosts[0].Interrupting {
		t.Fatalf("hosts = %+v, want one interrupting Spot host", r.Hosts)
	}
	var table bytes.Buffer
	if err := WriteTable(&table, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"host", "i-0ccc", "INTERRUPTING", "spot t4g.medium in us-east-1b, Spot request marked-for-termination", "1 x t4g.medium Spot (estimate)"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	var js bytes.Buffer
	if err := jsonout.Write(&js, r); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Hosts []struct {
			Lifecycle    string `json:"lifecycle"`
			Interrupting bool   `json:"interruption_pending"`
		} `json:"hosts"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Hosts) != 1 || back.Hosts[0].Lifecycle != "spot" || !back.Hosts[0].Interrupting {
		t.Errorf("json hosts = %+v (%v)", back.Hosts, err)
	}
}

func TestCollectHostError(t *testing.T) {
	t.Parallel()
	f := platformFake()
	c := f.clients()
	c.EC2 = &fakeEC2{t: t, err: errors.New("UnauthorizedOperation: ec2:DescribeInstances")}
	r, err := Collect(context.Background(), c, Options{Bucket: bucket, Profile: cost.SeedProfile, Hosts: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hosts) != 0 || !slices.ContainsFunc(r.Errors, func(e string) bool {
		return strings.Contains(e, "ECS hosts: describe instances of platform-ecs-host: UnauthorizedOperation")
	}) {
		t.Errorf("hosts %+v, errors %q: want no host and the failed call in the errors", r.Hosts, r.Errors)
	}
	// Without Options.Hosts (verify), or without an EC2 client, no EC2 call and no host row.
	for _, tc := range []struct {
		name  string
		c     awsapi.Clients
		hosts bool
	}{{"not asked", c, false}, {"no client", f.clients(), true}} {
		r, err = Collect(context.Background(), tc.c, Options{Bucket: bucket, Profile: cost.SeedProfile, Hosts: tc.hosts})
		if err != nil || len(r.Hosts) != 0 || slices.ContainsFunc(r.Errors, func(e string) bool { return strings.Contains(e, "hosts") }) {
			t.Errorf("%s: hosts %+v, errors %q, err %v", tc.name, r.Hosts, r.Errors, err)
		}
	}
}
