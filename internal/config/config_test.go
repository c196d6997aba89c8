package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hari328/platform/internal/layers"
)

func TestExampleFileParsesAndValidates(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "platform.example.tfvars")
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.Domain != "hari328.net" || c.NATMode != "gateway" || c.InstanceType != "t3.medium" || c.ASGMaxSize != 2 {
		t.Errorf("unexpected values: %+v", c)
	}
}

func TestParseDefaultsAndMonitoring(t *testing.T) {
	c, err := Parse("t.tfvars", []byte(`
domain      = "example.com"
owner_email = "me@example.com"
monitoring_retention_days = { prometheus = 14 }
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Region != "us-east-1" || c.NamePrefix != "platform" || c.NATMode != "gateway" || !c.ALBDeletionProtection || c.PresignupLambdaZip != "build/presignup.zip" {
		t.Errorf("defaults not applied: %+v", c)
	}
	if v, ok := c.Monitoring["monitoring_retention_days"]; !ok || v.GetAttr("prometheus").AsBigFloat().String() != "14" {
		t.Errorf("monitoring_* value not kept: %v", c.Monitoring)
	}
}

func TestValidate(t *testing.T) {
	base := `domain = "example.com"
owner_email = "me@example.com"
`
	tests := []struct {
		name, extra, wantErr string
	}{
		{"ok", ``, ""},
		{"nat mode", `nat_mode = "cheap"`, "nat_mode"},
		{"instance nat mode ok", `nat_mode = "instance"`, ""},
		{"none nat mode ok", `nat_mode = "none"`, ""},
		{"domain upper", `domain = "Example.COM"`, "domain"},
		{"domain no dot", `domain = "localhost"`, "domain"},
		{"name prefix short", `name_prefix = "p"`, "name_prefix"},
		{"name prefix trailing hyphen", `name_prefix = "plat-"`, "name_prefix"},
		{"email", `owner_email = "not-an-email"`, "owner_email"},
		{"min above max", "asg_min_size = 3\nasg_max_size = 2", "asg_min_size"},
		{"desired above max", "asg_desired_capacity = 5", "asg_desired_capacity"},
		{"max zero", "asg_min_size = 0\nasg_max_size = 0\nasg_desired_capacity = 0", "asg_max_size"},
		{"max eleven", "asg_max_size = 11", "asg_max_size"},
		{"instance type", `instance_type = "large"`, "instance_type"},
		{"graviton ok", `instance_type = "t4g.medium"`, ""},
		{"region", `region = "mars"`, "region"},
		{"google client id", `google_client_id = "my-client"`, "google_client_id"},
		{"google client id ok", `google_client_id = "1234567890-abc123.apps.googleusercontent.com"`, ""},
		{"lambda zip", `presignup_lambda_zip = "build/presignup"`, "presignup_lambda_zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := base + tt.extra + "\n"
			// Later assignments of the same name are an HCL error, so
			// overriding values replace the base lines instead.
			for _, k := range []string{"domain", "owner_email"} {
				if strings.Contains(tt.extra, k+" =") {
					src = strings.Replace(src, lineOf(base, k), "", 1)
				}
			}
			c, err := Parse("t.tfvars", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one naming %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Fatalf("error must be one line: %q", err)
			}
		})
	}
}

func lineOf(src, key string) string {
	for _, l := range strings.SplitAfter(src, "\n") {
		if strings.HasPrefix(l, key+" ") {
			return l
		}
	}
	return ""
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, content, want string }{
		{"missing", "", "copy platform.example.tfvars"},
		{"syntax", "domain = \n", "fix the syntax"},
		{"wrong type", "asg_min_size = \"one\"\n", "plain values"},
		{"secret in file", "google_client_secret = \"x\"\n", "TF_VAR_google_client_secret"},
		{"missing domain", "owner_email = \"a@b.co\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name+".tfvars")
			if tt.name != "missing" {
				if err := os.WriteFile(p, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			c, err := Load(p)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "domain is missing") {
					t.Fatalf("Validate = %v, want domain is missing", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error must be one line: %q", err)
			}
		})
	}
}

// TestUnknownKeys: a key no layer declares is refused with the closest
// declared name (Terraform would only warn and apply the default).
func TestUnknownKeys(t *testing.T) {
	base := "domain = \"example.com\"\nowner_email = \"me@example.com\"\n"
	tests := []struct{ name, extra, want string }{
		{"typo of nat_mode", `nat_mod = "none"`, "line 3: no layer declares nat_mod (Terraform would ignore it): did you mean nat_mode? rename it, or delete the line"},
		{"typo of domain", `domian = "example.org"`, "did you mean domain?"},
		{"camel case", `natMode = "none"`, "did you mean nat_mode?"},
		{"unrelated", `colour = "blue"`, "no layer declares colour (Terraform would ignore it): delete the line"},
		{"block", "tags {\n  a = 1\n}", "line 3: tags { ... } is a block"},
		{"old monitoring key", `monitoring_log_retention_days = 14`, "no layer declares monitoring_log_retention_days"},
		{"declared but not read by platformctl", `sso_log_retention_days = 30`, ""},
		{"cognito custom domain", `cognito_custom_domain = "auth.example.com"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("p.tfvars", []byte(base+tt.extra+"\n"))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, %v; want error containing %q", c, err, tt.want)
			}
		})
	}
}

// TestEveryLayerVariableIsAccepted: each variable any layer declares may be
// set in the file (google_client_secret is declared but refused on purpose:
// it is a secret).
func TestEveryLayerVariableIsAccepted(t *testing.T) {
	for _, v := range layers.SharedVariables() {
		if v == "google_client_secret" {
			continue
		}
		_, err := Parse("p.tfvars", []byte(v+" = null\n"))
		if err != nil && strings.Contains(err.Error(), "no layer declares") {
			t.Errorf("%s is declared by %v but refused: %v", v, layers.DeclaredBy(v), err)
		}
	}
}

func TestKeysInFileOrder(t *testing.T) {
	c, err := Parse("p.tfvars", []byte("owner_email = \"a@b.co\"\ndomain = \"b.co\"\nregion = \"us-east-1\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Keys, ","); got != "owner_email,domain,region" {
		t.Errorf("Keys = %s", got)
	}
}

func TestPlaceholders(t *testing.T) {
	example := &Config{Domain: "hari328.net", OwnerEmail: "owner@hari328.net", GoogleClientID: "000-x.apps.googleusercontent.com"}
	tests := []struct {
		name string
		c    Config
		want string
	}{
		{"both placeholders (the domain is the owner's own)", *example, "owner_email,google_client_id"},
		{"own values", Config{Domain: "me.dev", OwnerEmail: "me@me.dev", GoogleClientID: "1-a.apps.googleusercontent.com"}, ""},
		{"only the owner", Config{Domain: "me.dev", OwnerEmail: "OWNER@hari328.net"}, "owner_email"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range tt.c.Placeholders(example) {
			got = append(got, p.Key)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s: Placeholders = %v, want %s", tt.name, got, tt.want)
		}
	}
}
