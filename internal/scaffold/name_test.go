package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestValidateName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"orders", ""},
		{"order-api", ""},
		{"a1", ""},
		{"api2-v3", ""},
		{strings.Repeat("a", 31), ""},
		{"orders-", "do not end with a hyphen"},
		{"a--b", "use single hyphens"},
		{"-orders", "start with a lowercase letter"},
		{"1orders", "start with a lowercase letter"},
		{"Orders", "start with a lowercase letter"},
		{"o", "use 2 to 31 characters"},
		{strings.Repeat("a", 32), "use 2 to 31 characters"},
		{"order_api", "use only lowercase letters, digits and hyphens"},
		{"order.api", "use only lowercase letters, digits and hyphens"},
		{"orDers", "use only lowercase letters, digits and hyphens"},
		{"grafana", "taken by the platform's own grafana service"},
		{"otel-collector", "taken by the platform's own otel-collector service"},
	}
	for _, tt := range tests {
		err := ValidateName(tt.name)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ValidateName(%q) = %v, want ok", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("ValidateName(%q) = %v, want %q", tt.name, err, tt.want)
		case err == nil && !nameRE.MatchString(tt.name):
			t.Errorf("ValidateName(%q) accepted a name NamePattern refuses", tt.name)
		}
	}
}

func TestValidateHost(t *testing.T) {
	tests := []struct {
		host     string
		reserved []string
		want     string
	}{
		{"api", nil, ""},
		{"shop", []string{"login"}, ""},
		{"grafana", nil, "a host the platform serves itself"},
		{"prometheus", nil, "a host the platform serves itself"},
		{"auth", nil, "a host the platform serves itself"},
		{"login", []string{"login"}, "a host the platform serves itself"},
		{"shop.eu", nil, "use one DNS label"},
		{"-shop", nil, "use one DNS label"},
	}
	for _, tt := range tests {
		err := ValidateHost(tt.host, tt.reserved...)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ValidateHost(%q, %v) = %v, want %q", tt.host, tt.reserved, err, tt.want)
		}
	}
}

// TestModuleUsesTheSameNameRule: the ecs-service module's name validation
// uses NamePattern and the same length bounds, so `app new` and
// `terraform plan` agree on every name.
func TestModuleUsesTheSameNameRule(t *testing.T) {
	path := filepath.Join("..", "..", "terraform", "modules", "ecs-service", "variables.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}}})
	var cond string
	for _, b := range content.Blocks {
		if b.Labels[0] != "name" {
			continue
		}
		for _, v := range b.Body.(*hclsyntax.Body).Blocks {
			if v.Type == "validation" {
				r := v.Body.Attributes["condition"].Expr.Range()
				cond += string(r.SliceBytes(src)) + "\n"
			}
		}
	}
	for _, want := range []string{`regex("` + NamePattern + `", var.name)`, "length(var.name) >= 2", "length(var.name) <= 31"} {
		if !strings.Contains(cond, want) {
			t.Errorf("the name validation of %s does not contain %s; conditions:\n%s", path, want, cond)
		}
	}
}
