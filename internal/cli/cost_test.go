package cli

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func costTotal(t *testing.T, table string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^TOTAL\s+([0-9.]+)$`).FindStringSubmatch(table)
	if m == nil {
		t.Fatalf("no TOTAL row in:\n%s", table)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCostCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		config   string // extra lines for platform.tfvars
		args     []string
		min, max float64
	}{
		{"seed profile from the config", "", []string{"cost"}, 95.70, 97.70},
		{"cheapest full profile from the config", "nat_mode = \"none\"\ninstance_type = \"t4g.medium\"\n", []string{"cost"}, 50, 59.99},
		{"what-if flags override the config", "", []string{"cost", "--nat-mode", "instance", "--instance-type", "t4g.medium"}, 59, 62},
		// Issue 14 acceptance: the lean profile on Spot is under $45.
		{"lean profile on Spot from flags", "", []string{"cost", "--nat-mode", "none", "--instance-type", "t4g.medium", "--host-capacity", "spot"}, 40, 44.99},
		{"lean profile on Spot from the config", "nat_mode = \"none\"\ninstance_type = \"t4g.medium\"\nhost_capacity = \"spot\"\n", []string{"cost"}, 40, 44.99},
		{"--host-capacity on_demand overrides a Spot config", "nat_mode = \"none\"\ninstance_type = \"t4g.medium\"\nhost_capacity = \"spot\"\n", []string{"cost", "--host-capacity", "on_demand"}, 50, 59.99},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.aws.noCreds = true // cost works without credentials
			te.usePlatformTfvars(exampleConfig + tt.config)
			if code := te.run(tt.args...); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
			}
			if total := costTotal(t, te.stdout.String()); total < tt.min || total > tt.max {
				t.Errorf("total %.2f, want between %.2f and %.2f", total, tt.min, tt.max)
			}
			if calls := te.aws.Calls(); len(calls) != 0 {
				t.Errorf("cost called AWS: %v", calls)
			}
			if te.stderr.Len() != 0 {
				t.Errorf("stderr = %q, want nothing for us-east-1", te.stderr.String())
			}
		})
	}
}

func TestCostCompareJSON(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	if code := te.run("cost", "--compare", "--json"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	var got struct {
		Total   float64 `json:"total_usd"`
		Lines   []struct{ Item string }
		Compare []struct {
			Current bool    `json:"current"`
			Total   float64 `json:"total_usd"`
		} `json:"compare"`
	}
	if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
		t.Fatalf("cost --json does not parse: %v\n%s", err, te.stdout.String())
	}
	// 3 nat_modes x 4 host types x (on demand, Spot).
	if got.Total < 95.7 || got.Total > 97.7 || len(got.Lines) < 15 || len(got.Compare) != 24 {
		t.Errorf("total %.2f, %d lines, %d alternatives; want about 96.70, >= 15 lines, 24 alternatives", got.Total, len(got.Lines), len(got.Compare))
	}
}

func TestCostBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"cost", "--nat-mode", "cheap"}, `--nat-mode "cheap" is not one of gateway, instance, none`},
		{[]string{"cost", "--instance-type", "m7i.48xlarge"}, `--instance-type "m7i.48xlarge" has no embedded rate: pass one of`},
		{[]string{"cost", "extra"}, "cost takes no arguments"},
		{[]string{"cost", "--host-capacity", "spots"}, `--host-capacity "spots" is not one of on_demand, spot: pass e.g. --host-capacity spot`},
		{[]string{"cost", "--host-capacity", ""}, `--host-capacity "" is not one of on_demand, spot`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			te := newTestEnv(t)
			if code := te.run(tt.args...); code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if msg := te.stderr.String(); !strings.Contains(msg, tt.want) || strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr = %q, want one line containing %q", msg, tt.want)
			}
		})
	}
}

func TestCostWarnsOutsideUSEast1(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	te.usePlatformTfvars(strings.Replace(exampleConfig, "us-east-1", "eu-west-1", 1))
	if code := te.run("cost"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, te.stderr.String())
	}
	if !strings.Contains(te.stderr.String(), "warning: the embedded rates are us-east-1 list prices") {
		t.Errorf("stderr = %q, want a warning about the region", te.stderr.String())
	}
}

// TestCostHosts: asg_desired_capacity = 0 prices no host, --hosts 0 means
// zero hosts (not "use the config"), and an unset --hosts keeps the config's.
func TestCostHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config string
		args   []string
		hosts  int
	}{
		{"config with 0 hosts", "asg_min_size = 0\nasg_desired_capacity = 0\n", []string{"cost", "--json"}, 0},
		{"--hosts 0 overrides the config", "asg_desired_capacity = 2\n", []string{"cost", "--json", "--hosts", "0"}, 0},
		{"--hosts=0 form", "", []string{"cost", "--json", "--hosts=0"}, 0},
		{"unset --hosts keeps the config", "asg_desired_capacity = 2\n", []string{"cost", "--json"}, 2},
		{"--hosts at the upper bound", "", []string{"cost", "--json", "--hosts", "10"}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.usePlatformTfvars(ownConfig + tt.config)
			if code := te.run(tt.args...); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
			}
			var got struct {
				Profile struct {
					Hosts int `json:"asg_desired_capacity"`
				} `json:"profile"`
				Total float64 `json:"total_usd"`
				Lines []struct {
					Item    string  `json:"item"`
					Monthly float64 `json:"monthly_usd"`
				} `json:"lines"`
			}
			if err := json.Unmarshal(te.stdout.Bytes(), &got); err != nil {
				t.Fatalf("cost --json: %v\n%s", err, te.stdout.String())
			}
			if got.Profile.Hosts != tt.hosts {
				t.Errorf("priced %d hosts, want %d", got.Profile.Hosts, tt.hosts)
			}
			for _, l := range got.Lines {
				if strings.HasPrefix(l.Item, "EC2 host ") && (l.Monthly == 0) != (tt.hosts == 0) {
					t.Errorf("line %q costs %.2f with %d hosts", l.Item, l.Monthly, tt.hosts)
				}
			}
			if got.Total <= 0 {
				t.Errorf("total %.2f: the rest of the platform still costs", got.Total)
			}
		})
	}
}

// TestCostSpotLines: the Spot host line says it is an estimate and the note gives the table's
// date and source (internal/cost checks that every line is named).
func TestCostSpotLines(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	te.aws.noCreds = true
	if code := te.run("cost", "--nat-mode", "none", "--instance-type", "t4g.medium", "--host-capacity", "spot"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	out := te.stdout.String()
	for _, want := range []string{"host_capacity=spot", "EC2 host t4g.medium Spot (estimate)", "host public IPv4", "Note: The Spot host line is an estimate", "2026-12-02", "https://aws.amazon.com/ec2/spot/instance-advisor/"} {
		if !strings.Contains(out, want) {
			t.Errorf("cost output lacks %q:\n%s", want, out)
		}
	}
}
