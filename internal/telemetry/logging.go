package telemetry

import (
	"context"
	"io"
	"log/slog"

	"go.opentelemetry.io/contrib/bridges/otelslog"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

// NewLogger returns a logger that writes JSON lines to w, each record made in
// a traced context carrying trace_id and span_id, and that also sends every
// record to lp (the OTLP log pipeline) through the otelslog bridge. lp may be
// nil: then only JSON is written.
func NewLogger(w io.Writer, lp log.LoggerProvider, name string, level slog.Leveler) *slog.Logger {
	var h slog.Handler = traceIDHandler{slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})}
	if lp != nil {
		h = slog.NewMultiHandler(h, leveled{otelslog.NewHandler(name, otelslog.WithLoggerProvider(lp)), level})
	}
	return slog.New(h)
}

// traceIDHandler adds the active span's ids to each record, so a log line in
// CloudWatch or Loki leads to its trace in Tempo.
type traceIDHandler struct{ slog.Handler }

func (h traceIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return traceIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h traceIDHandler) WithGroup(name string) slog.Handler {
	return traceIDHandler{h.Handler.WithGroup(name)}
}

// leveled applies the same minimum level to the OTLP bridge as to stdout.
type leveled struct {
	slog.Handler
	level slog.Leveler
}

func (h leveled) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level.Level() && h.Handler.Enabled(ctx, l)
}

func (h leveled) WithAttrs(attrs []slog.Attr) slog.Handler {
	return leveled{h.Handler.WithAttrs(attrs), h.level}
}

func (h leveled) WithGroup(name string) slog.Handler {
	return leveled{h.Handler.WithGroup(name), h.level}
}
