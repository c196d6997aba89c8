package sampleservice

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/hari328/platform/internal/telemetry"
)

// DefaultPort is the port the platform's ecs-service module expects
// (container_port default) and the Dockerfile exposes.
const DefaultPort = "3000"

// config is the parsed command line.
type config struct {
	addr        string
	drain       time.Duration
	healthcheck bool
	logLevel    slog.Level
}

func parseArgs(args []string, stderr io.Writer, getenv func(string) string) (config, error) {
	port := getenv("PORT")
	if port == "" {
		port = DefaultPort
	}
	cfg := config{}
	fs := flag.NewFlagSet("sample-service", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", ":"+port, "listen address (default from $PORT, else :3000)")
	fs.DurationVar(&cfg.drain, "drain", 20*time.Second, "on SIGTERM, how long to wait for in-flight requests (keep below the ECS stop timeout, 30s)")
	fs.BoolVar(&cfg.healthcheck, "healthcheck", false, "check a running instance's /healthz on -addr and exit 0 if healthy (the container health check)")
	level := fs.String("log-level", "info", "minimum log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return config{}, fmt.Errorf("parse arguments: %w; run sample-service -h for usage", err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("parse arguments: unexpected %q; run sample-service -h for usage", fs.Arg(0))
	}
	if err := cfg.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return config{}, fmt.Errorf("parse -log-level: %w; use debug, info, warn or error", err)
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return config{}, fmt.Errorf("parse -addr %q: %w; use host:port or :port", cfg.addr, err)
	}
	if cfg.drain <= 0 {
		return config{}, fmt.Errorf("parse -drain: %s is not positive; use e.g. -drain 20s", cfg.drain)
	}
	return cfg, nil
}

// healthURL is where -healthcheck looks: the loopback address on -addr's port.
func healthURL(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthz"
}

// Main runs the service until ctx is cancelled (SIGTERM), or with
// -healthcheck checks a running instance. Logs go to stdout as JSON; the
// error is for the caller to print on stderr.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) (err error) {
	cfg, err := parseArgs(args, stderr, getenv)
	if err != nil {
		return err
	}
	if cfg.healthcheck {
		return HealthCheck(ctx, http.DefaultClient, healthURL(cfg.addr))
	}

	providers, err := telemetry.Setup(ctx)
	if err != nil {
		return err
	}
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		err = errors.Join(err, providers.Shutdown(flushCtx))
	}()

	logger := telemetry.NewLogger(stdout, providers.LoggerProvider, "github.com/hari328/platform/internal/sampleservice", cfg.logLevel)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	handler, err := NewHandler(Options{
		Logger:         logger,
		Registry:       reg,
		TracerProvider: providers.TracerProvider,
		Propagator:     providers.Propagator,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; is another process using the port? set -addr or PORT", cfg.addr, err)
	}
	return Serve(ctx, ln, handler, cfg.drain, logger)
}
