package cost

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// Issue 14: Spot hosts priced from the embedded, dated discount table.
func TestSpotEstimate(t *testing.T) {
	tests := []struct {
		name     string
		profile  Profile
		hostItem string
		hostUSD  float64 // the host line
		min, max float64 // the total
	}{
		// The acceptance profile: no NAT, one t4g.medium Spot host, under $45.
		{"lean profile on Spot is under 45", Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 1, HostCapacity: "spot"},
			"EC2 host t4g.medium Spot (estimate)", 9.81, 40, 44.99},
		// 0.0416 x 0.4 x 730 = 12.15 instead of 30.37.
		{"seed on Spot", Profile{NatMode: "gateway", InstanceType: "t3.medium", DesiredCapacity: 1, HostCapacity: "spot"},
			"EC2 host t3.medium Spot (estimate)", 12.15, 77, 80},
		{"empty host_capacity is on demand", Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 1},
			"EC2 host t4g.medium on demand", 24.53, 55, 59.99},
		{"two Spot hosts", Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 2, HostCapacity: "spot"},
			"EC2 host t4g.medium Spot (estimate)", 19.62, 50, 60},
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
			var found bool
			for _, l := range e.Lines {
				if l.Item == "" || l.Group == "" {
					t.Errorf("unnamed line %+v", l)
				}
				if l.Item == tt.hostItem {
					found = true
					if math.Abs(l.Monthly-tt.hostUSD) > 0.005 {
						t.Errorf("%s = %.2f, want %.2f", l.Item, l.Monthly, tt.hostUSD)
					}
				}
			}
			if !found {
				t.Errorf("no line %q in %+v", tt.hostItem, e.Lines)
			}
			spot := tt.profile.HostCapacity == "spot"
			if spot != (len(e.Notes) == 1 && strings.Contains(e.Notes[0], "estimate") && strings.Contains(e.Notes[0], SpotDiscountsAsOf)) {
				t.Errorf("notes = %q: a Spot estimate must say it is an estimate and give its date, on demand must not", e.Notes)
			}
			if e.Profile.HostCapacity == "" {
				t.Errorf("estimate profile has no host_capacity")
			}
		})
	}
}

func TestSpotValidate(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		wantErr string
	}{
		{"spot ok", Profile{NatMode: "none", InstanceType: "t3a.medium", DesiredCapacity: 1, HostCapacity: "spot"}, ""},
		{"unknown capacity", Profile{NatMode: "none", InstanceType: "t3.medium", DesiredCapacity: 1, HostCapacity: "reserved"}, `host_capacity "reserved" is not one of on_demand, spot: set host_capacity in platform.tfvars`},
		{"hyphenated capacity", Profile{NatMode: "none", InstanceType: "t3.medium", DesiredCapacity: 1, HostCapacity: "on-demand"}, `host_capacity "on-demand" is not one of on_demand, spot`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.profile.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// Every host type the estimator prices has a Spot discount, each a fraction below 1, and the
// table carries its date and source.
func TestSpotDiscountTable(t *testing.T) {
	for _, name := range KnownInstanceTypes() {
		d, ok := SpotDiscount(name)
		if !ok || d <= 0 || d >= 1 {
			t.Errorf("SpotDiscount(%q) = %v, %v; want a fraction in (0, 1)", name, d, ok)
		}
	}
	if _, ok := SpotDiscount("m7i.48xlarge"); ok {
		t.Errorf("a type without an on-demand rate must have no Spot discount")
	}
	if SpotDiscountsAsOf == "" || !strings.Contains(SpotDiscountsSource, "https://aws.amazon.com/ec2/spot/") {
		t.Errorf("the Spot table needs a date and an AWS source, got %q, %q", SpotDiscountsAsOf, SpotDiscountsSource)
	}
}

func TestCompareIncludesSpot(t *testing.T) {
	p := Profile{NatMode: "none", InstanceType: "t4g.medium", DesiredCapacity: 1, HostCapacity: "spot"}
	alts, err := Compare(p, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	var spot, current int
	for _, a := range alts {
		if a.Profile.HostCapacity == "spot" {
			spot++
		}
		if a.Current {
			current++
			if a.Profile != p {
				t.Errorf("current = %+v, want %+v", a.Profile, p)
			}
		}
	}
	if spot != len(alts)/2 || current != 1 {
		t.Errorf("%d Spot rows of %d, %d current; want half Spot and one current", spot, len(alts), current)
	}
	// Each Spot row is cheaper than the same profile on demand.
	totals := map[Profile]float64{}
	for _, a := range alts {
		totals[a.Profile] = a.Total
	}
	for q, total := range totals {
		if q.HostCapacity != "spot" {
			continue
		}
		od := q
		od.HostCapacity = "on_demand"
		if total >= totals[od] {
			t.Errorf("%+v costs %.2f on Spot, not less than %.2f on demand", q, total, totals[od])
		}
	}

	e, err := Calculate(p, DefaultUsage)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteTable(&out, Report{Estimate: e, Compare: alts}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"host_capacity=spot", "EC2 host t4g.medium Spot (estimate)", "60 % off $0.0336/h on demand", "Note: The Spot host line is an estimate", "HOST_CAPACITY", "spot (estimate)", "on_demand"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}
