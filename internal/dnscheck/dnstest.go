package dnscheck

import (
	"net"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// FakeParent is a real DNS server on loopback that plays the parent zone
// (e.g. the .net servers): it answers NS questions with a referral to the
// name servers set for each domain. Tests and the end-to-end test use it.
type FakeParent struct {
	Addr string // host:port it listens on (UDP)

	mu     sync.Mutex
	ns     map[string][]string
	a      map[string]string
	server *dns.Server
}

// StartFakeParent listens on 127.0.0.1 (a free UDP port).
func StartFakeParent() (*FakeParent, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &FakeParent{Addr: pc.LocalAddr().String(), ns: map[string][]string{}, a: map[string]string{}}
	started := make(chan struct{})
	f.server = &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(f.serve), NotifyStartedFunc: func() { close(started) }}
	go func() { _ = f.server.ActivateAndServe() }()
	<-started
	return f, nil
}

// Delegate makes the parent refer domain to servers (none: NXDOMAIN).
func (f *FakeParent) Delegate(domain string, servers ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ns[normalize(domain)] = servers
}

// Address makes the server answer A questions for host with ip.
func (f *FakeParent) Address(host, ip string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.a[normalize(host)] = ip
}

// Close stops the server.
func (f *FakeParent) Close() error { return f.server.Shutdown() }

func (f *FakeParent) serve(w dns.ResponseWriter, r *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(r)
	if len(r.Question) == 1 {
		q := r.Question[0]
		name := normalize(q.Name)
		f.mu.Lock()
		servers := f.ns[name]
		ip, hasA := f.a[name]
		f.mu.Unlock()
		switch {
		case q.Qtype == dns.TypeA && hasA:
			m.Answer = append(m.Answer, &dns.A{
				Hdr: dns.RR_Header{Name: dns.Fqdn(name), Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 300},
				A:   net.ParseIP(ip),
			})
			_ = w.WriteMsg(m)
			return
		case q.Qtype != dns.TypeNS:
			// Nothing but NS (and the A records set) here: an empty answer.
			_ = w.WriteMsg(m)
			return
		}
		if len(servers) == 0 {
			m.Rcode = dns.RcodeNameError
		}
		for _, s := range servers {
			rr := &dns.NS{
				Hdr: dns.RR_Header{Name: dns.Fqdn(name), Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: 172800},
				Ns:  dns.Fqdn(strings.ToLower(s)),
			}
			// A direct question (no recursion) gets a referral, as the .net
			// servers give; a resolver's question (recursion desired) an answer.
			if r.RecursionDesired {
				m.Answer = append(m.Answer, rr)
			} else {
				m.Ns = append(m.Ns, rr)
			}
		}
	}
	_ = w.WriteMsg(m)
}
