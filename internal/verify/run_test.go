package verify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/jsonout"
	"github.com/hari328/platform/internal/status"
)

func respond(code int, body string) http.HandlerFunc {
	return func(rw http.ResponseWriter, _ *http.Request) {
		rw.WriteHeader(code)
		fmt.Fprint(rw, body)
	}
}

func redirectTo(code int, location string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) { http.Redirect(rw, r, location, code) }
}

// failures renders the failed results as "check target problem", sorted.
func failures(rs []Result) []string {
	out := []string{}
	for _, r := range Failures(rs) {
		out = append(out, r.Check+" "+r.Target+" "+r.Problem)
	}
	slices.Sort(out)
	return out
}

// TestRun: one case per failure kind, each against a platform that is otherwise healthy; the
// failures reported must be exactly the ones the case causes.
func TestRun(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	cases := []struct {
		name   string
		mutate func(w *world)
		want   []string // "check target problem"; {open} is the open port
	}{
		{name: "healthy platform", mutate: func(*world) {}},

		// Delegation.
		{name: "not delegated", mutate: func(w *world) { w.deleg = dnscheck.NotDelegated },
			want: []string{"delegation example.test not-delegated"}},
		{name: "partly delegated", mutate: func(w *world) { w.deleg = dnscheck.PartlyDelegated },
			want: []string{"delegation example.test partly-delegated"}},
		{name: "zone without name servers", mutate: func(w *world) { w.platform.NameServers = nil },
			want: []string{"delegation example.test not-delegated"}},

		// Routes.
		{name: "grafana not routed", mutate: func(w *world) { w.platform.Hosts[1].Routed = false },
			want: []string{"route grafana.example.test no-route"}},

		// Certificates (the HTTPS checks of the host are skipped, port 80 is still checked).
		{name: "expired certificate", mutate: func(w *world) {
			w.certs[api] = w.ca.leaf(w.t, time.Now().Add(-100*day), time.Now().Add(-day), api)
		}, want: []string{"certificate api.example.test expired"}},
		{name: "certificate for another host", mutate: func(w *world) {
			w.certs[api] = w.ca.leaf(w.t, time.Now().Add(-day), time.Now().Add(80*day), "www.other.test")
		}, want: []string{"certificate api.example.test wrong-host"}},
		{name: "untrusted certificate", mutate: func(w *world) {
			w.certs[api] = newTestCA(w.t, "Intercepting Proxy CA").leaf(w.t, time.Now().Add(-day), time.Now().Add(80*day), api)
		}, want: []string{"certificate api.example.test untrusted"}},
		{name: "certificate expiring in 10 days", mutate: func(w *world) {
			w.certs[api] = w.ca.leaf(w.t, time.Now().Add(-80*day), time.Now().Add(10*day), api)
		}, want: []string{"certificate api.example.test expires-soon"}},
		{name: "certificate not yet valid", mutate: func(w *world) {
			w.certs[api] = w.ca.leaf(w.t, time.Now().Add(day), time.Now().Add(90*day), api)
		}, want: []string{"certificate api.example.test not-yet-valid"}},
		{name: "custom auth domain with a wrong certificate", mutate: func(w *world) {
			w.platform.LoginURL, w.loginTo = "https://"+authHost, authHost
			w.certs[authHost] = w.ca.leaf(w.t, time.Now().Add(-day), time.Now().Add(80*day), "login.other.test")
		}, want: []string{"certificate auth.example.test wrong-host"}},

		// Reachability: every network operation has a deadline.
		{name: "host does not resolve", mutate: func(w *world) { w.unknown[api] = true },
			want: []string{"certificate api.example.test unreachable", "http-redirect api.example.test unreachable"}},
		{name: "listeners accept and never answer", mutate: func(w *world) { w.hang[api] = true },
			want: []string{"certificate api.example.test unreachable", "http-redirect api.example.test unreachable"}},

		// Port 80.
		{name: "port 80 serves content", mutate: func(w *world) { w.http[api] = respond(200, "hello") },
			want: []string{"http-redirect api.example.test not-redirected"}},
		{name: "port 80 redirects temporarily", mutate: func(w *world) { w.http[api] = redirectTo(302, "https://"+api+"/") },
			want: []string{"http-redirect api.example.test not-permanent"}},
		{name: "port 80 redirects to http", mutate: func(w *world) { w.http[api] = redirectTo(301, "http://"+api+":8080/") },
			want: []string{"http-redirect api.example.test wrong-location"}},
		{name: "port 80 redirects to another port", mutate: func(w *world) { w.http[api] = redirectTo(308, "https://"+api+":8443/") },
			want: []string{"http-redirect api.example.test wrong-location"}},

		// The login gate.
		{name: "gated host answers 200", mutate: func(w *world) { w.https[api] = respond(200, "orders") },
			want: []string{"login-gate api.example.test not-redirected"}},
		{name: "gated host denies with 401", mutate: func(w *world) { w.https[api] = respond(401, "") },
			want: []string{"login-gate api.example.test not-redirected"}},
		{name: "gated host redirects to another pool", mutate: func(w *world) {
			w.https[prom] = redirectTo(302, "https://someone-else.auth.us-east-1.amazoncognito.com/oauth2/authorize?client_id=x")
		}, want: []string{"login-gate prometheus.example.test wrong-location"}},
		{name: "gated host redirects to the pool but not its login", mutate: func(w *world) {
			w.https[prom] = redirectTo(302, "https://"+loginHost+"/logout")
		}, want: []string{"login-gate prometheus.example.test wrong-location"}},
		{name: "login URL unknown", mutate: func(w *world) { w.platform.LoginURL = "" },
			want: []string{"login-gate api.example.test wrong-location", "login-gate prometheus.example.test wrong-location"}},

		// Grafana.
		{name: "grafana database failing", mutate: func(w *world) {
			w.https[grafana+"/api/health"] = respond(503, `{"database":"failing"}`)
		}, want: []string{"grafana-health grafana.example.test unhealthy"}},
		{name: "grafana health is not Grafana", mutate: func(w *world) {
			w.https[grafana+"/api/health"] = respond(200, "Not found")
		}, want: []string{"grafana-health grafana.example.test bad-answer"}},
		{name: "grafana behind the login gate is accepted", mutate: func(w *world) { w.platform.Hosts[1].Gated = true }},
		{name: "grafana behind a gate of another pool", mutate: func(w *world) {
			w.platform.Hosts[1].Gated = true
			w.https[grafana] = redirectTo(302, "https://someone-else.example/oauth2/authorize")
		}, want: []string{"grafana-health grafana.example.test wrong-location", "login-gate grafana.example.test wrong-location"}},

		// Ports.
		{name: "another port answers", mutate: func(w *world) { w.openListener() },
			want: []string{"port 127.0.0.1:{open} open"}},
		{name: "load balancer name unknown", mutate: func(w *world) { w.platform.ALBDNSName = "" },
			want: []string{"port load balancer unreachable"}},
		{name: "load balancer name does not resolve", mutate: func(w *world) { w.platform.ALBDNSName = "gone.example.test" },
			want: []string{"port gone.example.test unreachable"}},

		// Services and targets (internal/status).
		{name: "service not running its desired count", mutate: func(w *world) { w.report.Services[0].Running = 0 },
			want: []string{"service grafana unhealthy"}},
		{name: "service whose deployment failed", mutate: func(w *world) {
			w.report.Services[1].Rollout, w.report.Services[1].RolloutReason = "FAILED", "circuit breaker"
		}, want: []string{"service prometheus unhealthy"}},
		{name: "no services", mutate: func(w *world) { w.report.Services = nil },
			want: []string{"service cluster unhealthy"}},
		{name: "unhealthy target", mutate: func(w *world) {
			w.report.Targets[1].State, w.report.Targets[1].Reason = "unhealthy", "Target.ResponseCodeMismatch"
		}, want: []string{"target prometheus.example.test i-1:32769 unhealthy"}},
		{name: "status with failed calls", mutate: func(w *world) { w.report.Errors = []string{"ALB targets: AccessDenied"} },
			want: []string{"status status incomplete"}},
		{name: "status fails", mutate: func(w *world) {
			w.statusFn = func() (status.Report, error) { return status.Report{}, errors.New("no credentials") }
		}, want: []string{"status status incomplete"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			tc.mutate(w)
			start := time.Now()
			rs := w.run()
			if testing.Verbose() {
				t.Log("\n" + dump(Failures(rs)))
			}
			// A hung listener costs each of its checks one deadline; far more means an
			// operation without one.
			if d := time.Since(start); d > 4*testTimeout {
				t.Errorf("verify took %s (deadline per operation %s): every network operation must have a short deadline", d, testTimeout)
			}
			want := []string{}
			for _, s := range tc.want {
				want = append(want, strings.ReplaceAll(s, "{open}", strconv.Itoa(w.openPort)))
			}
			slices.Sort(want)
			if got := failures(rs); !slices.Equal(got, want) {
				t.Errorf("failures:\n got %q\nwant %q\nall results:\n%s", got, want, dump(rs))
			}
			for _, r := range rs {
				if r.Detail == "" || strings.Contains(r.Detail, "\n") {
					t.Errorf("%s %s: detail %q must be one non-empty line", r.Check, r.Target, r.Detail)
				}
				if !r.OK && !strings.Contains(r.Detail, ": ") {
					t.Errorf("%s %s: failure %q names no fix", r.Check, r.Target, r.Detail)
				}
			}
		})
	}
}

