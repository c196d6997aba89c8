package livetest

import (
	"strings"
	"testing"
)

// The checks of the live test, on fixed inputs: each accepts the good case and names the
// problem in the broken ones.

func TestCheckTargetsFile(t *testing.T) {
	const good = `- targets: [127.0.0.1:41000]
  labels: {prometheus_job: api, __meta_ecs_container_name: api}
`
	want := map[string]string{"prometheus_job": "api", "__meta_ecs_container_name": "api"}
	for _, tc := range []struct {
		name, file, wantErr string
	}{
		{"the app's target", good, ""},
		{"empty (no docker label)", "[]\n", "no target 127.0.0.1:41000"},
		{"wrong job label", strings.Replace(good, "prometheus_job: api", "prometheus_job: other", 1), `prometheus_job="other"`},
		{"not YAML file_sd", "{", "not Prometheus file_sd YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkTargetsFile([]byte(tc.file), "127.0.0.1:41000", want)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("checkTargetsFile: %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestCheckResources(t *testing.T) {
	want := map[string]string{"service.name": "api", "deployment.environment": "p"}
	for _, tc := range []struct {
		name    string
		got     []received
		wantErr string
	}{
		{"intact", []received{{Attributes: map[string]string{"service.name": "api", "deployment.environment": "p", "x": "y"}, Records: 2}}, ""},
		{"nothing", nil, "nothing arrived"},
		{"only the test's own", []received{{Attributes: map[string]string{"service.name": "api", "deployment.environment": "p", syntheticAttribute: "true"}, Records: 1}}, "none with"},
		{"attribute dropped", []received{{Attributes: map[string]string{"service.name": "api"}, Records: 1}}, `deployment.environment="" (want "p")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkResources("sink", tc.got, want)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("checkResources: %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestSubstitute(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		unknown  int
	}{
		{`rate(x{service=~"$service"}[$__rate_interval])`, `rate(x{service=~"api"}[1m])`, 0},
		{`x{a="${service}", b="[[service]]"}`, `x{a="api", b="api"}`, 0},
		{`x{a="$nope"}`, `x{a="$nope"}`, 1},
	} {
		got, unknown := substitute(tc.in, map[string]string{"service": "api"})
		if got != tc.want || len(unknown) != tc.unknown {
			t.Errorf("substitute(%q) = %q, %v; want %q with %d unknown", tc.in, got, unknown, tc.want, tc.unknown)
		}
	}
}

func TestOverrideLine(t *testing.T) {
	doc := "global:\n  scrape_interval: 30s\n  scrape_timeout: 10s\n"
	got, err := overrideLine(doc, "scrape_interval", "2s")
	if err != nil || got != "global:\n  scrape_interval: 2s\n  scrape_timeout: 10s\n" {
		t.Fatalf("overrideLine = %q, %v", got, err)
	}
	if _, err := overrideLine(doc, "evaluation_interval", "2s"); err == nil {
		t.Fatal("overrideLine accepted a key that is not there")
	}
}

func TestDashboardQueriesFindsPrometheusPanels(t *testing.T) {
	repo := repoRoot(t)
	ds := []byte("datasources:\n  - {uid: prometheus, type: prometheus}\n  - {uid: loki, type: loki}\n")
	uids, err := prometheusUIDs(ds)
	if err != nil {
		t.Fatal(err)
	}
	qs, _, err := dashboardQueries(repo+"/terraform/monitoring/config/grafana/dashboards", uids)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no Prometheus panel queries found in the provisioned dashboards")
	}
	for _, q := range qs {
		if q.Panel == "" || q.Expr == "" {
			t.Errorf("query without panel title or expression: %+v", q)
		}
	}
}

func TestReplaceUnbuildable(t *testing.T) {
	in := `exporters:
  loadbalancing:
    routing_key: service
    protocol:
      otlp:
        tls: {insecure: true}
    resolver: {"static":{"hostnames":["127.0.0.1:14317"]}}
    retry_on_failure: {enabled: true}
connectors:
  servicegraph: {}
  spanmetrics: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [loadbalancing, spanmetrics, servicegraph]
    metrics:
      receivers: [otlp, spanmetrics, servicegraph]
      exporters: [loadbalancing]
`
	out, notes, err := replaceUnbuildable(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"otlp_grpc/loadbalancing:", "endpoint: 127.0.0.1:14317", "insecure: true", "retry_on_failure:",
		"exporters:\n                - otlp_grpc/loadbalancing\n                - spanmetrics\n", "receivers:\n                - otlp\n                - spanmetrics\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("replaced config lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "servicegraph") || strings.Contains(out, "routing_key") || len(notes) != 2 {
		t.Errorf("servicegraph or loadbalancing left over, notes %v:\n%s", notes, out)
	}
	if _, _, err := replaceUnbuildable(strings.Replace(in, `{"static":{"hostnames":["127.0.0.1:14317"]}}`, `{"aws_cloud_map":{}}`, 1)); err == nil {
		t.Error("a non-static resolver was accepted")
	}
}
