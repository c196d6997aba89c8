package monconfig

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// unavailableComponent is a collector component the pinned otelcol-contrib image has but whose
// Go module this repository cannot build against (the module proxy does not serve
// loadbalancingexporter and servicegraphconnector at v0.165.0). Its block is checked against the
// keys its v0.165.0 source accepts, and the rest of the configuration is then validated by the
// collector's own loader with the component replaced (see stripUnavailable).
type unavailableComponent struct {
	kind, typ string
	// allowed lists the accepted keys per dotted path inside the component's block ("" is the
	// block itself); enums lists the accepted values of a key.
	allowed map[string][]string
	enums   map[string][]string
}

// unavailableComponents: keys from the components' Config structs (mapstructure tags) in
// opentelemetry-collector-contrib v0.165.0: exporter/loadbalancingexporter/config.go and
// resolver_aws_cloudmap.go; connector/servicegraphconnector/config.schema.yaml.
var unavailableComponents = []unavailableComponent{
	{
		kind: "exporters", typ: "loadbalancing",
		allowed: map[string][]string{
			"":                       {"timeout", "retry_on_failure", "sending_queue", "log_batcher", "protocol", "resolver", "routing_key", "routing_attributes"},
			"protocol":               {"otlp"},
			"resolver":               {"static", "dns", "k8s", "aws_cloud_map"},
			"resolver.aws_cloud_map": {"namespace", "service_name", "health_status", "interval", "timeout", "port"},
			"resolver.static":        {"hostnames"},
			"resolver.dns":           {"hostname", "port", "interval", "timeout"},
		},
		enums: map[string][]string{
			"routing_key":                          {"service", "traceID", "metric", "resource", "streamID", "attributes"},
			"resolver.aws_cloud_map.health_status": {"HEALTHY", "UNHEALTHY", "ALL", "HEALTHY_OR_ELSE_ALL"},
		},
	},
	{
		kind: "connectors", typ: "servicegraph",
		allowed: map[string][]string{
			"":      {"cache_loop", "database_name_attributes", "dimensions", "exponential_histogram_max_size", "latency_histogram_buckets", "metrics_flush_interval", "metrics_timestamp_offset", "store", "store_expiration_loop", "virtual_node_extra_label", "virtual_node_peer_attributes"},
			"store": {"max_items", "ttl"},
		},
	},
}

// stripUnavailable checks the blocks of unavailable components and returns the configuration
// with each of them replaced: an exporter by the nop exporter in every pipeline that used it, a
// connector removed from the pipelines it joins. What remains still goes through the
// collector's loader, so a typo anywhere else is still caught by the real code.
func stripUnavailable(rendered string) (string, error) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(rendered), &doc); err != nil {
		return "", fmt.Errorf("parse collector config: %w", err)
	}
	var errs []error
	for _, uc := range unavailableComponents {
		section, _ := doc[uc.kind].(map[string]any)
		for id, block := range section {
			if id != uc.typ && !strings.HasPrefix(id, uc.typ+"/") {
				continue
			}
			errs = append(errs, uc.check(id, block)...)
			delete(section, id)
			replaceInPipelines(doc, uc.kind, id)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("marshal collector config: %w", err)
	}
	return string(out), nil
}

func (uc unavailableComponent) check(id string, block any) []error {
	var errs []error
	var walk func(path string, v any)
	walk = func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		allowed, known := uc.allowed[path]
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := strings.TrimPrefix(path+"."+k, ".")
			if known && !slices.Contains(allowed, k) {
				errs = append(errs, fmt.Errorf("%s %s: unknown key %q: the v0.165.0 component accepts %s", uc.kind, id, child, strings.Join(allowed, ", ")))
				continue
			}
			if want, ok := uc.enums[child]; ok && !slices.Contains(want, fmt.Sprint(m[k])) {
				errs = append(errs, fmt.Errorf("%s %s: %s is %v, want one of %s", uc.kind, id, child, m[k], strings.Join(want, ", ")))
			}
			walk(child, m[k])
		}
	}
	if block == nil {
		block = map[string]any{}
	}
	walk("", block)
	return errs
}

// replaceInPipelines swaps an exporter for nop (declaring it) or removes a connector from the
// receivers and exporters of every pipeline.
func replaceInPipelines(doc map[string]any, kind, id string) {
	svc, _ := doc["service"].(map[string]any)
	pipelines, _ := svc["pipelines"].(map[string]any)
	for _, p := range pipelines {
		pm, ok := p.(map[string]any)
		if !ok {
			continue
		}
		for _, field := range []string{"receivers", "exporters"} {
			list, _ := pm[field].([]any)
			var out []any
			replaced := false
			for _, item := range list {
				if item != id {
					out = append(out, item)
					continue
				}
				if kind == "exporters" && !replaced {
					out = append(out, "nop")
					replaced = true
				}
			}
			if list != nil {
				pm[field] = out
			}
			if replaced {
				exporters, _ := doc["exporters"].(map[string]any)
				if exporters == nil {
					exporters = map[string]any{}
					doc["exporters"] = exporters
				}
				exporters["nop"] = nil
			}
		}
	}
}
