package config

import (
	"strings"
	"testing"
)

// The ECS capacity provider is named "<name_prefix>-hosts" and the CreateCapacityProvider API
// refuses names prefixed with "aws", "ecs" or "fargate" (ECS API reference,
// CreateCapacityProvider, request parameter name). The same rule is the second validation of
// name_prefix in terraform/base-infra/variables.tf and terraform/bootstrap/variables.tf.
func TestNamePrefixRefusesECSReservedPrefixes(t *testing.T) {
	tests := []struct {
		prefix string
		ok     bool
	}{
		{"platform", true},
		{"my-aws", true},
		{"p-ecs", true},
		{"fargat", true},
		{"aws", false},
		{"aws-platform", false},
		{"awsome", false},
		{"ecs", false},
		{"ecs-lab", false},
		{"fargate", false},
		{"fargate-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			c, err := Parse("t.tfvars", []byte("domain = \"example.com\"\nowner_email = \"me@example.com\"\nname_prefix = \""+tt.prefix+"\"\n"))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			switch {
			case tt.ok && err != nil:
				t.Fatalf("name_prefix %q refused: %v", tt.prefix, err)
			case !tt.ok && err == nil:
				t.Fatalf("name_prefix %q accepted, but ECS refuses the capacity provider name %s-hosts", tt.prefix, tt.prefix)
			case !tt.ok && !(strings.Contains(err.Error(), "name_prefix") && strings.Contains(err.Error(), "aws, ecs or fargate") && strings.Contains(err.Error(), `set e.g. name_prefix = "platform"`)):
				t.Fatalf("error = %v, want one naming name_prefix, the reserved prefixes and the fix", err)
			}
		})
	}
}
