package cost

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/hari328/platform/internal/jsonout"
)

func TestCalculateTotals(t *testing.T) {
	tests := []struct {
		name     string
		profile  Profile
		min, max float64
	}{
		// docs/decisions/0023-cost-estimate.md: the seed profile costs about $96.70.
		{"seed profile is about 96.70", SeedProfile, 95.70, 97.70},
		// Every capability kept, no NAT, Graviton host: under $60 (notes: about $57).
		{"no NAT with t4g.medium is under 60", Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 1}, 50, 59.99},
		// NAT instance on t4g.nano with a t4g.medium host: about $60.
		{"NAT instance with t4g.medium is about 60", Profile{NatMode: "instance", InstanceType: "t4g.medium", DesiredCapacity: 1}, 59, 62},
		// A second host doubles the host lines only.
		{"two t3.medium hosts add one host", Profile{NatMode: "gateway", InstanceType: "t3.medium", DesiredCapacity: 2}, 95.70 + 32.77, 97.70 + 32.77},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Calculate(tt.profile, DefaultUsage)
			if err != nil {
				t.Fatalf("Calculate: %v", err)
			}
			if e.Total < tt.min || e.Total > tt.max {
				t.Errorf("total = %.2f, want between %.2f and %.2f", e.Total, tt.min, tt.max)
			}
			var sum float64
			for _, l := range e.Lines {
				sum += l.Monthly
			}
			if math.Abs(sum-e.Total) > 0.005 {
				t.Errorf("lines add up to %.2f but total is %.2f", sum, e.Total)
			}
		})
	}
}

