// Package telemetry sets up OpenTelemetry traces and logs for a service from
// the standard OTEL_* environment variables only, and the JSON logger that
// carries trace ids.
//
// The platform's ecs-service module sets OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
// (docs/contract.md, "Telemetry"); the exporters and the resource read them
// themselves. OTEL_SDK_DISABLED=true turns exporting off (local runs).
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/log"
	lognoop "go.opentelemetry.io/otel/log/noop"
	"go.opentelemetry.io/otel/propagation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// Providers are what a service instruments itself with.
type Providers struct {
	TracerProvider trace.TracerProvider
	LoggerProvider log.LoggerProvider
	Propagator     propagation.TextMapPropagator

	shutdown []func(context.Context) error
}

// Shutdown flushes buffered spans and log records and stops the exporters.
// Call it once, after the server has drained, with a deadline.
func (p *Providers) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range p.shutdown {
		if err := f(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("flush telemetry: %w", err)
	}
	return nil
}

// Disabled reports whether OTEL_SDK_DISABLED asks for no telemetry export.
func Disabled() bool {
	return strings.EqualFold(strings.TrimSpace(os.Getenv("OTEL_SDK_DISABLED")), "true")
}

// Setup builds OTLP/HTTP trace and log pipelines configured by the OTEL_*
// environment of the process (the exporters read it themselves). Nothing is sent until something is recorded; an unreachable
// collector costs dropped batches, never a failed request.
func Setup(ctx context.Context) (*Providers, error) {
	propagator := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	if Disabled() {
		return &Providers{
			TracerProvider: tracenoop.NewTracerProvider(),
			LoggerProvider: lognoop.NewLoggerProvider(),
			Propagator:     propagator,
		}, nil
	}
	if err := checkProtocol(); err != nil {
		return nil, err
	}

	res, err := resource.Merge(resource.Default(), envResource(ctx))
	if err != nil {
		return nil, fmt.Errorf("build telemetry resource: %w", err)
	}

	traceExporter, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("create OTLP trace exporter: %w; check OTEL_EXPORTER_OTLP_ENDPOINT", err)
	}
	logExporter, err := otlploghttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("create OTLP log exporter: %w; check OTEL_EXPORTER_OTLP_ENDPOINT", err)
	}

	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(traceExporter), sdktrace.WithResource(res))
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(logExporter)), sdklog.WithResource(res))
	return &Providers{
		TracerProvider: tp,
		LoggerProvider: lp,
		Propagator:     propagator,
		shutdown:       []func(context.Context) error{tp.Shutdown, lp.Shutdown},
	}, nil
}

// envResource reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. A
// malformed attribute list is not fatal: the SDK keeps what it could parse.
func envResource(ctx context.Context) *resource.Resource {
	res, err := resource.New(ctx, resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil && res == nil {
		return resource.Empty()
	}
	return res
}

// checkProtocol refuses OTLP protocols this binary does not ship (only the
// HTTP exporters are linked in, to keep the image small).
func checkProtocol() error {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"} {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" && v != "http/protobuf" {
			return fmt.Errorf("unsupported %s=%q: this service exports OTLP over HTTP only; set it to http/protobuf (the collector listens on 4318)", name, v)
		}
	}
	return nil
}
