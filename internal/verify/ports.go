package verify

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync"
)

// maxProbes bounds the port probes in flight at once.
const maxProbes = 32

// checkPorts probes d.Ports on every address of the load balancer: only the 80 and 443
// listeners may answer (its security group admits nothing else: terraform/base-infra/alb.tf).
// A probe is a TCP connect with a short deadline; a refused or unanswered connect passes.
func checkPorts(ctx context.Context, albName string, d Deps) []Result {
	if albName == "" {
		return []Result{fail(CheckPorts, "load balancer", ProblemUnreachable, "the load balancer's DNS name is unknown (/infra/alb-dns-name is missing): run 'platformctl up' (base-infra writes it)")}
	}
	lctx, cancel := context.WithTimeout(ctx, d.Timeout)
	addrs, err := d.LookupHost(lctx, albName)
	cancel()
	if err != nil || len(addrs) == 0 {
		return []Result{fail(CheckPorts, albName, ProblemUnreachable, "resolve %s: %v: check your DNS resolver, then 'platformctl status'", albName, err)}
	}
	slices.Sort(addrs)

	type probe struct {
		addr string
		port int
	}
	var (
		mu   sync.Mutex
		open = map[string][]int{}
		wg   sync.WaitGroup
		sem  = make(chan struct{}, maxProbes)
	)
	for _, a := range addrs {
		for _, p := range d.Ports {
			if p == 80 || p == 443 {
				continue
			}
			wg.Add(1)
			go func(pr probe) {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				pctx, cancel := context.WithTimeout(ctx, d.PortTimeout)
				defer cancel()
				conn, err := d.Dial(pctx, "tcp", net.JoinHostPort(pr.addr, strconv.Itoa(pr.port)))
				if err != nil {
					return
				}
				conn.Close()
				mu.Lock()
				open[pr.addr] = append(open[pr.addr], pr.port)
				mu.Unlock()
			}(probe{a, p})
		}
	}
	wg.Wait()

	var out []Result
	for _, a := range addrs {
		ports := open[a]
		slices.Sort(ports)
		for _, p := range ports {
			hp := net.JoinHostPort(a, strconv.Itoa(p))
			out = append(out, fail(CheckPorts, hp, ProblemOpen, "port %d answers on %s (%s): only 80 and 443 may; remove the listener or security group rule that opens it", p, a, albName))
		}
		if len(ports) == 0 {
			out = append(out, pass(CheckPorts, a, "none of the %d probed ports (all but 80 and 443) answers on %s (%s) within %s", len(d.Ports), a, albName, d.PortTimeout))
		}
	}
	if ctx.Err() != nil {
		out = append(out, fail(CheckPorts, albName, ProblemUnreachable, "%v", fmt.Errorf("probe ports: %w", ctx.Err())))
	}
	return out
}
