package livetest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hari328/platform/internal/monconfig"
)

// The configurations under test are the monitoring layer's own templates
// (terraform/monitoring/config), rendered with monconfig.Render, which renders exactly as
// Terraform's templatefile does. Only two kinds of value differ from a deployment:
//
//   - addresses: service names and listen addresses become loopback ports, through the
//     template variables that carry every address (monconfig.TemplateVars); nothing in the
//     rendered text is edited.
//   - timing: the intervals that would make the test wait minutes (scrape and discovery
//     refresh every 30s) are shortened (timingOverrides), so the test stays bounded.

// templateSet renders the monitoring layer's templates with the live test's variables.
type templateSet struct {
	dir string // terraform/monitoring/config
}

// render expands file with vars (only the variables the template uses are passed, as
// Terraform's templatefile requires none extra but every used one). A variable the live test
// has no value for is an error naming it.
func (s templateSet) render(file string, vars map[string]string) (string, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, file))
	if err != nil {
		return "", fmt.Errorf("read template: %w", err)
	}
	tmpl := string(b)
	used := map[string]string{}
	var missing []string
	for _, name := range monconfig.TemplateVariables(tmpl) {
		v, ok := vars[name]
		if !ok {
			missing = append(missing, name)
			continue
		}
		used[name] = v
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("render %s: the live test has no value for template variable(s) %s: add them to the vars in internal/livetest (addresses: a loopback address)", file, strings.Join(missing, ", "))
	}
	out, err := monconfig.Render(tmpl, used)
	if err != nil {
		return "", fmt.Errorf("render %s: %w", file, err)
	}
	return out, nil
}

// overrideLine replaces the one line `key: old` (exact indentation-insensitive match) in a
// rendered YAML document, failing when it is not there exactly once.
func overrideLine(doc, key, want string) (string, error) {
	lines := strings.Split(doc, "\n")
	found := 0
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, key+":") {
			indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
			lines[i] = indent + key + ": " + want
			found++
		}
	}
	if found == 0 {
		return "", fmt.Errorf("override %s: no line %q in the rendered configuration", key, key+":")
	}
	return strings.Join(lines, "\n"), nil
}

// Components the pinned otelcol-contrib image has but tools/otelcol cannot: the Go module proxy
// does not serve exporter/loadbalancingexporter or connector/servicegraphconnector (any
// version), so no binary built here contains them. replaceUnbuildable rewrites a rendered
// collector configuration so the rest of it runs unchanged:
//
//   - a `loadbalancing` exporter with a static resolver becomes the `otlp_grpc` exporter it
//     wraps (its protocol.otlp block, v0.165.0 exporter/loadbalancingexporter/config.go), sending
//     to the single resolved host: with one backend, the routing does nothing else;
//   - a `servicegraph` connector is removed from the pipelines: its metrics
//     (traces_service_graph_*) do not exist in the run, and a dashboard query on them fails.
//
// It returns what it replaced, for the test log.
func replaceUnbuildable(rendered string) (string, []string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(rendered), &doc); err != nil {
		return "", nil, fmt.Errorf("parse collector config: %w", err)
	}
	var notes []string
	rename := map[string]string{} // component id -> replacement ("" = remove)
	if exporters, ok := doc["exporters"].(map[string]any); ok {
		for id, block := range exporters {
			if id != "loadbalancing" && !strings.HasPrefix(id, "loadbalancing/") {
				continue
			}
			b, _ := block.(map[string]any)
			proto, _ := b["protocol"].(map[string]any)
			otlp, _ := proto["otlp"].(map[string]any)
			resolver, _ := b["resolver"].(map[string]any)
			static, _ := resolver["static"].(map[string]any)
			hosts, _ := static["hostnames"].([]any)
			if len(hosts) != 1 {
				return "", nil, fmt.Errorf("exporter %s: the live test needs a static resolver with one hostname, got %v", id, resolver)
			}
			repl := map[string]any{}
			for k, v := range otlp {
				repl[k] = v
			}
			repl["endpoint"] = hosts[0]
			for _, k := range []string{"sending_queue", "retry_on_failure", "timeout"} {
				if v, ok := b[k]; ok {
					repl[k] = v
				}
			}
			newID := "otlp_grpc/" + strings.ReplaceAll(id, "/", "_")
			delete(exporters, id)
			exporters[newID] = repl
			rename[id] = newID
			notes = append(notes, fmt.Sprintf("exporter %s -> %s to %v (loadbalancingexporter is not on the Go module proxy)", id, newID, hosts[0]))
		}
	}
	if connectors, ok := doc["connectors"].(map[string]any); ok {
		for id := range connectors {
			if id == "servicegraph" || strings.HasPrefix(id, "servicegraph/") {
				delete(connectors, id)
				rename[id] = ""
				notes = append(notes, fmt.Sprintf("connector %s removed (servicegraphconnector is not on the Go module proxy): no traces_service_graph_* metrics", id))
			}
		}
	}
	service, _ := doc["service"].(map[string]any)
	pipelines, _ := service["pipelines"].(map[string]any)
	for _, p := range pipelines {
		pm, _ := p.(map[string]any)
		for _, key := range []string{"receivers", "exporters"} {
			list, _ := pm[key].([]any)
			var out []any
			for _, c := range list {
				id, _ := c.(string)
				r, ok := rename[id]
				switch {
				case !ok:
					out = append(out, c)
				case r != "":
					out = append(out, r)
				}
			}
			if list != nil {
				pm[key] = out
			}
		}
	}
	b, err := yaml.Marshal(doc)
	if err != nil {
		return "", nil, err
	}
	slices.Sort(notes)
	return string(b), notes, nil
}
