package sampleservice

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// HealthCheck asks a running instance's /healthz. The container image has
// no shell or curl (distroless), so the binary checks itself: the Dockerfile
// HEALTHCHECK and the ECS container health check both run
// `sample-service -healthcheck`.
func HealthCheck(ctx context.Context, client *http.Client, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("build health request: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("check health at %s: %w; is the service running and listening there?", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("check health at %s: status %d; read the service's logs for the cause", url, resp.StatusCode)
	}
	return nil
}
