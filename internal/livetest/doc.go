// Package livetest holds the live telemetry test: the real Prometheus and OpenTelemetry
// Collector binaries, built from source at the pinned versions (scripts/install-tools.sh), run
// with the monitoring layer's own rendered configurations against the sample service, a
// stand-in for the ECS and EC2 APIs, and stand-ins for Loki and Tempo. Everything listens on
// loopback only. See docs/monitoring.md, "Live test", and docs/decisions/0005-live-telemetry-test.md.
//
// The package has no non-test code: `go test ./internal/livetest` runs it.
package livetest
