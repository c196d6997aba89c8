package verify

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/status"
)

const (
	domain    = "example.test"
	grafana   = "grafana." + domain
	prom      = "prometheus." + domain
	api       = "api." + domain
	authHost  = "auth." + domain
	loginHost = "platform-1a2b3c4d.auth.us-east-1.amazoncognito.com"
	albName   = "platform-123.us-east-1.elb.amazonaws.test"
)

var zoneNS = []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"}

// world is a platform on loopback: one TLS server plays the load balancer's HTTPS listener
// (a certificate per SNI name, an answer per Host), one plain server its HTTP listener, a
// dialer routes every platform name to them, and fakes answer delegation and status.
type world struct {
	t        *testing.T
	platform Platform
	ca       testCA                        // the trusted root
	certs    map[string]*tls.Certificate   // by SNI name; "" is the default
	https    map[string]http.HandlerFunc   // by host, or host+path
	http     map[string]http.HandlerFunc   // by host
	unknown  map[string]bool               // names that do not resolve
	hang     map[string]bool               // names whose listeners accept and never answer
	loginTo  string                        // where gated hosts send anonymous requests
	deleg    dnscheck.State                // what the parent zone says
	report   status.Report                 // what status reports
	statusFn func() (status.Report, error) // overrides report
	ports    []int                         // probed ports
	openPort int                           // a port that answers (see openListener)
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ca := newTestCA(t, "Test Root CA")
	now := time.Now()
	good := ca.leaf(t, now.Add(-time.Hour), now.Add(90*24*time.Hour), "*."+domain, domain)
	return &world{
		t: t,
		platform: Platform{
			Domain:      domain,
			NameServers: zoneNS,
			Hosts: []Host{
				{Name: api, Routed: true, Gated: true},
				{Name: grafana, Routed: true},
				{Name: prom, Routed: true, Gated: true},
			},
			LoginURL:   "https://" + loginHost,
			ALBDNSName: albName,
		},
		ca:      ca,
		certs:   map[string]*tls.Certificate{"": good},
		https:   map[string]http.HandlerFunc{},
		http:    map[string]http.HandlerFunc{},
		unknown: map[string]bool{},
		hang:    map[string]bool{},
		loginTo: loginHost,
		deleg:   dnscheck.Delegated,
		report: status.Report{
			Services: []status.ServiceStatus{
				{Name: "grafana", Desired: 1, Running: 1, Rollout: "COMPLETED"},
				{Name: "prometheus", Desired: 1, Running: 1, Rollout: "COMPLETED"},
			},
			Targets: []status.TargetStatus{
				{Host: grafana, TargetGroup: "platform-grafana", Target: "i-1:32768", State: "healthy"},
				{Host: prom, TargetGroup: "platform-prometheus", Target: "i-1:32769", State: "healthy"},
			},
		},
		ports: []int{closedPort(t)},
	}
}

// openListener makes a loopback port answer, and probes it.
func (w *world) openListener() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	w.openPort = l.Addr().(*net.TCPAddr).Port
	w.ports = append(w.ports, w.openPort)
}

// run starts the servers and runs every check.
func (w *world) run() []Result {
	t := w.t
	t.Helper()
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := hostname(r.Host)
		if h, ok := w.https[host+r.URL.Path]; ok {
			h(rw, r)
			return
		}
		if h, ok := w.https[host]; ok {
			h(rw, r)
			return
		}
		w.defaultHTTPS(rw, r, host)
	}))
	tlsSrv.TLS = &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if c, ok := w.certs[hello.ServerName]; ok {
			return c, nil
		}
		return w.certs[""], nil
	}}
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	plain := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := hostname(r.Host)
		if h, ok := w.http[host]; ok {
			h(rw, r)
			return
		}
		http.Redirect(rw, r, "https://"+host+":443"+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	t.Cleanup(plain.Close)
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()

	var dialer net.Dialer
	deps := Deps{
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if net.ParseIP(host) != nil {
				return dialer.DialContext(ctx, network, addr)
			}
			switch {
			case w.unknown[host]:
				return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			case w.hang[host]:
				return dialer.DialContext(ctx, network, silent.Addr().String())
			case port == "443":
				return dialer.DialContext(ctx, network, tlsSrv.Listener.Addr().String())
			case port == "80":
				return dialer.DialContext(ctx, network, plain.Listener.Addr().String())
			}
			return nil, fmt.Errorf("test dialer: unexpected %s", addr)
		},
		LookupHost: func(_ context.Context, host string) ([]string, error) {
			if host == albName {
				return []string{"127.0.0.1"}, nil
			}
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		},
		Roots: w.ca.pool(),
		Delegation: func(_ context.Context, d string, ns []string) (dnscheck.Result, error) {
			r := dnscheck.Result{Domain: d, Expected: ns, Server: "192.0.2.53:53", State: w.deleg}
			switch w.deleg {
			case dnscheck.Delegated:
				r.Parent = ns
			case dnscheck.PartlyDelegated:
				r.Parent = ns[:1]
			default:
				r.Parent = []string{"dns1.registrar-servers.com"}
			}
			return r, nil
		},
		Status: func(context.Context) (status.Report, error) {
			if w.statusFn != nil {
				return w.statusFn()
			}
			return w.report, nil
		},
		Timeout:     testTimeout,
		PortTimeout: 2 * time.Second,
		Ports:       w.ports,
	}
	return Run(context.Background(), w.platform, deps)
}

// testTimeout is the deadline of each network operation in the tests: generous, since CI runs
// them beside the Terraform suite on two loaded cores; only the "never answer" case waits it out.
const testTimeout = 2 * time.Second

func (w *world) defaultHTTPS(rw http.ResponseWriter, r *http.Request, host string) {
	gated := false
	for _, h := range w.platform.Hosts {
		if h.Name == host {
			gated = h.Gated
		}
	}
	switch {
	case gated:
		http.Redirect(rw, r, "https://"+w.loginTo+"/oauth2/authorize?client_id=abc&response_type=code&redirect_uri=https%3A%2F%2F"+host+"%2Foauth2%2Fidpresponse", http.StatusFound)
	case host == grafana && r.URL.Path == "/api/health":
		rw.Header().Set("Content-Type", "application/json")
		fmt.Fprint(rw, `{"commit":"abc","database":"ok","version":"12.3.0"}`)
	default:
		http.Redirect(rw, r, "/login", http.StatusFound)
	}
}

func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}
