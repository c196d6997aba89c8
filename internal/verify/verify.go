// Package verify checks the live platform from the outside, the way a friend's browser sees
// it: the domain's delegation, every host's certificate, the HTTP to HTTPS redirect, the
// Cognito login gate, Grafana's health endpoint, the ports the load balancer answers on, and
// (through internal/status) that every ECS service runs what it wants with healthy targets.
//
// Everything the checks reach is injected (Deps): tests run them against local TLS servers,
// fake resolvers and a fake status report. Every network operation has a deadline.
package verify

import (
	"cmp"
	"context"
	"crypto/x509"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hari328/platform/internal/dnscheck"
	"github.com/hari328/platform/internal/status"
)

// Check names, in the order results are listed.
const (
	CheckDelegation  = "delegation"
	CheckRoute       = "route"
	CheckCertificate = "certificate"
	CheckRedirect    = "http-redirect"
	CheckLogin       = "login-gate"
	CheckHealth      = "grafana-health"
	CheckPorts       = "port"
	CheckService     = "service"
	CheckTarget      = "target"
	CheckStatus      = "status"
)

var checkOrder = []string{CheckDelegation, CheckRoute, CheckCertificate, CheckRedirect, CheckLogin, CheckHealth, CheckPorts, CheckService, CheckTarget, CheckStatus}

// Problems: a short, stable word for what failed, for scripts (Result.Problem).
const (
	ProblemNotDelegated  = "not-delegated"
	ProblemPartDelegated = "partly-delegated"
	ProblemNoRoute       = "no-route"
	ProblemUnreachable   = "unreachable"
	ProblemExpired       = "expired"
	ProblemNotYetValid   = "not-yet-valid"
	ProblemWrongHost     = "wrong-host"
	ProblemUntrusted     = "untrusted"
	ProblemExpiresSoon   = "expires-soon"
	ProblemNotRedirected = "not-redirected"
	ProblemNotPermanent  = "not-permanent"
	ProblemWrongLocation = "wrong-location"
	ProblemOpen          = "open"
	ProblemUnhealthy     = "unhealthy"
	ProblemBadAnswer     = "bad-answer"
	ProblemIncomplete    = "incomplete"
)

// Result is one check of one target.
type Result struct {
	Check   string `json:"check"`
	Target  string `json:"target"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"` // one of the Problem* words when !OK
	Detail  string `json:"detail"`            // what was seen; on failure, also what to do
}

// Platform is what verify checks, as Discover finds it in the platform's own parameters.
type Platform struct {
	Domain string `json:"domain"`
	// NameServers are the Route53 hosted zone's own name servers.
	NameServers []string `json:"name_servers"`
	// Hosts are the names the load balancer serves (its HTTPS listener rules) plus the
	// platform's own grafana and prometheus hosts.
	Hosts []Host `json:"hosts"`
	// LoginURL is the user pool's hosted UI base URL (/infra/sso/base-url): the
	// https://<prefix>.auth.<region>.amazoncognito.com domain or a custom domain.
	LoginURL string `json:"login_url"`
	// ALBDNSName is the load balancer's DNS name (/infra/alb-dns-name): its addresses are
	// port-checked.
	ALBDNSName string `json:"alb_dns_name"`
}

// Host is one name the load balancer serves.
type Host struct {
	Name string `json:"name"`
	// Routed: an HTTPS listener rule matches the name (false: expected but missing).
	Routed bool `json:"routed"`
	// Gated: the rule authenticates with Cognito (authenticate-cognito) before forwarding.
	Gated bool `json:"gated"`
}

// Deps are the outside world the checks use. Zero fields mean the real thing.
type Deps struct {
	// Dial opens a connection (HTTP, HTTPS, certificate and port checks). Default: a
	// net.Dialer, which resolves names with the system resolver, as a browser would.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// LookupHost resolves the load balancer's DNS name. Default: net.DefaultResolver.
	LookupHost func(ctx context.Context, host string) ([]string, error)
	// Roots are the trusted root certificates. Default (nil): the system's.
	Roots *x509.CertPool
	// Delegation asks the parent zone about the domain (dnscheck.Checker.Check).
	Delegation func(ctx context.Context, domain string, nameServers []string) (dnscheck.Result, error)
	// Status returns the platform's status report (ECS services, ALB targets).
	Status func(ctx context.Context) (status.Report, error)
	// Now is the clock certificates are judged by. Default: time.Now.
	Now func() time.Time
	// Timeout bounds each network operation (a TLS handshake, an HTTP request, a DNS
	// question, the status report). Default: 10s.
	Timeout time.Duration
	// PortTimeout bounds each port probe. Default: 2s.
	PortTimeout time.Duration
	// Ports are the ports that must NOT answer. Default: CommonPorts().
	Ports []int
}

