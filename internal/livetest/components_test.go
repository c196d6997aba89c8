package livetest

import (
	"os/exec"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/hari328/platform/internal/monconfig"
)

// The collector the live test runs (tools/otelcol) and the one internal/monconfig validates the
// configurations with hold the same components, so a component added to one side only (a new
// exporter in a template, say) fails here instead of passing one check and not the other.
func TestCollectorDistributionMatchesTheConfigCheck(t *testing.T) {
	_, colBin, _ := pinnedBinaries(t, repoRoot(t))
	out, err := exec.Command(colBin, "components").Output()
	if err != nil {
		t.Fatalf("%s components: %v", colBin, err)
	}
	built, err := parseComponents(out)
	if err != nil {
		t.Fatalf("%s components: %v", colBin, err)
	}
	want, err := monconfig.CollectorComponents()
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffComponents(built, want); diff != "" {
		t.Errorf("tools/otelcol and internal/monconfig/collector.go differ: %s: add or remove the component on both sides (and rebuild with %s)", diff, installToolsScript)
	}
}

// parseComponents reads the kinds and names of `otelcol components` (YAML).
func parseComponents(b []byte) (map[string][]string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, kind := range []string{"receivers", "processors", "exporters", "connectors", "extensions"} {
		list, _ := doc[kind].([]any)
		names := []string{}
		for _, c := range list {
			if m, ok := c.(map[string]any); ok {
				if n, ok := m["name"].(string); ok {
					names = append(names, n)
				}
			}
		}
		slices.Sort(names)
		out[kind] = names
	}
	return out, nil
}

func diffComponents(built, want map[string][]string) string {
	var diff string
	for _, kind := range []string{"receivers", "processors", "exporters", "connectors", "extensions"} {
		if !slices.Equal(built[kind], want[kind]) {
			diff += kind + ": built " + fmtList(built[kind]) + ", config check " + fmtList(want[kind]) + "; "
		}
	}
	return diff
}

func fmtList(s []string) string {
	if len(s) == 0 {
		return "[]"
	}
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

func TestParseAndDiffComponents(t *testing.T) {
	in := []byte("receivers:\n  - name: otlp\n  - name: nop\nexporters:\n  - name: otlp_grpc\n")
	got, err := parseComponents(in)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		want     map[string][]string
		wantDiff bool
	}{
		{"same", map[string][]string{"receivers": {"nop", "otlp"}, "exporters": {"otlp_grpc"}}, false},
		{"missing exporter", map[string][]string{"receivers": {"nop", "otlp"}, "exporters": {"otlp_grpc", "otlp_http"}}, true},
		{"extra receiver", map[string][]string{"receivers": {"otlp"}, "exporters": {"otlp_grpc"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := diffComponents(got, tt.want); (d != "") != tt.wantDiff {
				t.Errorf("diff = %q, want a difference: %v", d, tt.wantDiff)
			}
		})
	}
}
