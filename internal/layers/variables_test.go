package layers

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// TestVariablesMatchTheLayers keeps Variables equal to the variable blocks of
// every layer, both ways: a variable added to a layer but not here would be
// rejected in platform.tfvars, one removed from a layer but kept here would be
// accepted and silently ignored.
func TestVariablesMatchTheLayers(t *testing.T) {
	for _, l := range All {
		var got []string
		for _, d := range declared(t, l.Name, "") {
			if name, ok := strings.CutPrefix(d, "variable."); ok {
				got = append(got, name)
			}
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(Variables[l.Name]))
		if !slices.Equal(got, want) {
			t.Errorf("terraform/%s declares variables %v, but layers.Variables[%q] lists %v: update internal/layers/variables.go", l.Name, got, l.Name, want)
		}
	}
}

func TestSuggestVariable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nat_mod", "nat_mode"},
		{"natmode", "nat_mode"},
		{"domian", "domain"},
		{"owner_mail", "owner_email"},
		{"asg_desired", ""},
		{"instance_typ", "instance_type"},
		{"regoin", "region"},
		{"completely_unrelated", ""},
	}
	for _, tt := range tests {
		if got := SuggestVariable(tt.in); got != tt.want {
			t.Errorf("SuggestVariable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDeclaredBy(t *testing.T) {
	if got := DeclaredBy("region"); !slices.Equal(got, []string{Bootstrap, BaseInfra, Monitoring}) {
		t.Errorf("DeclaredBy(region) = %v", got)
	}
	if got := DeclaredBy("monitoring_retention_days"); !slices.Equal(got, []string{Monitoring}) {
		t.Errorf("DeclaredBy(monitoring_retention_days) = %v", got)
	}
	if got := DeclaredBy("nat_mod"); got != nil {
		t.Errorf("DeclaredBy(nat_mod) = %v, want none", got)
	}
}

// TestPlatformHostsAndServices reads the monitoring layer: every ECS service
// it runs must be in PlatformServices and every host it serves on the ALB in
// PlatformHosts, so `app new` refuses them. It understands both shapes the
// layer has had: calls of modules/ecs-service (name, host) and its own
// aws_ecs_service resources with a local.exposed map of hosts.
func TestPlatformHostsAndServices(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(here), "..", "..", "terraform", Monitoring)
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "locals"},
	}}
	var blocks []*hcl.Block
	locals := map[string]cty.Value{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hf, diags := hclparse.NewParser().ParseHCL(src, f)
		if diags.HasErrors() {
			t.Fatalf("parse %s: %s", f, diags.Error())
		}
		content, _, _ := hf.Body.PartialContent(schema)
		for _, b := range content.Blocks {
			if b.Type != "locals" {
				blocks = append(blocks, b)
				continue
			}
			attrs, _ := b.Body.JustAttributes()
			for name, a := range attrs {
				if v, d := a.Expr.Value(nil); !d.HasErrors() { // literal locals only
					locals[name] = v
				}
			}
		}
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"local": cty.ObjectVal(locals)}}
	str := func(attrs hcl.Attributes, key string) (string, bool) {
		a, ok := attrs[key]
		if !ok {
			return "", false
		}
		v, d := a.Expr.Value(ctx)
		if d.HasErrors() || v.IsNull() || !v.Type().Equals(cty.String) {
			return "", false
		}
		return v.AsString(), true
	}
	var hosts, services []string
	if exposed, ok := locals["exposed"]; ok && exposed.CanIterateElements() {
		for k := range exposed.AsValueMap() {
			hosts = append(hosts, k)
		}
	}
	for _, b := range blocks {
		attrs, _ := b.Body.JustAttributes()
		switch {
		case b.Type == "module":
			if src, _ := str(attrs, "source"); src != "../modules/ecs-service" {
				continue
			}
			if n, ok := str(attrs, "name"); ok {
				services = append(services, n)
			}
			if h, ok := str(attrs, "host"); ok {
				hosts = append(hosts, h)
			}
		case b.Type == "resource" && b.Labels[0] == "aws_ecs_service":
			n, ok := str(attrs, "name")
			if !ok {
				t.Errorf("cannot read the name of aws_ecs_service.%s in terraform/monitoring: keep it a literal or a literal local", b.Labels[1])
			}
			services = append(services, n)
		}
	}
	if len(services) == 0 || len(hosts) == 0 {
		t.Fatalf("found services %v and hosts %v in %s: update this test to the layer's shape", services, hosts, dir)
	}
	for _, h := range hosts {
		if !slices.Contains(PlatformHosts, h) {
			t.Errorf("terraform/monitoring serves host %q, missing from layers.PlatformHosts", h)
		}
	}
	for _, n := range services {
		if !slices.Contains(PlatformServices, n) {
			t.Errorf("terraform/monitoring runs ECS service %q, missing from layers.PlatformServices", n)
		}
	}
}
