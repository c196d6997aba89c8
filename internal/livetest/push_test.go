package livetest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/pmetric/pmetricotlp"
)

// probeMetric is the gauge the test pushes over OTLP/HTTP as an app would (the sample service
// exposes its metrics for scraping only).
const probeMetric = "livetest_otlp_probe"

// syntheticAttribute marks the resources the test pushes itself, so that the delivery checks
// count only what the sample service sent.
const syntheticAttribute = "livetest.synthetic"

// postOTLP sends one OTLP/HTTP protobuf request to endpoint+path, as the OTLP exporters of the
// apps do (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).
func postOTLP(ctx context.Context, endpoint, path string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-protobuf")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", path, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

// pushProbeMetric pushes one gauge sample with the app's resource attributes.
func pushProbeMetric(ctx context.Context, endpoint string, resource map[string]string) error {
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	for k, v := range resource {
		rm.Resource().Attributes().PutStr(k, v)
	}
	rm.Resource().Attributes().PutStr(syntheticAttribute, "true")
	m := rm.ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName(probeMetric)
	dp := m.SetEmptyGauge().DataPoints().AppendEmpty()
	dp.SetTimestamp(pcommon.NewTimestampFromTime(time.Now()))
	dp.SetDoubleValue(1)
	b, err := pmetricotlp.NewExportRequestFromMetrics(md).MarshalProto()
	if err != nil {
		return err
	}
	return postOTLP(ctx, endpoint, "/v1/metrics", b)
}
