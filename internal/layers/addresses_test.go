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
)

// declared lists "resource.TYPE.NAME", "variable.NAME" and "output.NAME" for
// every block of the .tf files of a layer (or of one file when file != "").
func declared(t *testing.T, layer, file string) []string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(here), "..", "..", "terraform", layer)
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s: %v", dir, err)
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
	}}
	p := hclparse.NewParser()
	var out []string
	for _, f := range files {
		if file != "" && filepath.Base(f) != file {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hf, diags := p.ParseHCL(src, f)
		if diags.HasErrors() {
			t.Fatalf("parse %s: %s", f, diags.Error())
		}
		content, _, _ := hf.Body.PartialContent(schema)
		for _, b := range content.Blocks {
			out = append(out, b.Type+"."+strings.Join(b.Labels, "."))
		}
	}
	return out
}

func TestCertificatePhaseTargetsExistInDNSFile(t *testing.T) {
	got := declared(t, BaseInfra, "dns.tf")
	for _, addr := range CertificatePhaseTargets {
		if !slices.Contains(got, "resource."+addr) {
			t.Errorf("terraform/base-infra/dns.tf has no resource %s: `platformctl up` phase 1 targets it; update layers.CertificatePhaseTargets with the new address", addr)
		}
	}
	if !slices.Contains(declared(t, BaseInfra, "variables.tf"), "variable."+WaitForCertificateVar) {
		t.Errorf("base-infra does not declare variable %s that `up` sets in phase 2", WaitForCertificateVar)
	}
}

func TestDeletionProtectionAddressesExist(t *testing.T) {
	for layer, p := range DeletionProtection {
		got := declared(t, layer, "")
		for _, addr := range p.Targets {
			if !slices.Contains(got, "resource."+addr) {
				t.Errorf("terraform/%s has no resource %s that `down` unprotects", layer, addr)
			}
		}
		for _, v := range p.Vars {
			if !slices.Contains(got, "variable."+v) {
				t.Errorf("terraform/%s does not declare variable %s that `down` sets to false", layer, v)
			}
		}
	}
}

func TestOutputsReadByPlatformctlExist(t *testing.T) {
	want := map[string][]string{
		BaseInfra:  {OutputNameServers, OutputCertificateARN, OutputClusterName},
		Bootstrap:  {OutputStateBucket, OutputStateBucketRegion},
		Monitoring: {OutputMonitoringServices},
	}
	for layer, names := range want {
		got := declared(t, layer, "outputs.tf")
		for _, n := range names {
			if !slices.Contains(got, "output."+n) {
				t.Errorf("terraform/%s/outputs.tf has no output %q that platformctl reads", layer, n)
			}
		}
	}
}
