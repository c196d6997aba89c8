package monconfig

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"golang.org/x/mod/modfile"
)

// configDir is terraform/monitoring/config, relative to this package.
var configDir = filepath.Join("..", "..", "terraform", "monitoring", "config")

// fixtureVars are the template variables terraform/monitoring passes to templatefile, with
// example values as terraform renders them (TemplateVars lists the names per template;
// TestTemplateVarsMatchTerraform checks them against main.tf).
var fixtureVars = map[string]string{
	"gateway_resolver":         `{"aws_cloud_map":{"health_status":"HEALTHY_OR_ELSE_ALL","interval":"15s","namespace":"platform-monitoring","service_name":"otel-gateway","timeout":"5s"}}`,
	"loki_endpoint":            "http://loki:3100/otlp",
	"tempo_otlp_endpoint":      "tempo:4317",
	"prometheus_otlp_endpoint": "http://prometheus:9090/api/v1/otlp",
	"name_prefix":              "platform",
	"otlp_grpc_listen":         "0.0.0.0:4317",
	"otlp_http_listen":         "0.0.0.0:4318",
	"region":                   "us-east-1",
	"cluster_name":             "platform",
	"bucket":                   "platform-telemetry-123456789012",
	"retention_hours":          "720",
	"ecs_sd_file":              "/ecs-sd/targets.yaml",
	"prometheus_version":       "v3.16.0",
	"collector_version":        "0.165.0",
	"loki_version":             "3.6.0",
	"tempo_version":            "3.0.5",
}

func readFile(t *testing.T, parts ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{configDir}, parts...)...))
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Join(parts...), err)
	}
	return string(b)
}

func render(t *testing.T, name string) string {
	t.Helper()
	out, err := Render(readFile(t, name), fixtureVars)
	if err != nil {
		t.Fatalf("render %s: %v", name, err)
	}
	return out
}

// breakWith applies a replacement and fails the test if it did not change anything, so a
// "broken copy" case can never silently test the good file.
func breakWith(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("broken copy: %q not found in the file; update the test case", old)
	}
	return strings.Replace(s, old, new, 1)
}

func TestRender(t *testing.T) {
	vars := map[string]string{"a": "1", "b": "two"}
	tests := []struct {
		name, tmpl, want string
		wantErr          string
	}{
		{name: "plain variables", tmpl: "x=${a} y=${ b }", want: "x=1 y=two"},
		{name: "escapes", tmpl: "$${a} %%{b} $$x", want: "${a} %{b} $$x"},
		{name: "unknown variable", tmpl: "${c}", wantErr: `variable "c" is not set`},
		{name: "expression", tmpl: "${upper(a)}", wantErr: "not a plain variable name"},
		{name: "directive", tmpl: "%{ if a }x%{ endif }", wantErr: "directive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.tmpl, vars)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Render() error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Render() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTemplatesRenderWithTheFixtureVariables(t *testing.T) {
	templates, err := filepath.Glob(filepath.Join(configDir, "*.tftpl"))
	if err != nil || len(templates) == 0 {
		t.Fatalf("no templates in %s: %v", configDir, err)
	}
	for _, path := range templates {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			render(t, name)
		})
	}
}

func TestPrometheusConfig(t *testing.T) {
	good := render(t, "prometheus.yml.tftpl")
	sd := fixtureVars["ecs_sd_file"]
	tests := []struct {
		name    string
		config  string
		wantErr string
	}{
		{name: "as shipped", config: good},
		{name: "unknown key", config: breakWith(t, good, "scrape_timeout:", "scrape_timeoutt:"), wantErr: "field scrape_timeoutt not found"},
		{name: "timeout longer than interval", config: breakWith(t, good, "scrape_timeout: 10s", "scrape_timeout: 1m"), wantErr: "scrape timeout greater than scrape interval"},
		{name: "bad relabel action", config: breakWith(t, good, "action: labeldrop", "action: dropall"), wantErr: "unknown relabel action"},
		{name: "duplicate job", config: breakWith(t, good, "job_name: ecs", "job_name: prometheus"), wantErr: "found multiple scrape configs with job name"},
		{name: "apps not discovered", config: breakWith(t, good, `files: ["`+sd+`"]`, `files: ["/tmp/other.yaml"]`), wantErr: "no scrape job reads the ecs_observer targets file"},
		{name: "no exemplars", config: breakWith(t, good, "max_exemplars: 100000", "max_exemplars: 0"), wantErr: "max_exemplars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPrometheus(tt.config, sd)
			assertErr(t, err, tt.wantErr)
		})
	}
}