// TestRunHealthyCoversEveryCheck: on a healthy platform every kind of check runs and passes.
func TestRunHealthyCoversEveryCheck(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.platform.LoginURL, w.loginTo = "https://"+authHost, authHost
	rs := w.run()
	got := []string{}
	for _, r := range rs {
		got = append(got, r.Check+" "+r.Target)
		if !r.OK {
			t.Errorf("failed: %+v", r)
		}
	}
	want := []string{
		"delegation example.test",
		"certificate api.example.test", "certificate auth.example.test", "certificate grafana.example.test", "certificate prometheus.example.test",
		"http-redirect api.example.test", "http-redirect grafana.example.test", "http-redirect prometheus.example.test",
		"login-gate api.example.test", "login-gate prometheus.example.test",
		"grafana-health grafana.example.test",
		"port 127.0.0.1",
		"service grafana", "service prometheus",
		"target grafana.example.test i-1:32768", "target prometheus.example.test i-1:32769",
	}
	if !slices.Equal(got, want) {
		t.Errorf("checks, in order:\n got %q\nwant %q", got, want)
	}
}

func TestRunGatedGrafanaSaysWhatWasChecked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.platform.Hosts[1].Gated = true
	for _, r := range w.run() {
		if r.Check == CheckHealth && (!r.OK || !strings.Contains(r.Detail, "gated by the load balancer's login")) {
			t.Errorf("grafana health = %+v, want a pass saying only the gate was checked", r)
		}
	}
}

