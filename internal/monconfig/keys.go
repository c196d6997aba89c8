package monconfig

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// KeyRule is one line of a required/forbidden key table. Path is dot-separated; a list is
// entered by its index ("schema_config.configs.0.schema").
type KeyRule struct {
	Path string
	// Want is the required value when set (compared as text); empty means "must be present".
	Want string
	// Forbidden means the key must be absent: the pinned version rejects it or it turns a
	// platform rule off.
	Forbidden bool
	// Why ends the error message: the rule, and the version fact behind it.
	Why string
}

// LokiRules are the keys Loki 3.x (monolithic, S3, OTLP ingestion) needs and the ones it
// rejects or that break the platform's promises (the Loki 3 upgrade guide).
var LokiRules = []KeyRule{
	{Path: "schema_config.configs.0.schema", Want: "v13", Why: "Loki 3 OTLP ingestion and structured metadata need schema v13"},
	{Path: "schema_config.configs.0.store", Want: "tsdb", Why: "schema v13 needs the tsdb index"},
	{Path: "schema_config.configs.0.object_store", Want: "s3", Why: "chunks go to S3"},
	{Path: "common.storage.s3.bucketnames", Why: "the S3 bucket must be named"},
	{Path: "common.storage.s3.region", Why: "the region must be explicit: IMDS is closed to containers"},
	{Path: "compactor.retention_enabled", Want: "true", Why: "Loki only deletes old logs when the compactor has retention enabled"},
	{Path: "compactor.delete_request_store", Why: "Loki 3 refuses retention_enabled without delete_request_store"},
	{Path: "limits_config.retention_period", Why: "retention must be set"},
	{Path: "limits_config.allow_structured_metadata", Want: "true", Why: "OTLP logs carry trace_id as structured metadata"},
	{Path: "analytics.reporting_enabled", Want: "false", Why: "no phone-home"},
	{Path: "ingester.wal.dir", Why: "the WAL must be on the persistent volume"},
	{Path: "storage_config.boltdb_shipper", Forbidden: true, Why: "boltdb-shipper is deprecated in Loki 3: use tsdb"},
	{Path: "chunk_store_config.max_look_back_period", Forbidden: true, Why: "Loki 3 removed chunk_store_config.max_look_back_period"},
	{Path: "table_manager", Forbidden: true, Why: "the table manager is deprecated in Loki 3: retention is the compactor's"},
	{Path: "limits_config.enforce_metric_name", Forbidden: true, Why: "Loki 3 removed limits_config.enforce_metric_name"},
}

// TempoRules are the keys Tempo 3.0 (monolithic, S3) needs and the 2.x blocks it refuses to
// start with (the Tempo 3.0 migration guide).
var TempoRules = []KeyRule{
	{Path: "ingester", Forbidden: true, Why: "Tempo 3.0 removed ingesters and refuses a config with an ingester block"},
	{Path: "ingester_client", Forbidden: true, Why: "Tempo 3.0 removed ingester_client"},
	{Path: "compactor", Forbidden: true, Why: "Tempo 3.0 replaced the compactor with the backend scheduler and worker"},
	{Path: "metrics_generator_client", Forbidden: true, Why: "Tempo 3.0 removed metrics_generator_client"},
	{Path: "metrics_generator.processor.local_blocks", Forbidden: true, Why: "Tempo 3.0 removed the local-blocks processor"},
	{Path: "storage.trace.backend", Want: "s3", Why: "blocks go to S3"},
	{Path: "storage.trace.s3.bucket", Why: "the S3 bucket must be named"},
	{Path: "storage.trace.s3.region", Why: "the region must be explicit: IMDS is closed to containers"},
	{Path: "storage.trace.wal.path", Why: "the WAL must be on the persistent volume"},
	{Path: "storage.trace.block.version", Want: "vParquet4", Why: "Tempo 3.0 needs vParquet4 or later"},
	{Path: "distributor.receivers.otlp.protocols.grpc.endpoint", Want: "0.0.0.0:4317", Why: "since Tempo 2.7 receivers bind to localhost unless told 0.0.0.0"},
	{Path: "metrics_generator", Forbidden: true, Why: "the gateway collector computes span metrics and the service graph; a Tempo metrics generator would remote-write to Prometheus and bring back the Tempo <-> Prometheus cycle (docs/decisions/0004)"},
	{Path: "overrides.defaults.metrics_generator", Forbidden: true, Why: "the metrics generator is off (docs/decisions/0004)"},
	{Path: "overrides.defaults.compaction.block_retention", Why: "retention must be set"},
	{Path: "stream_over_http_enabled", Want: "true", Why: "Grafana 12 streams search and TraceQL metrics over gRPC on the HTTP port"},
	{Path: "usage_report.reporting_enabled", Want: "false", Why: "no phone-home"},
}

// CheckKeys parses a rendered YAML configuration and applies a rule table to it.
func CheckKeys(component, rendered string, rules []KeyRule) error {
	var doc any
	if err := yaml.Unmarshal([]byte(rendered), &doc); err != nil {
		return fmt.Errorf("parse %s config: %w", component, err)
	}
	var errs []error
	for _, r := range rules {
		v, ok := lookup(doc, r.Path)
		switch {
		case r.Forbidden && ok:
			errs = append(errs, fmt.Errorf("%s config: %s must not be set: %s", component, r.Path, r.Why))
		case r.Forbidden:
		case !ok:
			errs = append(errs, fmt.Errorf("%s config: %s is missing: %s", component, r.Path, r.Why))
		case r.Want != "" && fmt.Sprint(v) != r.Want:
			errs = append(errs, fmt.Errorf("%s config: %s is %v, want %s: %s", component, r.Path, v, r.Want, r.Why))
		case r.Want == "" && fmt.Sprint(v) == "":
			errs = append(errs, fmt.Errorf("%s config: %s is empty: %s", component, r.Path, r.Why))
		}
	}
	return errors.Join(errs...)
}

func lookup(doc any, path string) (any, bool) {
	cur := doc
	for _, part := range strings.Split(path, ".") {
		switch t := cur.(type) {
		case map[string]any:
			v, ok := t[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			var i int
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			cur = t[i]
		default:
			return nil, false
		}
	}
	if cur == nil {
		return "", true
	}
	return cur, true
}
