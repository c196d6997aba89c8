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
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
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

// pushErrorSpans sends server spans with an error status for route, as an instrumented app
// sends for a request answered 5xx. The sample service has no route that answers 5xx, and the
// RED dashboard's error panel needs one.
func pushErrorSpans(ctx context.Context, endpoint string, resource map[string]string, route string, n int) error {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	for k, v := range resource {
		rs.Resource().Attributes().PutStr(k, v)
	}
	rs.Resource().Attributes().PutStr(syntheticAttribute, "true")
	spans := rs.ScopeSpans().AppendEmpty().Spans()
	now := time.Now()
	for i := range n {
		s := spans.AppendEmpty()
		var tid [16]byte
		var sid [8]byte
		tid[0], tid[15], sid[0], sid[7] = 0xee, byte(i+1), 0xee, byte(i+1)
		tid[1] = byte(now.Unix())
		s.SetTraceID(tid)
		s.SetSpanID(sid)
		s.SetName("GET " + route)
		s.SetKind(ptrace.SpanKindServer)
		s.SetStartTimestamp(pcommon.NewTimestampFromTime(now.Add(-20 * time.Millisecond)))
		s.SetEndTimestamp(pcommon.NewTimestampFromTime(now))
		s.Attributes().PutStr("http.route", route)
		s.Attributes().PutStr("http.request.method", "GET")
		s.Attributes().PutInt("http.response.status_code", 500)
		s.Status().SetCode(ptrace.StatusCodeError)
	}
	b, err := ptraceotlp.NewExportRequestFromTraces(td).MarshalProto()
	if err != nil {
		return err
	}
	return postOTLP(ctx, endpoint, "/v1/traces", b)
}
