// Package cost estimates the monthly AWS bill of a platform profile, line by line, from
// rates embedded in the binary (us-east-1 list prices, docs/decisions/0023-cost-estimate.md). It prices
// what Infracost leaves out: public IPv4 addresses and Cognito.
package cost

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Profile is the part of the shared configuration (platform.tfvars) that moves the bill.
type Profile struct {
	NatMode         string `json:"nat_mode"`
	InstanceType    string `json:"instance_type"`
	DesiredCapacity int    `json:"asg_desired_capacity"`
	// HostCapacity is how the hosts are bought: "on_demand" or "spot" (the shared
	// host_capacity variable). "" means "on_demand", Terraform's default.
	HostCapacity string `json:"host_capacity"`
}

// SeedProfile is the seed architecture's profile: one NAT gateway and one t3.medium host.
var SeedProfile = Profile{NatMode: "gateway", InstanceType: "t3.medium", DesiredCapacity: 1, HostCapacity: "on_demand"}

// HostCapacities are the values of the shared `host_capacity` variable (docs/ecs-ec2-alb.md).
var HostCapacities = []string{"on_demand", "spot"}

// normalized fills in the defaults a profile may leave empty.
func (p Profile) normalized() Profile {
	if p.HostCapacity == "" {
		p.HostCapacity = "on_demand"
	}
	return p
}

// Usage holds the light-use assumptions behind the usage-based lines. DefaultUsage is what
// docs/decisions/0023-cost-estimate.md assumes; docs/cost.md explains each number.
type Usage struct {
	NatProcessedGB     float64 // traffic through the NAT gateway (image pulls, AWS APIs)
	RootVolumeGB       float64 // gp3 root volume of each host
	NatRootVolumeGB    float64 // gp3 root volume of the NAT instance
	ALBAverageLCU      float64 // average load balancer capacity units over the month
	ALBPublicIPv4      int     // one public address per availability zone
	EFSGB              float64 // Prometheus TSDB + Grafana database
	EFSBackupGB        float64 // AWS Backup warm storage of the EFS file system
	ECRGB              float64 // images kept in the platform's repositories
	StateMonthly       float64 // state bucket + lock table: a few KB and requests
	ObjectStoreGB      float64 // Loki chunks + Tempo blocks in S3
	ObjectStorePUTs    float64 // S3 PUT requests from Loki and Tempo flushes
	MonthlyActiveUsers int     // Cognito MAU: the owner and friends
}

// DefaultUsage is the "light use" of docs/decisions/0023-cost-estimate.md.
var DefaultUsage = Usage{
	NatProcessedGB:     20,
	RootVolumeGB:       30,
	NatRootVolumeGB:    8,
	ALBAverageLCU:      0.2,
	ALBPublicIPv4:      2,
	EFSGB:              3,
	EFSBackupGB:        3,
	ECRGB:              2,
	StateMonthly:       0.05,
	ObjectStoreGB:      5,
	ObjectStorePUTs:    20000,
	MonthlyActiveUsers: 10,
}

// Line is one priced item of the bill.
type Line struct {
	Group   string  `json:"group"`
	Item    string  `json:"item"`
	Usage   string  `json:"usage"`
	Rate    string  `json:"rate"`
	Monthly float64 `json:"monthly_usd"`
}

// Estimate is a profile's monthly bill.
type Estimate struct {
	Profile       Profile `json:"profile"`
	Region        string  `json:"region"`
	HoursPerMonth float64 `json:"hours_per_month"`
	Lines         []Line  `json:"lines"`
	Total         float64 `json:"total_usd"`
	// Notes qualify the figures, e.g. that a Spot host line is an estimate.
	Notes []string `json:"notes,omitempty"`
}

// Validate reports a profile the estimator cannot price, naming the fix.
func (p Profile) Validate() error {
	if !slices.Contains(NatModes, p.NatMode) {
		return fmt.Errorf("nat_mode %q is not one of %s: set nat_mode in platform.tfvars", p.NatMode, strings.Join(NatModes, ", "))
	}
	if _, ok := instanceTypes[p.InstanceType]; !ok {
		return fmt.Errorf("no embedded rate for instance_type %q (known: %s): pick one of those in platform.tfvars or add its rate to internal/cost/rates.go", p.InstanceType, strings.Join(KnownInstanceTypes(), ", "))
	}
	if p.DesiredCapacity < 0 { // 0 hosts is valid (asg_min_size may be 0): it prices no host
		return fmt.Errorf("asg_desired_capacity %d is negative: set asg_desired_capacity >= 0 in platform.tfvars", p.DesiredCapacity)
	}
	switch p.normalized().HostCapacity {
	case "on_demand":
	case "spot":
		if _, ok := SpotDiscount(p.InstanceType); !ok {
			return fmt.Errorf("no embedded Spot discount for instance_type %q (families with one: %s): pick one of those or add it to spotDiscounts in internal/cost/rates.go", p.InstanceType, strings.Join(spotFamilies(), ", "))
		}
	default:
		return fmt.Errorf("host_capacity %q is not one of %s: set host_capacity in platform.tfvars", p.HostCapacity, strings.Join(HostCapacities, ", "))
	}
	return nil
}