func TestCollectorConfigs(t *testing.T) {
	collector := render(t, "collector.yaml.tftpl")
	gateway := render(t, "gateway.yaml.tftpl")
	observer := render(t, "ecs-observer.yaml.tftpl")
	tests := []struct {
		name    string
		config  string
		wantErr string
	}{
		{name: "daemon as shipped", config: collector},
		{name: "gateway as shipped", config: gateway},
		{name: "ecs_observer sidecar as shipped", config: observer},
		{name: "exporter not in the image", config: breakWith(t, gateway, "exporters: [otlp_http/loki]", "exporters: [loki]"), wantErr: "loki"},
		{name: "unknown exporter key", config: breakWith(t, gateway, "endpoint: http://loki:3100/otlp", "endpoint: http://loki:3100/otlp\n    endpiont: x"), wantErr: "endpiont"},
		{name: "undefined exporter in pipeline", config: breakWith(t, gateway, "exporters: [otlp_grpc/tempo, spanmetrics, servicegraph]", "exporters: [otlp_grpc/jaeger, spanmetrics, servicegraph]"), wantErr: "otlp_grpc/jaeger"},
		{name: "spanmetrics unit the connector refuses", config: breakWith(t, gateway, "unit: s", "unit: seconds"), wantErr: "unit"},
		{name: "spanmetrics unknown key", config: breakWith(t, gateway, "namespace: traces.spanmetrics", "namespace: traces.spanmetrics\n    dimension: x"), wantErr: "dimension"},
		{name: "servicegraph unknown key", config: breakWith(t, gateway, "store:\n      ttl: 10s", "stor:\n      ttl: 10s"), wantErr: `unknown key "stor"`},
		{name: "loadbalancing resolver typo", config: breakWith(t, collector, `"service_name":`, `"servicename":`), wantErr: `unknown key "resolver.aws_cloud_map.servicename"`},
		{name: "loadbalancing health status", config: breakWith(t, collector, "HEALTHY_OR_ELSE_ALL", "HEALTHY_ELSE_ALL"), wantErr: "health_status"},
		{name: "loadbalancing routing key", config: breakWith(t, collector, "routing_key: service", "routing_key: services"), wantErr: "routing_key"},
		{name: "loadbalancing queue typo", config: breakWith(t, collector, "sending_queue:", "sendingqueue:"), wantErr: `unknown key "sendingqueue"`},
		{name: "observer without cluster", config: breakWith(t, observer, "cluster_name: "+fixtureVars["cluster_name"], "cluster_name: \"\""), wantErr: "cluster name"},
		{name: "sidecar without a pipeline", config: breakWith(t, observer, "  pipelines:\n    metrics:\n      receivers: [nop]\n      exporters: [nop]\n", ""), wantErr: "pipeline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCollector(context.Background(), tt.config, func(k, v string) { t.Setenv(k, v) })
			assertErr(t, err, tt.wantErr)
		})
	}
}

