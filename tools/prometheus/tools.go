//go:build tools

// Package tools pins the Prometheus module whose ./cmd/prometheus the live telemetry test
// (internal/livetest) runs. It is a separate Go module so that Prometheus's full dependency
// graph (service discovery for every cloud) stays out of the main module. scripts/install-tools.sh
// builds it with `go build github.com/prometheus/prometheus/cmd/prometheus`.
package tools

import _ "github.com/prometheus/prometheus/cmd/prometheus"
