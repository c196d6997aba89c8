package cost

import (
	"slices"
	"strings"
)

// Rates are us-east-1 on-demand list prices in USD, as recorded in docs/decisions/0023-cost-estimate.md
// and docs/cost.md (which gives the source page of each). They are embedded on purpose:
// `platformctl cost` must work offline and without AWS credentials.
const (
	// Region is the only region the embedded rates describe.
	Region = "us-east-1"
	// HoursPerMonth is AWS's own convention for monthly prices (24 h x 365 d / 12).
	HoursPerMonth = 730.0

	// https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4 addresses)
	natGatewayPerHour = 0.045
	natGatewayPerGB   = 0.045
	publicIPv4PerHour = 0.005

	// https://aws.amazon.com/ebs/pricing/ (gp3 storage; 3,000 IOPS and 125 MiB/s are included)
	gp3PerGBMonth = 0.08

	// https://aws.amazon.com/elasticloadbalancing/pricing/ (Application Load Balancer)
	albPerHour    = 0.0225
	albPerLCUHour = 0.008

	// https://aws.amazon.com/route53/pricing/ (first 25 hosted zones)
	route53ZonePerMonth = 0.50

	// https://aws.amazon.com/efs/pricing/ (Standard storage class)
	efsStandardPerGBMonth = 0.30

	// https://aws.amazon.com/backup/pricing/ (EFS warm backup storage)
	backupEFSPerGBMonth = 0.05

	// https://aws.amazon.com/ecr/pricing/ (private repository storage)
	ecrPerGBMonth = 0.10

	// https://aws.amazon.com/s3/pricing/ (S3 Standard, first 50 TB; PUT/COPY/POST/LIST requests)
	s3PerGBMonth     = 0.023
	s3PerThousandPUT = 0.005

	// https://aws.amazon.com/cognito/pricing/ (user pools, Lite feature plan: the pool's
	// user_pool_tier = "LITE" in terraform/base-infra/cognito.tf). The first 10,000 MAU a
	// month are free; users who sign in through a social IdP such as Google count as direct
	// sign-ins, not as SAML/OIDC federation. Above the free tier, cognitoLiteBands apply.
	cognitoFreeMAU = 10000
)

// cognitoBand is one graduated price band of the Lite plan: MAU up to UpTo (0 = no upper
// bound) cost PerMAU each.
type cognitoBand struct {
	UpTo   int
	PerMAU float64
}

// cognitoLiteBands are the Lite plan's graduated MAU rates above the free tier
// (https://aws.amazon.com/cognito/pricing/). Essentials, the default plan of a new pool, is
// $0.015/MAU above 10,000; the pool is Lite, so these are the rates that apply.
var cognitoLiteBands = []cognitoBand{
	{UpTo: 100_000, PerMAU: 0.0055},
	{UpTo: 1_000_000, PerMAU: 0.0046},
	{UpTo: 10_000_000, PerMAU: 0.00325},
	{UpTo: 0, PerMAU: 0.0025},
}

// cognitoMonthly is the Lite plan's monthly charge for mau monthly active users.
func cognitoMonthly(mau int) float64 {
	total, from := 0.0, cognitoFreeMAU
	for _, b := range cognitoLiteBands {
		if mau <= from {
			break
		}
		to := mau
		if b.UpTo > 0 && b.UpTo < to {
			to = b.UpTo
		}
		total += float64(to-from) * b.PerMAU
		from = to
	}
	return total
}

// InstanceType is one EC2 type the estimator can price. Memory is listed because it decides
// whether the platform's tasks fit on one host.
type InstanceType struct {
	Name      string
	PerHour   float64 // Linux on-demand, https://aws.amazon.com/ec2/pricing/on-demand/
	MemoryGiB float64
	Graviton  bool
}

