package config

import (
	"strings"
	"testing"
)

// host_capacity (issue 14) is checked like the Terraform validation in
// terraform/base-infra/variables.tf: on_demand (the default) or spot.
func TestHostCapacity(t *testing.T) {
	base := "domain = \"example.com\"\nowner_email = \"me@example.com\"\n"
	tests := []struct {
		name, extra, want, wantErr string
	}{
		{"default is on demand", ``, "on_demand", ""},
		{"on demand", `host_capacity = "on_demand"`, "on_demand", ""},
		{"spot", `host_capacity = "spot"`, "spot", ""},
		{"hyphen", `host_capacity = "on-demand"`, "", `host_capacity "on-demand" is not one of on_demand, spot: set host_capacity = "on_demand"`},
		{"upper case", `host_capacity = "SPOT"`, "", `host_capacity "SPOT" is not one of on_demand, spot`},
		{"empty", `host_capacity = ""`, "", `host_capacity "" is not one of on_demand, spot`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("platform.tfvars", []byte(base+tt.extra+"\n"))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			err = c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if c.HostCapacity != tt.want {
					t.Errorf("HostCapacity = %q, want %q", c.HostCapacity, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