// KnownInstanceTypes lists the instance types with an embedded rate, sorted.
func KnownInstanceTypes() []string {
	names := make([]string, 0, len(instanceTypes))
	for n := range instanceTypes {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Calculate prices a profile under the given usage.
func Calculate(p Profile, u Usage) (Estimate, error) {
	if err := p.Validate(); err != nil {
		return Estimate{}, err
	}
	p = p.normalized()
	host := instanceTypes[p.InstanceType]
	hosts := float64(p.DesiredCapacity)
	h := HoursPerMonth
	ipv4Month := publicIPv4PerHour * h

	var lines []Line
	add := func(group, item, usage, rate string, monthly float64) {
		lines = append(lines, Line{Group: group, Item: item, Usage: usage, Rate: rate, Monthly: round2(monthly)})
	}

	// Network: what leaves the private subnets.
	switch p.NatMode {
	case "gateway":
		add("network", "NAT gateway hours", fmt.Sprintf("1 x %.0f h", h), usd(natGatewayPerHour)+"/h", natGatewayPerHour*h)
		add("network", "NAT gateway data processed", gb(u.NatProcessedGB), usd(natGatewayPerGB)+"/GB", natGatewayPerGB*u.NatProcessedGB)
		add("network", "NAT gateway public IPv4", fmt.Sprintf("1 x %.0f h", h), usd(publicIPv4PerHour)+"/h", ipv4Month)
	case "instance":
		nat := instanceTypes[natInstanceType]
		add("network", "NAT instance "+nat.Name, fmt.Sprintf("1 x %.0f h", h), usd(nat.PerHour)+"/h", nat.PerHour*h)
		add("network", "NAT instance gp3 root volume", gb(u.NatRootVolumeGB), usd(gp3PerGBMonth)+"/GB-month", gp3PerGBMonth*u.NatRootVolumeGB)
		add("network", "NAT instance public IPv4", fmt.Sprintf("1 x %.0f h", h), usd(publicIPv4PerHour)+"/h", ipv4Month)
	case "none":
		add("network", "host public IPv4 (hosts in public subnets)", fmt.Sprintf("%d x %.0f h", p.DesiredCapacity, h), usd(publicIPv4PerHour)+"/h", ipv4Month*hosts)
	}

	// Compute: the ECS hosts. CPU credits are "standard" (D9), so no surplus-credit charge.
	var notes []string
	if p.HostCapacity == "spot" {
		off, _ := SpotDiscount(p.InstanceType)
		perHour := host.PerHour * (1 - off)
		add("compute", "EC2 host "+host.Name+" Spot (estimate)", fmt.Sprintf("%d x %.0f h", p.DesiredCapacity, h),
			fmt.Sprintf("%s/h (%.0f %% off %s/h on demand)", usd(perHour), off*100, usd(host.PerHour)), perHour*h*hosts)
		notes = append(notes, fmt.Sprintf("The Spot host line is an estimate: the typical %s Spot discount of the %s family as of %s (%s). The Spot price moves with supply and demand and is capped at the on-demand price; the NAT instance, if any, stays on demand.",
			Region, family(p.InstanceType), SpotDiscountsAsOf, SpotDiscountsSource))
	} else {
		add("compute", "EC2 host "+host.Name+" on demand", fmt.Sprintf("%d x %.0f h", p.DesiredCapacity, h), usd(host.PerHour)+"/h", host.PerHour*h*hosts)
	}
	add("compute", "EC2 host gp3 root volume", fmt.Sprintf("%d x %s", p.DesiredCapacity, gb(u.RootVolumeGB)), usd(gp3PerGBMonth)+"/GB-month", gp3PerGBMonth*u.RootVolumeGB*hosts)
	add("compute", "ECS cluster and capacity provider", "-", "free", 0)

	// Load balancer: the platform's only entry point.
	add("load balancer", "ALB hours", fmt.Sprintf("1 x %.0f h", h), usd(albPerHour)+"/h", albPerHour*h)
	add("load balancer", "ALB capacity units", fmt.Sprintf("%.1f LCU x %.0f h", u.ALBAverageLCU, h), usd(albPerLCUHour)+"/LCU-h", albPerLCUHour*u.ALBAverageLCU*h)
	add("load balancer", "ALB public IPv4", fmt.Sprintf("%d x %.0f h", u.ALBPublicIPv4, h), usd(publicIPv4PerHour)+"/h", ipv4Month*float64(u.ALBPublicIPv4))

	// DNS and certificates.
	add("dns", "Route53 hosted zone", "1 zone", usd(route53ZonePerMonth)+"/month", route53ZonePerMonth)
	add("dns", "ACM public certificate", "1 certificate", "free", 0)

	// Storage.
	add("storage", "EFS Standard (Prometheus TSDB, Loki and Tempo WAL)", gb(u.EFSGB), usd(efsStandardPerGBMonth)+"/GB-month", efsStandardPerGBMonth*u.EFSGB)
	add("storage", "AWS Backup of EFS", gb(u.EFSBackupGB), usd(backupEFSPerGBMonth)+"/GB-month", backupEFSPerGBMonth*u.EFSBackupGB)
	add("storage", "S3 for Loki chunks and Tempo blocks", gb(u.ObjectStoreGB), usd(s3PerGBMonth)+"/GB-month", s3PerGBMonth*u.ObjectStoreGB)
	add("storage", "S3 requests from Loki and Tempo", fmt.Sprintf("%.0fk PUT", u.ObjectStorePUTs/1000), usd(s3PerThousandPUT)+"/1k PUT", s3PerThousandPUT*u.ObjectStorePUTs/1000)
	add("storage", "ECR images", gb(u.ECRGB), usd(ecrPerGBMonth)+"/GB-month", ecrPerGBMonth*u.ECRGB)
	add("storage", "Terraform state bucket and lock table", "a few KB", "S3 + DynamoDB on demand, AWS-owned keys", u.StateMonthly)

	// Identity and the rest of the free tier.
	add("identity", "Cognito user pool (Google sign-in)", fmt.Sprintf("%d MAU (first %dk free)", u.MonthlyActiveUsers, cognitoFreeMAU/1000), "Lite plan, "+usd(cognitoLiteBands[0].PerMAU)+"/MAU above", cognitoMonthly(u.MonthlyActiveUsers))
	add("identity", "Pre-sign-up Lambda", "a few invocations", "free tier", 0)
	add("other", "SSM Parameter Store (standard parameters)", "contract parameters", "free", 0)
	add("other", "CloudWatch Logs", "<= 5 GB ingested", "free tier", 0)
	add("other", "Data transfer out to the internet", "<= 100 GB", "free tier", 0)

	est := Estimate{Profile: p, Region: Region, HoursPerMonth: h, Lines: lines, Notes: notes}
	for _, l := range lines {
		est.Total += l.Monthly
	}
	est.Total = round2(est.Total)
	return est, nil
}

// Alternative is another profile's total, for `cost --compare`.
type Alternative struct {
	Profile   Profile `json:"profile"`
	MemoryGiB float64 `json:"host_memory_gib"`
	Total     float64 `json:"total_usd"`
	Delta     float64 `json:"delta_usd"`
	Current   bool    `json:"current"`
}

// Compare prices every nat_mode against every host type in CompareInstanceTypes (plus the
// profile's own type), each on demand and as Spot, keeping the profile's host count, cheapest
// first.
func Compare(p Profile, u Usage) ([]Alternative, error) {
	base, err := Calculate(p, u)
	if err != nil {
		return nil, err
	}
	p = p.normalized()
	types := slices.Clone(CompareInstanceTypes)
	if !slices.Contains(types, p.InstanceType) {
		types = append(types, p.InstanceType)
	}
	var alts []Alternative
	for _, mode := range NatModes {
		for _, t := range types {
			for _, hc := range HostCapacities {
				q := Profile{NatMode: mode, InstanceType: t, DesiredCapacity: p.DesiredCapacity, HostCapacity: hc}
				if hc == "spot" {
					if _, ok := SpotDiscount(t); !ok {
						continue
					}
				}
				e, err := Calculate(q, u)
				if err != nil {
					return nil, err
				}
				alts = append(alts, Alternative{
					Profile:   q,
					MemoryGiB: instanceTypes[t].MemoryGiB,
					Total:     e.Total,
					Delta:     round2(e.Total - base.Total),
					Current:   q == p,
				})
			}
		}
	}
	slices.SortStableFunc(alts, func(a, b Alternative) int {
		switch {
		case a.Total < b.Total:
			return -1
		case a.Total > b.Total:
			return 1
		}
		return 0
	})
	return alts, nil
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func usd(v float64) string {
	s := fmt.Sprintf("$%.4f", v)
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "00"
	} else if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += "0"
	}
	return s
}

func gb(v float64) string { return fmt.Sprintf("%g GB", v) }
