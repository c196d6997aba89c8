package layers

import (
	"slices"
	"strings"
	"testing"
)

func TestSelect(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"all by default", nil, []string{"bootstrap", "base-infra", "monitoring"}, ""},
		{"subset keeps dependency order", []string{"monitoring", "bootstrap"}, []string{"bootstrap", "monitoring"}, ""},
		{"single", []string{"base-infra"}, []string{"base-infra"}, ""},
		{"duplicates collapse", []string{"monitoring", "monitoring"}, []string{"monitoring"}, ""},
		{"unknown names the valid ones", []string{"base-infra", "network"}, nil, `unknown layer "network": use one or more of bootstrap, base-infra, monitoring`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(tt.args)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(Names(got), tt.want) {
				t.Fatalf("Select(%v) = %v, want %v", tt.args, Names(got), tt.want)
			}
		})
	}
}

func TestSelectForDestroy(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []string
		wantErr string
	}{
		{"default is every layer but bootstrap, reversed", nil, []string{"monitoring", "base-infra"}, ""},
		{"subset reversed", []string{"base-infra", "monitoring"}, []string{"monitoring", "base-infra"}, ""},
		{"single", []string{"monitoring"}, []string{"monitoring"}, ""},
		{"bootstrap refused", []string{"bootstrap"}, nil, "never destroys the bootstrap layer"},
		{"unknown", []string{"dns"}, nil, "unknown layer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectForDestroy(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(Names(got), tt.want) {
				t.Fatalf("SelectForDestroy(%v) = %v, want %v", tt.args, Names(got), tt.want)
			}
		})
	}
}

func TestLayerPaths(t *testing.T) {
	l, _ := Get(BaseInfra)
	if l.Dir() != "terraform/base-infra" || l.StateKey() != "base-infra/terraform.tfstate" {
		t.Fatalf("Dir/StateKey = %s, %s", l.Dir(), l.StateKey())
	}
}