// instanceTypes are the burstable types the platform's hosts and NAT instance use. Graviton
// (t4g) needs the arm64 ECS-optimized AMI; every image the platform runs is multi-arch.
var instanceTypes = map[string]InstanceType{
	"t3.micro":   {Name: "t3.micro", PerHour: 0.0104, MemoryGiB: 1},
	"t3.small":   {Name: "t3.small", PerHour: 0.0208, MemoryGiB: 2},
	"t3.medium":  {Name: "t3.medium", PerHour: 0.0416, MemoryGiB: 4},
	"t3.large":   {Name: "t3.large", PerHour: 0.0832, MemoryGiB: 8},
	"t3a.small":  {Name: "t3a.small", PerHour: 0.0188, MemoryGiB: 2},
	"t3a.medium": {Name: "t3a.medium", PerHour: 0.0376, MemoryGiB: 4},
	"t3a.large":  {Name: "t3a.large", PerHour: 0.0752, MemoryGiB: 8},
	"t4g.nano":   {Name: "t4g.nano", PerHour: 0.0042, MemoryGiB: 0.5, Graviton: true},
	"t4g.micro":  {Name: "t4g.micro", PerHour: 0.0084, MemoryGiB: 1, Graviton: true},
	"t4g.small":  {Name: "t4g.small", PerHour: 0.0168, MemoryGiB: 2, Graviton: true},
	"t4g.medium": {Name: "t4g.medium", PerHour: 0.0336, MemoryGiB: 4, Graviton: true},
	"t4g.large":  {Name: "t4g.large", PerHour: 0.0672, MemoryGiB: 8, Graviton: true},
}

// CompareInstanceTypes are the host types `platformctl cost --compare` prices.
var CompareInstanceTypes = []string{"t3.medium", "t3.small", "t4g.medium", "t4g.small"}

// NatModes are the values of the shared `nat_mode` variable (docs/contract.md).
var NatModes = []string{"gateway", "instance", "none"}

// natInstanceType is what base-infra runs as the NAT instance when nat_mode = "instance".
const natInstanceType = "t4g.nano"

// Spot discounts (issue 14). Spot prices move with supply and demand, so no price list exists
// to embed; what is embedded is a typical discount off the on-demand rate per instance family,
// for planning. 60 % is a conservative round figure for the burstable families the platform
// uses; the Spot Instance Advisor (source below) shows each type's current "savings over
// On-Demand" per region, and the Spot price history gives the hourly price. It was recorded on
// the date below without a live look-up (the estimator is offline by design), so
// `platformctl cost` prints it as an estimate with this date and source; check today's figures
// before relying on them:
//
//	aws ec2 describe-spot-price-history --region us-east-1 --instance-types t4g.medium //	  --product-descriptions Linux/UNIX --start-time $(date -u +%Y-%m-%dT%H:%M:%S)
const (
	SpotDiscountsAsOf   = "2026-12-02"
	SpotDiscountsSource = "AWS Spot Instance Advisor, https://aws.amazon.com/ec2/spot/instance-advisor/, and Spot pricing, https://aws.amazon.com/ec2/spot/pricing/"
)

// spotDiscounts is the typical fraction off the on-demand rate, per instance family.
var spotDiscounts = map[string]float64{
	"t3":  0.60,
	"t3a": 0.60,
	"t4g": 0.60,
}

// family is the instance family of an instance type: "t4g" of "t4g.medium".
func family(instanceType string) string {
	f, _, _ := strings.Cut(instanceType, ".")
	return f
}

// SpotDiscount returns the embedded typical Spot discount (0..1) of an instance type's family.
func SpotDiscount(instanceType string) (float64, bool) {
	if _, ok := instanceTypes[instanceType]; !ok {
		return 0, false
	}
	d, ok := spotDiscounts[family(instanceType)]
	return d, ok
}

// spotFamilies lists the families with an embedded Spot discount, sorted.
func spotFamilies() []string {
	out := make([]string, 0, len(spotDiscounts))
	for f := range spotDiscounts {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// LookupInstanceType returns the embedded rate of an instance type.
func LookupInstanceType(name string) (InstanceType, bool) {
	it, ok := instanceTypes[name]
	return it, ok
}
