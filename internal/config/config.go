// Package config reads the platform's shared configuration file
// (platform.tfvars, see docs/contract.md) into a typed struct and checks it
// with the same rules as the Terraform variable validations.
package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/hari328/platform/internal/layers"
)

// Config is the shared configuration passed with -var-file to every layer.
// Field names follow the variable names of docs/contract.md.
type Config struct {
	Region       string
	NamePrefix   string
	Domain       string
	OwnerEmail   string
	NATMode      string
	InstanceType string
	// HostCapacity is how the ECS hosts are bought: "on_demand" or "spot"
	// (terraform/base-infra variable host_capacity, docs/ecs-ec2-alb.md).
	HostCapacity          string
	ASGMinSize            int
	ASGMaxSize            int
	ASGDesiredCapacity    int
	ALBDeletionProtection bool
	WaitForCertificate    bool
	GoogleClientID        string
	PresignupLambdaZip    string
	// CognitoCustomDomain is the optional custom domain of the sign-in pages
	// (auth.<domain>); "" = the free Cognito prefix domain.
	CognitoCustomDomain string
	// Keys are the variable names the file sets, in file order.
	Keys []string
	// Monitoring holds the monitoring_* variables as written in the file;
	// the monitoring layer owns their meaning.
	Monitoring map[string]cty.Value
	// Path is the file the configuration was read from.
	Path string
}

// Defaults are the values Terraform uses when the file leaves a variable out
// (the defaults of the layers' variables.tf).
func Defaults() Config {
	return Config{
		Region:                "us-east-1",
		NamePrefix:            "platform",
		NATMode:               "gateway",
		InstanceType:          "t3.medium",
		HostCapacity:          "on_demand",
		ASGMinSize:            1,
		ASGMaxSize:            2,
		ASGDesiredCapacity:    1,
		ALBDeletionProtection: true,
		WaitForCertificate:    false,
		PresignupLambdaZip:    "build/presignup.zip",
		Monitoring:            map[string]cty.Value{},
	}
}

// file mirrors the variables platformctl understands; every one is optional
// so that Terraform's defaults apply when the file leaves it out.
type file struct {
	Region                *string  `hcl:"region,optional"`
	NamePrefix            *string  `hcl:"name_prefix,optional"`
	Domain                *string  `hcl:"domain,optional"`
	OwnerEmail            *string  `hcl:"owner_email,optional"`
	NATMode               *string  `hcl:"nat_mode,optional"`
	InstanceType          *string  `hcl:"instance_type,optional"`
	HostCapacity          *string  `hcl:"host_capacity,optional"`
	ASGMinSize            *int     `hcl:"asg_min_size,optional"`
	ASGMaxSize            *int     `hcl:"asg_max_size,optional"`
	ASGDesiredCapacity    *int     `hcl:"asg_desired_capacity,optional"`
	ALBDeletionProtection *bool    `hcl:"alb_deletion_protection,optional"`
	WaitForCertificate    *bool    `hcl:"wait_for_certificate,optional"`
	GoogleClientID        *string  `hcl:"google_client_id,optional"`
	GoogleClientSecret    *string  `hcl:"google_client_secret,optional"`
	PresignupLambdaZip    *string  `hcl:"presignup_lambda_zip,optional"`
	CognitoCustomDomain   *string  `hcl:"cognito_custom_domain,optional"`
	Remain                hcl.Body `hcl:",remain"`
}

// Load reads and parses the file at path. It does not validate: call Validate.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("read config %s: file not found: copy platform.example.tfvars to platform.tfvars and edit it, or pass --config", path)
		}
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return Parse(path, src)
}