func TestWriteJSONNeverNull(t *testing.T) {
	t.Parallel()
	for _, rs := range [][]Result{nil, {}, Failures(nil)} {
		var b bytes.Buffer
		if err := jsonout.Write(&b, rs); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(b.String()); got != "[]" {
			t.Errorf("jsonout.Write(%#v) = %s, want []", rs, got)
		}
	}
	var b bytes.Buffer
	if err := jsonout.Write(&b, []Result{{Check: CheckPorts, Target: "192.0.2.1:22", Problem: ProblemOpen, Detail: "x: y"}}); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back) != 1 || back[0]["ok"] != false || back[0]["problem"] != "open" {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

func dump(rs []Result) string {
	var b strings.Builder
	_ = WriteTable(&b, rs)
	return b.String()
}

func TestCommonPorts(t *testing.T) {
	t.Parallel()
	seen := map[int]bool{}
	for _, p := range CommonPorts() {
		if p == 80 || p == 443 || seen[p] || p < 1 || p > 65535 {
			t.Errorf("CommonPorts holds %d: it must list distinct ports other than the listeners 80 and 443", p)
		}
		seen[p] = true
	}
	if len(CommonPorts()) != 31 {
		t.Errorf("%d common ports: docs/platformctl.md says 31, update it", len(CommonPorts()))
	}
}