// MinCertificateValidity is how long every certificate must still be valid. ACM starts
// renewing a DNS-validated certificate 60 days before it expires
// (https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html), so one with less
// than 14 days left is one whose renewal has failed.
const MinCertificateValidity = 14 * 24 * time.Hour

// CommonPorts are probed on every load balancer address: none may answer, only 80 and 443
// are listeners. They are the usual remote-access and database ports plus the ports the
// platform's own services listen on inside the VPC (Grafana and apps 3000, Loki 3100, Tempo
// 3200, OTLP 4317/4318, Prometheus 9090, node exporter 9100, NFS/EFS 2049).
func CommonPorts() []int {
	return []int{21, 22, 23, 25, 53, 110, 135, 139, 143, 445, 1433, 2049, 2375, 3000, 3100, 3200, 3306, 3389, 4317, 4318, 5432, 5601, 6379, 8080, 8443, 9000, 9090, 9100, 9200, 11211, 27017}
}

func (d Deps) withDefaults() Deps {
	if d.Dial == nil {
		d.Dial = (&net.Dialer{}).DialContext
	}
	if d.LookupHost == nil {
		d.LookupHost = net.DefaultResolver.LookupHost
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Timeout <= 0 {
		d.Timeout = 10 * time.Second
	}
	if d.PortTimeout <= 0 {
		d.PortTimeout = 2 * time.Second
	}
	if d.Ports == nil {
		d.Ports = CommonPorts()
	}
	return d
}

// Run runs every check concurrently and returns the results, sorted by check and target;
// never nil. A host's HTTPS checks run only once its certificate checks out (or merely
// expires soon): otherwise they would repeat the certificate's failure.
func Run(ctx context.Context, p Platform, deps Deps) []Result {
	d := deps.withDefaults()
	var (
		mu  sync.Mutex
		res = []Result{}
		wg  sync.WaitGroup
	)
	add := func(rs ...Result) {
		mu.Lock()
		defer mu.Unlock()
		res = append(res, rs...)
	}
	goCheck := func(f func() []Result) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			add(f()...)
		}()
	}

	goCheck(func() []Result { return []Result{checkDelegation(ctx, p, d)} })

	loginHost := hostOf(p.LoginURL)
	for _, h := range p.Hosts {
		if !h.Routed {
			add(fail(CheckRoute, h.Name, ProblemNoRoute, "no HTTPS listener rule of the load balancer routes %s: run 'platformctl up' (the monitoring layer creates grafana and prometheus)", h.Name))
			continue
		}
		goCheck(func() []Result {
			cert := checkCertificate(ctx, h.Name, d)
			out := []Result{cert}
			out = append(out, checkRedirect(ctx, h.Name, d))
			if !cert.OK && cert.Problem != ProblemExpiresSoon {
				return out
			}
			if h.Gated {
				out = append(out, checkLogin(ctx, h.Name, loginHost, d))
			}
			if isGrafana(h.Name, p.Domain) {
				out = append(out, checkGrafanaHealth(ctx, h, loginHost, d))
			}
			return out
		})
	}
	// A custom auth domain (auth.<domain>) is served by Cognito with the platform's
	// certificate: a friend's browser checks it like any other host.
	if loginHost != "" && p.Domain != "" && strings.HasSuffix(loginHost, "."+p.Domain) {
		goCheck(func() []Result { return []Result{checkCertificate(ctx, loginHost, d)} })
	}
	goCheck(func() []Result { return checkPorts(ctx, p.ALBDNSName, d) })
	goCheck(func() []Result { return checkStatus(ctx, d) })
	wg.Wait()

	slices.SortStableFunc(res, func(a, b Result) int {
		return cmp.Or(
			cmp.Compare(slices.Index(checkOrder, a.Check), slices.Index(checkOrder, b.Check)),
			strings.Compare(a.Target, b.Target),
		)
	})
	return res
}

// Failures returns the failed results; never nil.
func Failures(rs []Result) []Result {
	out := []Result{}
	for _, r := range rs {
		if !r.OK {
			out = append(out, r)
		}
	}
	return out
}

func isGrafana(host, domain string) bool { return host == "grafana."+domain }

func pass(check, target, format string, a ...any) Result {
	return Result{Check: check, Target: target, OK: true, Detail: sprintf(format, a...)}
}

func fail(check, target, problem, format string, a ...any) Result {
	return Result{Check: check, Target: target, Problem: problem, Detail: sprintf(format, a...)}
}