// Parse decodes tfvars source; filename is used in error messages.
func Parse(filename string, src []byte) (*Config, error) {
	f, diags := hclparse.NewParser().ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parse config %s: %s: fix the syntax (it is HCL, like a .tfvars file)", filename, firstDiag(diags))
	}
	keys, err := checkKeys(filename, f)
	if err != nil {
		return nil, err
	}
	var raw file
	if diags := gohcl.DecodeBody(f.Body, nil, &raw); diags.HasErrors() {
		return nil, fmt.Errorf("parse config %s: %s: write plain values (strings in quotes, numbers, true/false)", filename, firstDiag(diags))
	}
	if raw.GoogleClientSecret != nil {
		return nil, fmt.Errorf("parse config %s: google_client_secret must not be in the file: delete the line and export TF_VAR_google_client_secret instead", filename)
	}
	c := Defaults()
	c.Path = filename
	c.Keys = keys
	set(&c.Region, raw.Region)
	set(&c.NamePrefix, raw.NamePrefix)
	set(&c.Domain, raw.Domain)
	set(&c.OwnerEmail, raw.OwnerEmail)
	set(&c.NATMode, raw.NATMode)
	set(&c.InstanceType, raw.InstanceType)
	set(&c.HostCapacity, raw.HostCapacity)
	set(&c.ASGMinSize, raw.ASGMinSize)
	set(&c.ASGMaxSize, raw.ASGMaxSize)
	set(&c.ASGDesiredCapacity, raw.ASGDesiredCapacity)
	set(&c.ALBDeletionProtection, raw.ALBDeletionProtection)
	set(&c.WaitForCertificate, raw.WaitForCertificate)
	set(&c.GoogleClientID, raw.GoogleClientID)
	set(&c.PresignupLambdaZip, raw.PresignupLambdaZip)
	set(&c.CognitoCustomDomain, raw.CognitoCustomDomain)

	attrs, diags := raw.Remain.JustAttributes()
	if diags.HasErrors() {
		return nil, fmt.Errorf("parse config %s: %s: the file holds only name = value lines", filename, firstDiag(diags))
	}
	for name, attr := range attrs {
		if !strings.HasPrefix(name, "monitoring_") {
			continue // declared by a layer (checkKeys), not read by platformctl
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parse config %s: %s: write a plain value", filename, firstDiag(diags))
		}
		c.Monitoring[name] = v
	}
	return &c, nil
}

// checkKeys returns the names the file sets, in file order, and refuses a
// name no layer declares. Terraform only warns about a value for an
// undeclared variable in a -var-file and applies the variable's default
// instead ("Value for undeclared variable", a warning since Terraform 0.12),
// so a typo such as nat_mod = "none" would deploy the default NAT gateway.
func checkKeys(filename string, f *hcl.File) ([]string, error) {
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, nil
	}
	if len(body.Blocks) > 0 {
		b := body.Blocks[0]
		return nil, fmt.Errorf("parse config %s: line %d: %s { ... } is a block: the file holds only name = value lines (write %s = { ... })", filename, b.TypeRange.Start.Line, b.Type, b.Type)
	}
	attrs := slices.SortedFunc(maps.Values(body.Attributes), func(a, b *hclsyntax.Attribute) int {
		return a.SrcRange.Start.Byte - b.SrcRange.Start.Byte
	})
	var keys []string
	for _, a := range attrs {
		if len(layers.DeclaredBy(a.Name)) == 0 {
			if s := layers.SuggestVariable(a.Name); s != "" {
				return nil, fmt.Errorf("parse config %s: line %d: no layer declares %s (Terraform would ignore it): did you mean %s? rename it, or delete the line", filename, a.SrcRange.Start.Line, a.Name, s)
			}
			return nil, fmt.Errorf("parse config %s: line %d: no layer declares %s (Terraform would ignore it): delete the line (the keys are listed in docs/contract.md)", filename, a.SrcRange.Start.Line, a.Name)
		}
		keys = append(keys, a.Name)
	}
	return keys, nil
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func firstDiag(diags hcl.Diagnostics) string {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			s := d.Summary
			if d.Detail != "" {
				s += ": " + strings.TrimSuffix(d.Detail, ".")
			}
			if d.Subject != nil {
				s = fmt.Sprintf("line %d: %s", d.Subject.Start.Line, s)
			}
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return diags.Error()
}

// MaxASGSize is the largest asg_max_size the base-infra validation accepts.
const MaxASGSize = 10

// NATModes are the accepted values of nat_mode (docs/decisions/0018-cost-profiles.md).
var NATModes = []string{"gateway", "instance", "none"}

// HostCapacities are the accepted values of host_capacity (docs/ecs-ec2-alb.md).
var HostCapacities = []string{"on_demand", "spot"}

