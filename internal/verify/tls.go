package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net"
	"strings"
	"time"
)

// checkCertificate connects to host:443 with the host as SNI, as a browser does, and judges
// the certificate the load balancer presents: valid for the host, chained to a trusted root,
// valid now and for at least MinCertificateValidity more. The handshake itself skips Go's
// verification so that every defect can be named; nothing is sent over the connection.
func checkCertificate(ctx context.Context, host string, d Deps) Result {
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	addr := net.JoinHostPort(host, "443")
	raw, err := d.Dial(ctx, "tcp", addr)
	if err != nil {
		return fail(CheckCertificate, host, ProblemUnreachable, "connect to %s: %s", addr, dialHint(err))
	}
	defer raw.Close()
	conn := tls.Client(raw, &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified by judgeCertificate, which names each defect
		MinVersion:         tls.VersionTLS12,
	})
	if err := conn.HandshakeContext(ctx); err != nil {
		hint := "check the HTTPS listener of the load balancer"
		if errors.Is(err, context.DeadlineExceeded) {
			hint = "no answer in time: check the load balancer's HTTPS listener and security group"
		}
		return fail(CheckCertificate, host, ProblemUnreachable, "TLS handshake with %s: %v: %s", addr, err, hint)
	}
	certs := conn.ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return fail(CheckCertificate, host, ProblemUntrusted, "%s presented no certificate: check the HTTPS listener's certificate", addr)
	}
	return judgeCertificate(host, certs, d.Roots, d.Now())
}

// judgeCertificate names every defect of the chain presented for host at now; the first
// one found (in the order expired, not yet valid, wrong host, untrusted, expires soon) is
// the Result's Problem.
func judgeCertificate(host string, certs []*x509.Certificate, roots *x509.CertPool, now time.Time) Result {
	leaf := certs[0]
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	until := leaf.NotAfter.UTC().Format(time.DateOnly)
	var problems []string
	var details []string
	add := func(problem, detail string) {
		problems = append(problems, problem)
		details = append(details, detail)
	}
	switch {
	case now.After(leaf.NotAfter):
		add(ProblemExpired, fmt.Sprintf("expired on %s", until))
	case now.Before(leaf.NotBefore):
		add(ProblemNotYetValid, fmt.Sprintf("is not valid before %s", leaf.NotBefore.UTC().Format(time.DateOnly)))
	}
	if err := leaf.VerifyHostname(host); err != nil {
		add(ProblemWrongHost, fmt.Sprintf("is valid for %s, not %s", names(leaf), host))
	}
	leafOutOfDate := len(problems) > 0
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now}); err != nil {
		var ua x509.UnknownAuthorityError
		var invalid x509.CertificateInvalidError
		switch {
		case errors.As(err, &ua):
			add(ProblemUntrusted, fmt.Sprintf("is issued by %q, which does not chain to a trusted root", leaf.Issuer.String()))
		case errors.As(err, &invalid) && invalid.Reason == x509.Expired && leafOutOfDate:
			// Already reported: the leaf itself is out of date.
		default:
			add(ProblemUntrusted, fmt.Sprintf("has a chain that does not verify (%v)", err))
		}
	}
	left := leaf.NotAfter.Sub(now)
	if len(problems) == 0 && left < MinCertificateValidity {
		add(ProblemExpiresSoon, fmt.Sprintf("expires on %s, in %d days (less than %d); ACM renews 60 days ahead, so its renewal is failing", until, int(math.Ceil(left.Hours()/24)), int(MinCertificateValidity.Hours()/24)))
	}
	if len(problems) == 0 {
		return pass(CheckCertificate, host, "valid for %s until %s, issued by %s", host, until, leaf.Issuer.CommonName)
	}
	return fail(CheckCertificate, host, problems[0], "the certificate of %s %s: %s", host, strings.Join(details, "; "), certificateFix(problems[0]))
}

func certificateFix(problem string) string {
	switch problem {
	case ProblemWrongHost:
		return "the load balancer serves a certificate that does not cover this host: check the listener's certificate covers *.<domain> (platformctl status, certificate row)"
	case ProblemUntrusted:
		return "check the HTTPS listener uses the ACM certificate and that nothing between you and the load balancer intercepts TLS"
	case ProblemExpiresSoon:
		return "check the certificate's renewal status in ACM and that its DNS validation records still exist (platformctl dns)"
	default:
		return "check the certificate in ACM (platformctl dns) and its DNS validation records, then re-run 'platformctl up'"
	}
}

// names lists what a certificate is valid for.
func names(c *x509.Certificate) string {
	ns := append([]string{}, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		ns = append(ns, ip.String())
	}
	if len(ns) == 0 && c.Subject.CommonName != "" {
		ns = append(ns, c.Subject.CommonName)
	}
	if len(ns) == 0 {
		return "no names"
	}
	return strings.Join(ns, ", ")
}

// dialHint turns a dial error into one line naming the likely fix.
func dialHint(err error) string {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("%v: the name does not resolve: check the delegation and the host's DNS record (run 'platformctl dns')", err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%v: no answer in time: check the load balancer's security group and your network", err)
	default:
		return fmt.Sprintf("%v: check the load balancer is running (platformctl status) and your network", err)
	}
}
