package sampleservice

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeDrainsInFlight stops the server while a request is being served:
// the request must complete (or the drain deadline be reported), and no new
// connection may be accepted.
func TestServeDrainsInFlight(t *testing.T) {
	tests := []struct {
		name    string
		drain   time.Duration
		release bool // finish the in-flight request during the drain
		wantErr string
	}{
		{name: "in-flight request completes", drain: 5 * time.Second, release: true},
		{name: "drain deadline is reported with the fix", drain: 100 * time.Millisecond, wantErr: "raise -drain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			started, finish := make(chan struct{}), make(chan struct{})
			defer func() {
				select {
				case <-finish:
				default:
					close(finish)
				}
			}()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(started)
				<-finish
				_, _ = io.WriteString(w, "done")
			})

			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatalf("listen: %v", err)
			}
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			served := make(chan error, 1)
			go func() { served <- Serve(ctx, ln, h, tt.drain, slog.New(slog.DiscardHandler)) }()

			type result struct {
				code int
				body string
				err  error
			}
			got := make(chan result, 1)
			url := "http://" + ln.Addr().String() + "/"
			go func() {
				resp, err := http.Get(url)
				if err != nil {
					got <- result{err: err}
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				got <- result{code: resp.StatusCode, body: string(b)}
			}()

			select {
			case <-started:
			case <-time.After(5 * time.Second):
				t.Fatal("request never reached the handler")
			}
			stop() // SIGTERM

			// Shutdown closes the listener first: wait for that, then prove
			// new connections are refused.
			deadline := time.Now().Add(2 * time.Second)
			for {
				c, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
				if err != nil {
					break
				}
				_ = c.Close()
				if time.Now().After(deadline) {
					t.Fatal("server still accepts connections after shutdown began")
				}
				time.Sleep(10 * time.Millisecond)
			}

			if tt.release {
				select {
				case err := <-served:
					t.Fatalf("Serve returned %v before the in-flight request finished", err)
				default:
				}
				close(finish)
			}

			select {
			case err := <-served:
				if tt.wantErr == "" && err != nil {
					t.Fatalf("Serve: %v", err)
				}
				if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
					t.Fatalf("Serve error = %v, want one containing %q", err, tt.wantErr)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Serve did not return")
			}

			if tt.release {
				r := <-got
				if r.err != nil || r.code != http.StatusOK || r.body != "done" {
					t.Fatalf("in-flight request = %+v, want 200 done", r)
				}
			}
		})
	}
}