var (
	namePrefixRE = regexp.MustCompile(`^[a-z][a-z0-9-]{1,18}[a-z0-9]$`)
	domainRE     = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	emailRE      = regexp.MustCompile(`^[^@\s]+@([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$`)
	regionRE     = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`)
	instanceRE   = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	googleIDRE   = regexp.MustCompile(`^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$`)
)

// ValidEmail reports whether s looks like an email address (the rule the
// Terraform validation and `platformctl friends` use).
func ValidEmail(s string) bool { return emailRE.MatchString(s) }

// Validate checks the values with the rules of the Terraform validations
// (terraform/base-infra/variables.tf: the regular expressions are copied) and
// returns the first problem as a one-line error naming the fix.
func (c *Config) Validate() error {
	where := c.Path
	if where == "" {
		where = "config"
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("invalid config %s: %s", where, fmt.Sprintf(format, a...))
	}
	switch {
	case !regionRE.MatchString(c.Region):
		return fail("region %q is not an AWS region: set region = \"us-east-1\" (or another region code)", c.Region)
	case !namePrefixRE.MatchString(c.NamePrefix):
		return fail("name_prefix %q must be 3-20 lowercase letters, digits or hyphens, starting with a letter: set e.g. name_prefix = \"platform\"", c.NamePrefix)
	case strings.HasPrefix(c.NamePrefix, "aws") || strings.HasPrefix(c.NamePrefix, "ecs") || strings.HasPrefix(c.NamePrefix, "fargate"):
		// ECS CreateCapacityProvider refuses names prefixed with aws, ecs or fargate; the
		// capacity provider is <name_prefix>-hosts (terraform/base-infra/variables.tf).
		return fail("name_prefix %q must not start with aws, ecs or fargate (ECS refuses such capacity provider names): set e.g. name_prefix = \"platform\"", c.NamePrefix)
	case c.Domain == "":
		return fail("domain is missing: set domain = \"example.com\" (the domain you bought)")
	case !domainRE.MatchString(c.Domain):
		return fail("domain %q is not a lowercase domain name: set e.g. domain = \"hari328.net\"", c.Domain)
	case c.OwnerEmail == "":
		return fail("owner_email is missing: set owner_email = \"you@example.com\"")
	case !ValidEmail(c.OwnerEmail):
		return fail("owner_email %q is not an email address: set owner_email = \"you@example.com\"", c.OwnerEmail)
	case !slices.Contains(NATModes, c.NATMode):
		return fail("nat_mode %q is not one of %s: set nat_mode = \"gateway\"", c.NATMode, strings.Join(NATModes, ", "))
	case !instanceRE.MatchString(c.InstanceType):
		return fail("instance_type %q is not an EC2 instance type: set e.g. instance_type = \"t3.medium\"", c.InstanceType)
	case !slices.Contains(HostCapacities, c.HostCapacity):
		return fail("host_capacity %q is not one of %s: set host_capacity = \"on_demand\" (or \"spot\" for Spot hosts)", c.HostCapacity, strings.Join(HostCapacities, ", "))
	case c.ASGMinSize < 0:
		return fail("asg_min_size %d is negative: set asg_min_size = 1", c.ASGMinSize)
	case c.ASGMaxSize < 1 || c.ASGMaxSize > MaxASGSize:
		return fail("asg_max_size %d must be from 1 to %d: set asg_max_size = 2", c.ASGMaxSize, MaxASGSize)
	case c.ASGMinSize > c.ASGMaxSize:
		return fail("asg_min_size %d is above asg_max_size %d: make asg_min_size <= asg_max_size", c.ASGMinSize, c.ASGMaxSize)
	case c.ASGDesiredCapacity < c.ASGMinSize || c.ASGDesiredCapacity > c.ASGMaxSize:
		return fail("asg_desired_capacity %d is outside asg_min_size..asg_max_size (%d..%d): set it between them", c.ASGDesiredCapacity, c.ASGMinSize, c.ASGMaxSize)
	case c.GoogleClientID != "" && !googleIDRE.MatchString(c.GoogleClientID):
		return fail("google_client_id %q is not a Google OAuth client id: copy it from the Google console (1234567890-abc.apps.googleusercontent.com)", c.GoogleClientID)
	case !strings.HasSuffix(c.PresignupLambdaZip, ".zip"):
		return fail("presignup_lambda_zip %q is not a .zip file: remove the line to use build/presignup.zip", c.PresignupLambdaZip)
	}
	return nil
}

// ExampleFile is the example configuration at the repository root: the
// template users copy to platform.tfvars.
const ExampleFile = "platform.example.tfvars"

// Placeholder is a value of a configuration that is still the example file's.
type Placeholder struct {
	Key, Value string
}

// Placeholders returns the values of c that are still the example's for the
// keys that must be the user's own: the owner's email (seeded into the SSO
// allowlist and made Grafana admin) and the Google OAuth client id. The
// domain is not one of them: the example carries the owner's real domain
// (the architecture names it), so a copy that keeps it is correct. The
// example values are read from the example file itself (example), so they
// cannot drift from it.
func (c *Config) Placeholders(example *Config) []Placeholder {
	var out []Placeholder
	for _, v := range []struct{ key, mine, example string }{
		{"owner_email", c.OwnerEmail, example.OwnerEmail},
		{"google_client_id", c.GoogleClientID, example.GoogleClientID},
	} {
		if v.example != "" && strings.EqualFold(v.mine, v.example) {
			out = append(out, Placeholder{Key: v.key, Value: v.mine})
		}
	}
	return out
}
