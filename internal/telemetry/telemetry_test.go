package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/log/logtest"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func TestNewLoggerCarriesTraceIDs(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

	tests := []struct {
		name      string
		traced    bool
		level     slog.Level
		logAt     slog.Level
		wantLine  bool
		wantTrace bool
	}{
		{name: "traced record carries ids", traced: true, level: slog.LevelInfo, logAt: slog.LevelInfo, wantLine: true, wantTrace: true},
		{name: "untraced record has none", traced: false, level: slog.LevelInfo, logAt: slog.LevelInfo, wantLine: true},
		{name: "below level is dropped everywhere", traced: true, level: slog.LevelWarn, logAt: slog.LevelInfo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			rec := logtest.NewRecorder()
			logger := NewLogger(&out, rec, "test", tt.level)

			ctx := context.Background()
			var span trace.Span
			if tt.traced {
				ctx, span = tp.Tracer("test").Start(ctx, "op")
				defer span.End()
			}
			logger.Log(ctx, tt.logAt, "hello", slog.String("k", "v"))

			if !tt.wantLine {
				if out.Len() != 0 {
					t.Fatalf("stdout = %q, want nothing below the level", out.String())
				}
				for _, recs := range rec.Result() {
					if len(recs) != 0 {
						t.Fatalf("OTLP got %d records below the level, want 0", len(recs))
					}
				}
				return
			}

			var line map[string]any
			if err := json.Unmarshal(out.Bytes(), &line); err != nil {
				t.Fatalf("stdout is not one JSON line: %v: %q", err, out.String())
			}
			if line["msg"] != "hello" || line["k"] != "v" {
				t.Errorf("line = %v, want msg=hello k=v", line)
			}
			_, hasTrace := line["trace_id"]
			if hasTrace != tt.wantTrace {
				t.Fatalf("trace_id present = %v, want %v (line %v)", hasTrace, tt.wantTrace, line)
			}
			if tt.wantTrace {
				sc := span.SpanContext()
				if line["trace_id"] != sc.TraceID().String() || line["span_id"] != sc.SpanID().String() {
					t.Errorf("ids = %v/%v, want %s/%s", line["trace_id"], line["span_id"], sc.TraceID(), sc.SpanID())
				}
			}

			var got []logtest.Record
			for _, recs := range rec.Result() {
				got = append(got, recs...)
			}
			if len(got) != 1 || got[0].Body.AsString() != "hello" {
				t.Fatalf("OTLP records = %+v, want the one record", got)
			}
			if tt.wantTrace && trace.SpanContextFromContext(got[0].Context).TraceID() != span.SpanContext().TraceID() {
				t.Errorf("OTLP record lost the trace context")
			}
		})
	}
}

func TestSetup(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		wantErr     string
		wantNoop    bool
		wantSamples bool
	}{
		{name: "disabled gives no-op providers", env: map[string]string{"OTEL_SDK_DISABLED": "true"}, wantNoop: true},
		{name: "grpc protocol is refused with the fix", env: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, wantErr: "set it to http/protobuf"},
		{name: "platform defaults build exporting providers", env: map[string]string{
			"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1",
			"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
			"OTEL_SERVICE_NAME":           "api",
			"OTEL_RESOURCE_ATTRIBUTES":    "deployment.environment=platform",
		}, wantSamples: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"} {
				t.Setenv(k, tt.env[k])
			}
			p, err := Setup(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Setup error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Setup: %v", err)
			}
			_, span := p.TracerProvider.Tracer("t").Start(context.Background(), "op")
			if got := span.SpanContext().IsSampled(); got != tt.wantSamples {
				t.Errorf("span sampled = %v, want %v", got, tt.wantSamples)
			}
			span.End()
			if _, isSDK := p.TracerProvider.(*sdktrace.TracerProvider); isSDK == tt.wantNoop {
				t.Errorf("SDK tracer provider = %v, want %v", isSDK, !tt.wantNoop)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			// Exporting to a closed port fails; Shutdown still returns in time.
			_ = p.Shutdown(ctx)
		})
	}
}