// TestGatewayMetricNamesMatchTheDashboards ties the spanmetrics connector's configuration to
// the series the dashboards and the Tempo datasource query: Prometheus's OTLP translation turns
// namespace traces.spanmetrics + "calls" into traces_spanmetrics_calls_total and + "duration"
// (unit s) into traces_spanmetrics_duration_seconds_bucket.
func TestGatewayMetricNamesMatchTheDashboards(t *testing.T) {
	gateway := render(t, "gateway.yaml.tftpl")
	for _, want := range []string{"namespace: traces.spanmetrics", "unit: s", "- name: http.route", "servicegraph:"} {
		if !strings.Contains(gateway, want) {
			t.Errorf("gateway config lacks %q: the dashboards query the names it produces", want)
		}
	}
	red := readFile(t, "grafana", "dashboards", "app-red.json")
	for _, want := range []string{"traces_spanmetrics_calls_total", "traces_spanmetrics_duration_seconds_bucket", "service_name=~"} {
		if !strings.Contains(red, want) {
			t.Errorf("app-red.json does not query %q, which the gateway produces", want)
		}
	}
	for _, stale := range []string{"traces_spanmetrics_latency_bucket", "service=~"} {
		if strings.Contains(red, stale) {
			t.Errorf("app-red.json queries %q, a Tempo metrics-generator name nothing produces any more", stale)
		}
	}
}

// TestTemplatesUseExactlyTheirVars: each template uses exactly the variables TemplateVars lists.
func TestTemplatesUseExactlyTheirVars(t *testing.T) {
	templates, err := filepath.Glob(filepath.Join(configDir, "*.tftpl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(templates) != len(TemplateVars) {
		t.Errorf("%d templates in %s, %d in TemplateVars: list every template", len(templates), configDir, len(TemplateVars))
	}
	for _, path := range templates {
		name := filepath.Base(path)
		got := TemplateVariables(readFile(t, name))
		if want := TemplateVars[name]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s uses variables %v, TemplateVars lists %v: update internal/monconfig/templates.go", name, got, want)
		}
	}
}

// TestTemplateVarsMatchTerraform reads the templatefile calls in terraform/monitoring/main.tf
// and checks each passes exactly TemplateVars[template].
func TestTemplateVarsMatchTerraform(t *testing.T) {
	path := filepath.Join("..", "..", "terraform", "monitoring", "main.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", path, diags)
	}
	got := map[string][]string{}
	hclsyntax.VisitAll(file.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		call, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || call.Name != "templatefile" || len(call.Args) != 2 {
			return nil
		}
		tmpl, ok := call.Args[0].(*hclsyntax.TemplateExpr)
		if !ok || len(tmpl.Parts) == 0 {
			return nil
		}
		lit, ok := tmpl.Parts[len(tmpl.Parts)-1].(*hclsyntax.LiteralValueExpr)
		if !ok {
			return nil
		}
		obj, ok := call.Args[1].(*hclsyntax.ObjectConsExpr)
		if !ok {
			t.Errorf("templatefile(%s): the variables must be an object literal", lit.Val.AsString())
			return nil
		}
		var keys []string
		for _, item := range obj.Items {
			keys = append(keys, hcl.ExprAsKeyword(item.KeyExpr))
		}
		sort.Strings(keys)
		got[filepath.Base(lit.Val.AsString())] = keys
		return nil
	})
	for name, want := range TemplateVars {
		if strings.Join(got[name], ",") != strings.Join(want, ",") {
			t.Errorf("main.tf passes %v to %s, TemplateVars lists %v: keep them the same", got[name], name, want)
		}
	}
	if len(got) != len(TemplateVars) {
		t.Errorf("main.tf renders %d templates, TemplateVars lists %d", len(got), len(TemplateVars))
	}
}

