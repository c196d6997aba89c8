package monconfig

// TemplateVars lists, for every template in terraform/monitoring/config, exactly the variables
// terraform/monitoring passes to templatefile (main.tf, local.config). A test parses main.tf and
// fails when the two differ, so this is the one place a renderer (the config checks here, the
// live test) learns which variables to set. Every inter-service address in a template is one of
// these variables, so a test can render the same files with loopback addresses.
var TemplateVars = map[string][]string{
	"collector.yaml.tftpl":    {"collector_version", "gateway_resolver", "name_prefix", "otlp_grpc_listen", "otlp_http_listen"},
	"ecs-observer.yaml.tftpl": {"cluster_name", "collector_version", "ecs_sd_file", "region"},
	"gateway.yaml.tftpl":      {"collector_version", "loki_endpoint", "name_prefix", "otlp_grpc_listen", "prometheus_otlp_endpoint", "tempo_otlp_endpoint"},
	"loki.yaml.tftpl":         {"bucket", "loki_version", "region", "retention_hours"},
	"prometheus.yml.tftpl":    {"ecs_sd_file", "name_prefix", "prometheus_version"},
	"tempo.yaml.tftpl":        {"bucket", "region", "retention_hours", "tempo_version"},
}

// GrafanaEnvVars are the environment variables Grafana's provisioning files expand; the
// datasource URLs among them are the addresses of Prometheus, Loki and Tempo.
var GrafanaEnvVars = []string{"AWS_REGION", "DASHBOARDS_PATH", "LOKI_URL", "PROMETHEUS_URL", "TEMPO_URL"}
