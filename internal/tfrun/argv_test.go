package tfrun

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestArgv(t *testing.T) {
	b := Backend{Bucket: "platform-tfstate-123", Region: "us-east-1"}
	o := Options{VarFile: "/repo/platform.tfvars"}
	tests := []struct {
		name string
		got  []string
		want string
	}{
		{"init s3", InitS3(b, "base-infra/terraform.tfstate", false),
			"init -input=false -backend-config=bucket=platform-tfstate-123 -backend-config=key=base-infra/terraform.tfstate -backend-config=region=us-east-1 -backend-config=use_lockfile=true -backend-config=encrypt=true -no-color"},
		{"init s3 on a terminal keeps colour", InitS3(b, "monitoring/terraform.tfstate", true),
			"init -input=false -backend-config=bucket=platform-tfstate-123 -backend-config=key=monitoring/terraform.tfstate -backend-config=region=us-east-1 -backend-config=use_lockfile=true -backend-config=encrypt=true"},
		{"init local", InitLocal(false, false), "init -input=false -no-color"},
		{"init local, reconfigured", InitLocal(true, false), "init -input=false -reconfigure -no-color"},
		{"plan", Plan(o), "plan -input=false -compact-warnings -var-file=/repo/platform.tfvars -no-color"},
		{"apply up", Apply(o, true), "apply -input=false -compact-warnings -auto-approve -var-file=/repo/platform.tfvars -no-color"},
		{"apply targeted with var", Apply(Options{VarFile: "/c.tfvars", Vars: []Var{{"wait_for_certificate", "true"}}, Targets: []string{"aws_route53_zone.this"}, Color: true}, true),
			"apply -input=false -compact-warnings -auto-approve -var-file=/c.tfvars -var wait_for_certificate=true -target=aws_route53_zone.this"},
		{"destroy drops targets", Destroy(Options{VarFile: "/c.tfvars", Targets: []string{"x.y"}}, true),
			"destroy -input=false -compact-warnings -auto-approve -var-file=/c.tfvars -no-color"},
		{"output", Output(), "output -json -no-color"},
		{"state list", StateList(), "state list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tt.got, " "); got != tt.want {
				t.Errorf("argv =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	got := CommandLine("/repo/terraform/base-infra", "terraform", []string{"plan", "-var-file=/my repo/p.tfvars", "-var", "a=it's"})
	want := `cd /repo/terraform/base-infra && terraform plan '-var-file=/my repo/p.tfvars' -var 'a=it'\''s'`
	if got != want {
		t.Fatalf("CommandLine =\n  %s\nwant\n  %s", got, want)
	}
}

func TestChooseBinary(t *testing.T) {
	type bins map[string]string // name -> version ("" = not on PATH)
	tests := []struct {
		name    string
		env     string
		path    bins
		want    string
		wantErr string
	}{
		{"terraform new enough", "", bins{"terraform": "1.11.4", "tofu": "1.12.6"}, "/bin/terraform", ""},
		{"terraform too old falls back to tofu", "", bins{"terraform": "1.5.7", "tofu": "1.12.6"}, "/bin/tofu", ""},
		{"only tofu", "", bins{"tofu": "1.10.0"}, "/bin/tofu", ""},
		{"harness value all means the default", "all", bins{"terraform": "1.11.4", "tofu": "1.12.6"}, "/bin/terraform", ""},
		{"env picks tofu", "tofu", bins{"terraform": "1.11.4", "tofu": "1.12.6"}, "/bin/tofu", ""},
		{"env path", "/opt/tf/terraform", bins{"/opt/tf/terraform": "1.10.1"}, "/bin//opt/tf/terraform", ""},
		{"nothing", "", bins{}, "", "install Terraform >= 1.10.0 or OpenTofu"},
		{"env missing", "tofu", bins{"terraform": "1.11.4"}, "", "PLATFORM_TF=tofu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == "PLATFORM_TF" {
					return tt.env
				}
				return ""
			}
			look := func(name string) (string, error) {
				if _, ok := tt.path[name]; ok {
					return "/bin/" + name, nil
				}
				return "", errors.New("not found")
			}
			ver := func(bin string) (string, error) { return tt.path[strings.TrimPrefix(bin, "/bin/")], nil }
			got, err := ChooseBinary(getenv, look, ver)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ChooseBinary = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestParseOutputs(t *testing.T) {
	outs, err := ParseOutputs([]byte(`{"name_servers":{"sensitive":false,"type":["list","string"],"value":["ns-1.awsdns-01.org","ns-2.awsdns-02.net"]},"bucket":{"sensitive":false,"type":"string","value":"b"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Strings(outs, "name_servers"); !slices.Equal(got, []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.net"}) {
		t.Errorf("name_servers = %v", got)
	}
	if String(outs, "bucket") != "b" || String(outs, "missing") != "" {
		t.Errorf("String mismatch")
	}
	if outs, err := ParseOutputs([]byte("{}\n")); err != nil || len(outs) != 0 {
		t.Errorf("empty outputs: %v %v", outs, err)
	}
}