func TestSeedLinesMatchDesignNotes(t *testing.T) {
	e, err := Calculate(SeedProfile, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	// Each figure of docs/decisions/0023-cost-estimate.md's table.
	want := map[string]float64{
		"NAT gateway hours":                                  32.85,
		"NAT gateway data processed":                         0.90,
		"NAT gateway public IPv4":                            3.65,
		"EC2 host t3.medium on demand":                       30.37,
		"EC2 host gp3 root volume":                           2.40,
		"ALB hours":                                          16.43,
		"ALB capacity units":                                 1.17,
		"ALB public IPv4":                                    7.30,
		"Route53 hosted zone":                                0.50,
		"EFS Standard (Prometheus TSDB, Loki and Tempo WAL)": 0.90,
		"ECR images":                                         0.20,
		"Terraform state bucket and lock table":              0.05,
		"Cognito user pool (Google sign-in)":                 0,
		"ACM public certificate":                             0,
		"SSM Parameter Store (standard parameters)":          0,
		"CloudWatch Logs":                                    0,
		"Data transfer out to the internet":                  0,
	}
	got := map[string]float64{}
	for _, l := range e.Lines {
		got[l.Item] = l.Monthly
	}
	for item, v := range want {
		g, ok := got[item]
		if !ok {
			t.Errorf("line %q is missing from the estimate", item)
			continue
		}
		if math.Abs(g-v) > 0.011 {
			t.Errorf("line %q = %.2f, want %.2f", item, g, v)
		}
	}
}

func TestEveryLinePresentPerNatMode(t *testing.T) {
	common := []string{
		"EC2 host", "EC2 host gp3 root volume", "ALB hours", "ALB capacity units", "ALB public IPv4",
		"Route53 hosted zone", "ACM public certificate", "EFS Standard", "AWS Backup of EFS",
		"S3 for Loki chunks and Tempo blocks", "ECR images", "Terraform state", "Cognito user pool",
		"SSM Parameter Store", "CloudWatch Logs", "Data transfer out",
	}
	perMode := map[string][]string{
		"gateway":  {"NAT gateway hours", "NAT gateway data processed", "NAT gateway public IPv4"},
		"instance": {"NAT instance t4g.nano", "NAT instance gp3 root volume", "NAT instance public IPv4"},
		"none":     {"host public IPv4"},
	}
	for mode, extra := range perMode {
		t.Run(mode, func(t *testing.T) {
			e, err := Calculate(Profile{NatMode: mode, InstanceType: "t4g.medium", DesiredCapacity: 1}, DefaultUsage)
			if err != nil {
				t.Fatal(err)
			}
			for _, prefix := range append(common, extra...) {
				found := false
				for _, l := range e.Lines {
					if strings.HasPrefix(l.Item, prefix) {
						found = true
					}
				}
				if !found {
					t.Errorf("nat_mode %s: no line starting with %q", mode, prefix)
				}
			}
			for otherMode, other := range perMode {
				if otherMode == mode {
					continue
				}
				for _, l := range e.Lines {
					if l.Item == other[0] {
						t.Errorf("nat_mode %s must not price %q", mode, other[0])
					}
				}
			}
		})
	}
}

func TestNoNATPricesOneAddressPerHost(t *testing.T) {
	e, err := Calculate(Profile{NatMode: "none", InstanceType: "t4g.small", DesiredCapacity: 2}, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range e.Lines {
		if strings.HasPrefix(l.Item, "host public IPv4") && l.Monthly != 7.30 {
			t.Errorf("two hosts in public subnets = %.2f, want 7.30", l.Monthly)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		wantErr string
	}{
		{"seed is valid", SeedProfile, ""},
		{"unknown nat mode", Profile{NatMode: "both", InstanceType: "t3.medium", DesiredCapacity: 1}, `nat_mode "both" is not one of gateway, instance, none`},
		{"unknown instance type", Profile{NatMode: "none", InstanceType: "m5.24xlarge", DesiredCapacity: 1}, `no embedded rate for instance_type "m5.24xlarge"`},
		{"no hosts is valid", Profile{NatMode: "none", InstanceType: "t3.medium", DesiredCapacity: 0}, ""},
		{"negative hosts", Profile{NatMode: "none", InstanceType: "t3.medium", DesiredCapacity: -1}, "asg_desired_capacity -1 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.profile.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error must be one line: %q", err)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	alts, err := Compare(SeedProfile, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	// Every compared type has a Spot discount: each is priced on demand and as Spot.
	if want := len(NatModes) * len(CompareInstanceTypes) * len(HostCapacities); len(alts) != want {
		t.Fatalf("got %d alternatives, want %d", len(alts), want)
	}
	current := 0
	for i, a := range alts {
		if a.Current {
			current++
			if a.Delta != 0 {
				t.Errorf("current profile delta = %.2f, want 0", a.Delta)
			}
		}
		if i > 0 && alts[i-1].Total > a.Total {
			t.Errorf("alternatives not sorted cheapest first at %d", i)
		}
	}
	if current != 1 {
		t.Errorf("%d alternatives marked current, want 1", current)
	}
	// An instance type outside the comparison list is added to it.
	alts, err = Compare(Profile{NatMode: "none", InstanceType: "t4g.large", DesiredCapacity: 1}, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(NatModes) * (len(CompareInstanceTypes) + 1) * len(HostCapacities); len(alts) != want {
		t.Errorf("got %d alternatives, want %d", len(alts), want)
	}
}

func TestWriteTableAndJSON(t *testing.T) {
	e, err := Calculate(SeedProfile, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	alts, err := Compare(SeedProfile, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	r := Report{Estimate: e, Compare: alts}

	var table bytes.Buffer
	if err := WriteTable(&table, r); err != nil {
		t.Fatal(err)
	}
	out := table.String()
	for _, want := range []string{"USD/MONTH", "NAT gateway hours", "$0.045/h", "32.85", "TOTAL", "VS_CURRENT", "current", "t4g.medium"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	var js bytes.Buffer
	if err := jsonout.Write(&js, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("json does not parse: %v", err)
	}
	if back.Total != e.Total || len(back.Lines) != len(e.Lines) || len(back.Compare) != len(alts) {
		t.Errorf("json round trip lost data: %+v", back)
	}
	if !strings.Contains(js.String(), `"total_usd"`) {
		t.Errorf("json lacks total_usd: %s", js.String())
	}
}

func TestUSD(t *testing.T) {
	tests := map[float64]string{0.045: "$0.045", 0.0042: "$0.0042", 0.5: "$0.50", 0.08: "$0.08", 1: "$1.00"}
	for in, want := range tests {
		if got := usd(in); got != want {
			t.Errorf("usd(%v) = %q, want %q", in, got, want)
		}
	}
}
