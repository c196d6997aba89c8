package dnscheck

import (
	"context"
	"net"
	"slices"
	"testing"
	"time"
)

var route53 = []string{"ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.", "ns-4.awsdns-04.net."}

func TestCheckAgainstLoopbackParent(t *testing.T) {
	parent, err := StartFakeParent()
	if err != nil {
		t.Fatal(err)
	}
	defer parent.Close()

	tests := []struct {
		name   string
		parent []string
		want   State
	}{
		{"delegated", route53, Delegated},
		{"delegated, case and dots differ", []string{"NS-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.AWSDNS-03.com.", "ns-4.awsdns-04.net"}, Delegated},
		{"not delegated: registrar's own servers", []string{"dns1.registrar-servers.com", "dns2.registrar-servers.com"}, NotDelegated},
		{"not delegated: no such domain at the parent", nil, NotDelegated},
		{"partly delegated: two of four", []string{route53[0], route53[1]}, PartlyDelegated},
		{"partly delegated: mixed with the old servers", []string{route53[0], route53[1], route53[2], route53[3], "dns1.registrar-servers.com"}, PartlyDelegated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent.Delegate("hari328.net", tt.parent...)
			c := &Checker{ParentServers: []string{parent.Addr}, Timeout: 2 * time.Second}
			res, err := c.Check(context.Background(), "hari328.net", route53)
			if err != nil {
				t.Fatal(err)
			}
			if res.State != tt.want {
				t.Fatalf("state = %q, want %q (parent said %v)", res.State, tt.want, res.Parent)
			}
			if res.Server != parent.Addr {
				t.Errorf("answered by %q, want %q", res.Server, parent.Addr)
			}
			if len(tt.parent) > 0 && len(res.Parent) == 0 {
				t.Errorf("parent servers not reported")
			}
			// A list, never null in JSON: [] when the parent lists nothing.
			if res.Parent == nil || res.Expected == nil {
				t.Errorf("Parent = %#v, Expected = %#v: want non-nil slices ([] in JSON)", res.Parent, res.Expected)
			}
		})
	}
}

func TestCheckFallsBackToNextServerAndFailsWhenNoneAnswers(t *testing.T) {
	parent, err := StartFakeParent()
	if err != nil {
		t.Fatal(err)
	}
	defer parent.Close()
	parent.Delegate("hari328.net", route53...)
	dead := "127.0.0.1:1" // nothing listens there
	c := &Checker{ParentServers: []string{dead, parent.Addr}, Timeout: 500 * time.Millisecond}
	res, err := c.Check(context.Background(), "hari328.net", route53)
	if err != nil || res.State != Delegated || res.Server != parent.Addr {
		t.Fatalf("Check = %+v, %v; want delegated via the second server", res, err)
	}
	c = &Checker{ParentServers: []string{dead}, Timeout: 300 * time.Millisecond}
	if _, err := c.Check(context.Background(), "hari328.net", route53); err == nil {
		t.Fatal("want an error when no parent server answers")
	}
}

func TestCompare(t *testing.T) {
	if got := Compare(nil, nil); got != NotDelegated {
		t.Errorf("empty = %q", got)
	}
	if got := Compare(route53, slices.Clone(route53[:3])); got != PartlyDelegated {
		t.Errorf("three of four = %q", got)
	}
}

// Without ParentServers the checker finds the parent zone's servers itself
// (NS of "net." and their addresses) and then asks them directly.
func TestCheckDiscoversTheParentServers(t *testing.T) {
	parent, err := StartFakeParent()
	if err != nil {
		t.Fatal(err)
	}
	defer parent.Close()
	parent.Delegate("net", "a.gtld-servers.test")
	parent.Address("a.gtld-servers.test", "127.0.0.1")
	parent.Delegate("hari328.net", route53...)
	_, port, _ := net.SplitHostPort(parent.Addr)
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", parent.Addr)
	}}
	c := &Checker{Resolver: resolver, Timeout: 2 * time.Second, port: port}
	res, err := c.Check(context.Background(), "hari328.net", route53)
	if err != nil {
		t.Fatal(err)
	}
	if res.State != Delegated || res.Server != parent.Addr {
		t.Fatalf("Check = %+v, want delegated, asked at %s", res, parent.Addr)
	}
}
