package sampleservice

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantAddr string
		wantHC   bool
		wantErr  string
	}{
		{name: "defaults to port 3000", wantAddr: ":3000"},
		{name: "PORT overrides the default", env: map[string]string{"PORT": "8080"}, wantAddr: ":8080"},
		{name: "flag overrides PORT", args: []string{"-addr", "127.0.0.1:9000"}, env: map[string]string{"PORT": "8080"}, wantAddr: "127.0.0.1:9000"},
		{name: "healthcheck mode", args: []string{"-healthcheck"}, wantAddr: ":3000", wantHC: true},
		{name: "bad address", args: []string{"-addr", "3000"}, wantErr: "use host:port"},
		{name: "bad level", args: []string{"-log-level", "loud"}, wantErr: "use debug, info, warn or error"},
		{name: "non-positive drain", args: []string{"-drain", "0s"}, wantErr: "-drain 20s"},
		{name: "stray argument", args: []string{"serve"}, wantErr: "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseArgs(tt.args, io.Discard, func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseArgs: %v", err)
			}
			if cfg.addr != tt.wantAddr || cfg.healthcheck != tt.wantHC {
				t.Errorf("cfg = %+v, want addr %q healthcheck %v", cfg, tt.wantAddr, tt.wantHC)
			}
		})
	}
}

func TestHealthCheck(t *testing.T) {
	tests := []struct {
		name    string
		status  int // 0 = nothing listening
		wantErr string
	}{
		{name: "healthy", status: http.StatusOK},
		{name: "unhealthy", status: http.StatusServiceUnavailable, wantErr: "status 503"},
		{name: "not running", wantErr: "is the service running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/healthz" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
			}))
			url := srv.URL + "/healthz"
			if tt.status == 0 {
				srv.Close()
			} else {
				defer srv.Close()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := HealthCheck(ctx, srv.Client(), url)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("HealthCheck: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHealthURL(t *testing.T) {
	for addr, want := range map[string]string{
		":3000":          "http://127.0.0.1:3000/healthz",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/healthz",
		"127.0.0.1:9000": "http://127.0.0.1:9000/healthz",
	} {
		if got := healthURL(addr); got != want {
			t.Errorf("healthURL(%q) = %q, want %q", addr, got, want)
		}
	}
}
