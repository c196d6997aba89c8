// Package dnscheck tells whether a domain is delegated to a set of name
// servers, asking the parent zone's authoritative servers directly (not a
// caching resolver, which may hold an old answer for up to two days).
package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// State is the delegation state of a domain.
type State string

// The three delegation states.
const (
	Delegated       State = "delegated"
	NotDelegated    State = "not delegated"
	PartlyDelegated State = "partly delegated"
)

// Result is what the parent zone says about the domain.
type Result struct {
	Domain   string   `json:"domain"`
	Expected []string `json:"expected_name_servers"` // the zone's own (Route53) name servers
	Parent   []string `json:"parent_name_servers"`   // what the parent zone delegates to
	Server   string   `json:"asked"`                 // the parent server that answered
	State    State    `json:"state"`
}

// Checker asks the parent zone's servers.
type Checker struct {
	// ParentServers are host:port addresses of the parent zone's
	// authoritative servers. Empty: they are looked up (the parent zone's NS
	// records through the system resolver, then each server's address).
	ParentServers []string
	// Timeout per query; default 3s.
	Timeout time.Duration
	// Resolver looks up the parent's servers when ParentServers is empty.
	Resolver *net.Resolver

	port string // port of discovered parent servers; "53" (tests change it)
}

// Check asks the parent zone which name servers domain is delegated to and
// compares them with expected.
func (c *Checker) Check(ctx context.Context, domain string, expected []string) (Result, error) {
	// Lists are never nil: [] in JSON, not null (Parent stays [] when the
	// parent zone lists no name servers for the domain).
	res := Result{Domain: normalize(domain), Expected: normalizeAll(expected), Parent: []string{}}
	servers := c.ParentServers
	if len(servers) == 0 {
		var err error
		if servers, err = c.parentServers(ctx, res.Domain); err != nil {
			return res, err
		}
	}
	client := &dns.Client{Timeout: c.timeout()}
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(res.Domain), dns.TypeNS)
	q.RecursionDesired = false
	var errs []error
	for _, s := range servers {
		if ctx.Err() != nil {
			return res, fmt.Errorf("ask %s: %w", s, ctx.Err())
		}
		resp, _, err := client.ExchangeContext(ctx, q, s)
		if err != nil {
			errs = append(errs, fmt.Errorf("ask %s: %w", s, err))
			continue
		}
		if resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError {
			errs = append(errs, fmt.Errorf("ask %s: answer %s", s, dns.RcodeToString[resp.Rcode]))
			continue
		}
		res.Server = s
		res.Parent = nsRecords(resp, res.Domain)
		res.State = Compare(res.Expected, res.Parent)
		return res, nil
	}
	return res, fmt.Errorf("check delegation of %s: no parent server answered: %w: check the network, then re-run", res.Domain, errors.Join(errs...))
}

// Compare says whether parent delegates to exactly expected, to part of it,
// or to none of it.
func Compare(expected, parent []string) State {
	e, p := normalizeAll(expected), normalizeAll(parent)
	common := 0
	for _, n := range p {
		if slices.Contains(e, n) {
			common++
		}
	}
	switch {
	case len(e) > 0 && common == len(e) && len(p) == len(e):
		return Delegated
	case common == 0:
		return NotDelegated
	default:
		return PartlyDelegated
	}
}

// nsRecords returns the domain's NS targets in m, sorted; [] (not nil) when
// there are none.
func nsRecords(m *dns.Msg, domain string) []string {
	out := []string{}
	for _, rr := range slices.Concat(m.Answer, m.Ns) {
		if ns, ok := rr.(*dns.NS); ok && normalize(ns.Hdr.Name) == domain {
			out = append(out, normalize(ns.Ns))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// parentServers finds the authoritative servers of the domain's parent zone.
func (c *Checker) parentServers(ctx context.Context, domain string) ([]string, error) {
	_, parent, ok := strings.Cut(domain, ".")
	if !ok || parent == "" {
		return nil, fmt.Errorf("find parent zone of %q: not a domain name: set domain in the config", domain)
	}
	r := c.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	nss, err := r.LookupNS(ctx, parent+".")
	if err != nil {
		return nil, fmt.Errorf("look up the name servers of %s: %w: check the network or DNS settings", parent, err)
	}
	var out []string
	for _, ns := range nss {
		addrs, err := r.LookupHost(ctx, ns.Host)
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if ip := net.ParseIP(a); ip != nil && ip.To4() != nil {
				port := c.port
				if port == "" {
					port = "53"
				}
				out = append(out, net.JoinHostPort(a, port))
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("look up the name servers of %s: none has an IPv4 address: check the network", parent)
	}
	return out, nil
}

func (c *Checker) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 3 * time.Second
}

func normalize(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

func normalizeAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, normalize(s))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
