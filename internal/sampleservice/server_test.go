package sampleservice

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/hari328/platform/internal/telemetry"
)

type fixture struct {
	handler http.Handler
	spans   *tracetest.InMemoryExporter
	logs    *bytes.Buffer
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	logs := &bytes.Buffer{}
	h, err := NewHandler(Options{
		Logger:         telemetry.NewLogger(logs, nil, "test", slog.LevelInfo),
		Registry:       prometheus.NewRegistry(),
		TracerProvider: tp,
		Propagator:     propagation.TraceContext{},
	})
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	return fixture{handler: h, spans: spans, logs: logs}
}

func (f fixture) get(t *testing.T, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// scrape reads /metrics the way Prometheus does and returns
// http_requests_total by "route method status".
func scrape(t *testing.T, f fixture) (map[string]float64, map[string]*dto.MetricFamily) {
	t.Helper()
	rec := f.get(t, "/metrics", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics status = %d", rec.Code)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	counts := map[string]float64{}
	if mf := families["http_requests_total"]; mf != nil {
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			counts[l["route"]+" "+l["method"]+" "+l["status"]] = m.GetCounter().GetValue()
		}
	}
	return counts, families
}

func TestMetricsByRouteAndStatus(t *testing.T) {
	tests := []struct {
		name     string
		requests []string
		want     map[string]float64
	}{
		{
			name:     "two routes, one path parameter collapsed into its pattern",
			requests: []string{"/hello/ann", "/hello/bob", "/work?duration=0s"},
			want:     map[string]float64{"/hello/{name} GET 200": 2, "/work GET 200": 1},
		},
		{
			name:     "status is a label of its own",
			requests: []string{"/work?duration=0s", "/work?duration=forever", "/work?duration=1h"},
			want:     map[string]float64{"/work GET 200": 1, "/work GET 400": 2},
		},
		{
			name:     "a server error is counted with its 500",
			requests: []string{"/fail", "/fail"},
			want:     map[string]float64{"/fail GET 500": 2},
		},
		{
			name:     "health checks are counted under their route",
			requests: []string{"/healthz", "/"},
			want:     map[string]float64{"/healthz GET 200": 1, "/{$} GET 200": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			for _, r := range tt.requests {
				f.get(t, r, nil)
			}
			got, families := scrape(t, f)
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("http_requests_total{%s} = %v, want %v (all: %v)", k, got[k], v, got)
				}
			}
			for k := range got {
				if _, ok := tt.want[k]; !ok {
					t.Errorf("unexpected series http_requests_total{%s}", k)
				}
			}
			h := families["http_request_duration_seconds"]
			if h == nil || h.GetType() != dto.MetricType_HISTOGRAM {
				t.Fatalf("http_request_duration_seconds missing or not a histogram")
			}
			var observed uint64
			for _, m := range h.GetMetric() {
				observed += m.GetHistogram().GetSampleCount()
			}
			if want := uint64(len(tt.requests)); observed != want {
				t.Errorf("latency samples = %d, want %d", observed, want)
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	tests := []struct {
		method   string
		wantCode int
		wantBody string
	}{
		{method: http.MethodGet, wantCode: http.StatusOK, wantBody: `{"status":"ok"}`},
		{method: http.MethodHead, wantCode: http.StatusOK},
		{method: http.MethodPost, wantCode: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			f := newFixture(t)
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, httptest.NewRequest(tt.method, "/healthz", nil))
			if rec.Code != tt.wantCode {
				t.Fatalf("%s /healthz = %d, want %d", tt.method, rec.Code, tt.wantCode)
			}
			if tt.wantBody != "" && strings.TrimSpace(rec.Body.String()) != tt.wantBody {
				t.Errorf("body = %q, want %q", rec.Body.String(), tt.wantBody)
			}
		})
	}
}

func TestSpanNamedAfterRoute(t *testing.T) {
	const parentTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	tests := []struct {
		name      string
		target    string
		header    http.Header
		wantSpan  string // "" = no span expected
		wantRoute string
		wantTrace string
		wantError bool // the span's status is Error (a 5xx answer)
	}{
		{name: "path parameter route", target: "/hello/ann", wantSpan: "GET /hello/{name}", wantRoute: "/hello/{name}"},
		{name: "query route", target: "/work?duration=0s", wantSpan: "GET /work", wantRoute: "/work"},
		{name: "a client error is not a span error", target: "/work?duration=forever", wantSpan: "GET /work", wantRoute: "/work"},
		{name: "a server error is a span error", target: "/fail", wantSpan: "GET /fail", wantRoute: "/fail", wantError: true},
		{
			name:      "continues the caller's trace",
			target:    "/hello/bob",
			header:    http.Header{"Traceparent": {"00-" + parentTraceID + "-00f067aa0ba902b7-01"}},
			wantSpan:  "GET /hello/{name}",
			wantRoute: "/hello/{name}",
			wantTrace: parentTraceID,
		},
		{name: "health checks are not traced", target: "/healthz"},
		{name: "scrapes are not traced", target: "/metrics"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.get(t, tt.target, tt.header)
			spans := f.spans.GetSpans()
			if tt.wantSpan == "" {
				if len(spans) != 0 {
					t.Fatalf("got %d spans, want none", len(spans))
				}
				return
			}
			if len(spans) != 1 {
				t.Fatalf("got %d spans, want 1", len(spans))
			}
			s := spans[0]
			if s.Name != tt.wantSpan {
				t.Errorf("span name = %q, want %q", s.Name, tt.wantSpan)
			}
			var route string
			for _, a := range s.Attributes {
				if a.Key == "http.route" {
					route = a.Value.AsString()
				}
			}
			if route != tt.wantRoute {
				t.Errorf("http.route = %q, want %q", route, tt.wantRoute)
			}
			if got := s.Status.Code == codes.Error; got != tt.wantError {
				t.Errorf("span status = %v, want error=%v", s.Status.Code, tt.wantError)
			}
			if tt.wantTrace != "" && s.SpanContext.TraceID().String() != tt.wantTrace {
				t.Errorf("trace id = %s, want the caller's %s", s.SpanContext.TraceID(), tt.wantTrace)
			}
		})
	}
}

func TestLogsCarryTheRequestTrace(t *testing.T) {
	f := newFixture(t)
	f.get(t, "/hello/ann", nil)
	spans := f.spans.GetSpans()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	var line map[string]any
	if err := json.NewDecoder(io.Reader(f.logs)).Decode(&line); err != nil {
		t.Fatalf("log is not JSON: %v (%q)", err, f.logs.String())
	}
	if line["msg"] != "greeted" || line["trace_id"] != spans[0].SpanContext.TraceID().String() || line["span_id"] != spans[0].SpanContext.SpanID().String() {
		t.Errorf("log line = %v, want msg=greeted with the request's trace_id and span_id", line)
	}
}
