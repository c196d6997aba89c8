// Package sampleservice is the platform's example tenant: a small HTTP API
// instrumented the way every app on the platform should be (docs/tenant-apps.md):
// Prometheus metrics on /metrics, OTLP traces and logs, JSON logs carrying
// trace ids, a health check, and a graceful shutdown.
package sampleservice

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// MaxWork caps the simulated work of /work so a caller cannot hold a
// connection for long.
const MaxWork = 10 * time.Second

// Options are the handler's collaborators; tests pass in-memory ones.
type Options struct {
	Logger         *slog.Logger
	Registry       *prometheus.Registry
	TracerProvider trace.TracerProvider
	Propagator     propagation.TextMapPropagator
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "HTTP request latency, by route pattern, method and status code.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register HTTP metrics: %w", err)
		}
	}
	return m, nil
}

// NewHandler returns the service's routes wrapped in tracing and metrics.
func NewHandler(opts Options) (http.Handler, error) {
	if opts.Logger == nil || opts.Registry == nil || opts.TracerProvider == nil || opts.Propagator == nil {
		return nil, errors.New("create handler: Logger, Registry, TracerProvider and Propagator are all required")
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	route := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, instrument(m, h))
	}
	route("GET /healthz", healthz)
	route("GET /{$}", index)
	route("GET /hello/{name}", hello(opts.Logger))
	route("GET /work", work(opts.Logger))
	route("GET /fail", fail(opts.Logger))
	mux.Handle("GET /metrics", instrument(m, promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{
		EnableOpenMetrics: true, // exemplars (trace ids) on the latency histogram
		Registry:          opts.Registry,
	}).ServeHTTP))

	return otelhttp.NewHandler(mux, "http.server",
		otelhttp.WithTracerProvider(opts.TracerProvider),
		otelhttp.WithPropagators(opts.Propagator),
		// Health checks and scrapes arrive every few seconds: no spans for them.
		otelhttp.WithFilter(func(r *http.Request) bool {
			return r.URL.Path != "/healthz" && r.URL.Path != "/metrics"
		}),
	), nil
}

// instrument names the span after the matched route pattern (known only
// once the mux has routed) and records the request's count and latency.
func instrument(m *metrics, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		pattern := r.Pattern // e.g. "GET /hello/{name}"
		routePath := pattern
		if _, p, ok := strings.Cut(pattern, " "); ok {
			routePath = p
		}

		span := trace.SpanFromContext(r.Context())
		span.SetName(pattern)
		span.SetAttributes(attribute.String("http.route", routePath))

		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next(rec, r)

		labels := prometheus.Labels{"route": routePath, "method": r.Method, "status": strconv.Itoa(rec.status)}
		m.requests.With(labels).Inc()
		observer := m.duration.With(labels)
		elapsed := time.Since(start).Seconds()
		if sc := span.SpanContext(); sc.IsSampled() {
			if eo, ok := observer.(prometheus.ExemplarObserver); ok {
				eo.ObserveWithExemplar(elapsed, prometheus.Labels{"trace_id": sc.TraceID().String()})
				return
			}
		}
		observer.Observe(elapsed)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func index(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"service": "sample-service", "routes": "/hello/{name} /work?duration=100ms /fail /healthz /metrics"})
}

func hello(logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		logger.InfoContext(r.Context(), "greeted", slog.String("name", name))
		writeJSON(w, http.StatusOK, map[string]string{"message": "hello, " + name})
	}
}

// work simulates latency: /work?duration=250ms. It stops early when the
// client goes away.
func work(logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("duration"))
		if err != nil || d < 0 || d > MaxWork {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("duration must be a Go duration between 0s and %s, e.g. ?duration=250ms", MaxWork)})
			return
		}
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			logger.WarnContext(r.Context(), "work abandoned by client", slog.Duration("after", d))
			return
		}
		logger.InfoContext(r.Context(), "work done", slog.Duration("duration", d))
		writeJSON(w, http.StatusOK, map[string]string{"worked": d.String()})
	}
}

// fail answers 500 on purpose, with an error log line, so a user can see the error side of
// the RED dashboard, the trace of a failed request and its logs before a real app fails
// (docs/tenant-apps.md). otelhttp marks the server span of any 5xx answer with status Error
// (otelhttp v0.72.0, internal/semconv/server.go, HTTPServer.Status), which is what span
// metrics count as status_code="STATUS_CODE_ERROR".
func fail(logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		logger.ErrorContext(r.Context(), "simulated failure", slog.String("route", "/fail"))
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "simulated failure: /fail always answers 500"})
	}
}