func grafanaFiles(t *testing.T) GrafanaFiles {
	t.Helper()
	f := GrafanaFiles{
		Datasources:       []byte(readFile(t, "grafana", "provisioning", "datasources", "datasources.yaml")),
		DashboardProvider: []byte(readFile(t, "grafana", "provisioning", "dashboards", "dashboards.yaml")),
		Dashboards:        map[string][]byte{},
		Env:               GrafanaEnvVars,
	}
	paths, err := filepath.Glob(filepath.Join(configDir, "grafana", "dashboards", "*.json"))
	if err != nil || len(paths) < 2 {
		t.Fatalf("want at least two dashboards (platform, app RED), found %d: %v", len(paths), err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f.Dashboards[filepath.Base(p)] = b
	}
	return f
}

func TestGrafanaProvisioning(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(t *testing.T, f *GrafanaFiles)
		wantErr string
	}{
		{name: "as shipped", mutate: func(*testing.T, *GrafanaFiles) {}},
		{name: "dashboard refers to a missing datasource", wantErr: `refers to datasource uid "mimir"`, mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Dashboards["app-red.json"] = []byte(breakWith(t, string(f.Dashboards["app-red.json"]), `"uid": "prometheus"`, `"uid": "mimir"`))
		}},
		{name: "correlation refers to a missing datasource", wantErr: `correlation refers to datasource uid "jaeger"`, mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Datasources = []byte(breakWith(t, string(f.Datasources), "tracesToLogsV2:\n        datasourceUid: loki", "tracesToLogsV2:\n        datasourceUid: jaeger"))
		}},
		{name: "datasource without uid", wantErr: "has no uid", mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Datasources = []byte(breakWith(t, string(f.Datasources), "    uid: loki\n", ""))
		}},
		{name: "duplicate uid", wantErr: "used twice", mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Datasources = []byte(breakWith(t, string(f.Datasources), "    uid: loki\n", "    uid: tempo\n"))
		}},
		{name: "unescaped dollar", wantErr: "__value.raw", mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Datasources = []byte(breakWith(t, string(f.Datasources), "$${__value.raw}", "${__value.raw}"))
		}},
		{name: "environment variable not set", wantErr: "AWS_REGION", mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Env = []string{"DASHBOARDS_PATH", "LOKI_URL", "PROMETHEUS_URL", "TEMPO_URL"}
		}},
		{name: "dashboard JSON broken", wantErr: "parse JSON", mutate: func(t *testing.T, f *GrafanaFiles) {
			f.Dashboards["platform.json"] = f.Dashboards["platform.json"][:100]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := grafanaFiles(t)
			tt.mutate(t, &f)
			assertErr(t, CheckGrafana(f), tt.wantErr)
		})
	}
}

func TestLokiAndTempoKeys(t *testing.T) {
	loki := render(t, "loki.yaml.tftpl")
	tempo := render(t, "tempo.yaml.tftpl")
	tests := []struct {
		name, component, config string
		rules                   []KeyRule
		wantErr                 string
	}{
		{name: "loki as shipped", component: "loki", config: loki, rules: LokiRules},
		{name: "loki schema v12", component: "loki", config: breakWith(t, loki, "schema: v13", "schema: v12"), rules: LokiRules, wantErr: "want v13"},
		{name: "loki retention off", component: "loki", config: breakWith(t, loki, "retention_enabled: true", "retention_enabled: false"), rules: LokiRules, wantErr: "compactor.retention_enabled"},
		{name: "loki phones home", component: "loki", config: breakWith(t, loki, "reporting_enabled: false", "reporting_enabled: true"), rules: LokiRules, wantErr: "no phone-home"},
		{name: "loki boltdb", component: "loki", config: breakWith(t, loki, "storage_config:\n", "storage_config:\n  boltdb_shipper:\n    active_index_directory: /loki/index\n"), rules: LokiRules, wantErr: "boltdb_shipper must not be set"},
		{name: "loki no delete store", component: "loki", config: breakWith(t, loki, "  delete_request_store: s3\n", ""), rules: LokiRules, wantErr: "delete_request_store is missing"},
		{name: "tempo as shipped", component: "tempo", config: tempo, rules: TempoRules},
		{name: "tempo 2.x ingester", component: "tempo", config: tempo + "\ningester:\n  max_block_duration: 5m\n", rules: TempoRules, wantErr: "ingester must not be set"},
		{name: "tempo 2.x compactor", component: "tempo", config: tempo + "\ncompactor:\n  compaction:\n    block_retention: 48h\n", rules: TempoRules, wantErr: "compactor must not be set"},
		{name: "tempo localhost receiver", component: "tempo", config: breakWith(t, tempo, "endpoint: 0.0.0.0:4317", "endpoint: localhost:4317"), rules: TempoRules, wantErr: "bind to localhost"},
		{name: "tempo metrics generator back on", component: "tempo", config: tempo + "\nmetrics_generator:\n  storage:\n    path: /var/tempo/generator\n", rules: TempoRules, wantErr: "metrics_generator must not be set"},
		{name: "tempo phones home", component: "tempo", config: breakWith(t, tempo, "reporting_enabled: false", "reporting_enabled: true"), rules: TempoRules, wantErr: "no phone-home"},
		{name: "tempo no retention", component: "tempo", config: breakWith(t, tempo, "block_retention:", "block_retentionn:"), rules: TempoRules, wantErr: "block_retention is missing"},
		{name: "not YAML", component: "tempo", config: "a: [", rules: TempoRules, wantErr: "parse tempo config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertErr(t, CheckKeys(tt.component, tt.config, tt.rules), tt.wantErr)
		})
	}
}

// TestImagesMatchTheCheckedModules proves the config checks run the same code as the images:
// the Prometheus and collector image tags pinned in terraform/monitoring/main.tf
// (local.images) must be the releases of the Go modules go.mod pins for these checks.
func TestImagesMatchTheCheckedModules(t *testing.T) {
	images := pinnedImages(t)
	gomod := filepath.Join("..", "..", "go.mod")
	src, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse(gomod, src, nil)
	if err != nil {
		t.Fatalf("parse go.mod: %v", err)
	}
	mods := map[string]string{}
	for _, r := range mf.Require {
		mods[r.Mod.Path] = r.Mod.Version
	}
	// Prometheus publishes 3.x.y as Go module v0.3xx.y (v3.16.0 -> v0.316.0).
	promModule := mods["github.com/prometheus/prometheus"]
	tests := []struct {
		image, wantTag string
	}{
		{image: "prometheus", wantTag: prometheusTag(promModule)},
		{image: "collector", wantTag: strings.TrimPrefix(mods["go.opentelemetry.io/collector/otelcol"], "v")},
		{image: "collector", wantTag: strings.TrimPrefix(mods["github.com/open-telemetry/opentelemetry-collector-contrib/extension/observer/ecsobserver"], "v")},
	}
	for _, tt := range tests {
		ref := images[tt.image]
		tag := ref[strings.LastIndex(ref, ":")+1:]
		if tt.wantTag == "" || tag != tt.wantTag {
			t.Errorf("local.images.%s = %q, but the config check uses the Go module release %q: pin the same version on both sides (go.mod and terraform/monitoring/main.tf)", tt.image, ref, tt.wantTag)
		}
	}
}

func prometheusTag(module string) string {
	// v0.316.0 -> v3.16.0
	var minor, patch int
	if _, err := fmt.Sscanf(module, "v0.3%d.%d", &minor, &patch); err != nil {
		return ""
	}
	return fmt.Sprintf("v3.%d.%d", minor, patch)
}

func pinnedImages(t *testing.T) map[string]string {
	t.Helper()
	path := filepath.Join("..", "..", "terraform", "monitoring", "main.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %s: %s", path, diags)
	}
	for _, block := range file.Body.(*hclsyntax.Body).Blocks {
		if block.Type != "locals" {
			continue
		}
		attr, ok := block.Body.Attributes["images"]
		if !ok {
			continue
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("local.images must be a literal map of image references: %s", diags)
		}
		out := map[string]string{}
		for k, e := range v.AsValueMap() {
			out[k] = e.AsString()
		}
		return out
	}
	t.Fatalf("%s has no local.images", path)
	return nil
}

func assertErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want no error, got: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want an error containing %q, got none", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("want an error containing %q, got: %v", want, err)
	}
}
