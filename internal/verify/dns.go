package verify

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hari328/platform/internal/dnscheck"
)

// checkDelegation asks the parent zone (dnscheck, the same check as `platformctl dns`)
// whether it delegates the domain to exactly the hosted zone's name servers.
func checkDelegation(ctx context.Context, p Platform, d Deps) Result {
	if len(p.NameServers) == 0 {
		return fail(CheckDelegation, p.Domain, ProblemNotDelegated, "the hosted zone lists no name servers: run 'platformctl up' (base-infra creates the zone)")
	}
	if d.Delegation == nil {
		return fail(CheckDelegation, p.Domain, ProblemUnreachable, "no delegation check configured")
	}
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	res, err := d.Delegation(ctx, p.Domain, p.NameServers)
	if err != nil {
		return fail(CheckDelegation, p.Domain, ProblemUnreachable, "%v", err)
	}
	switch res.State {
	case dnscheck.Delegated:
		return pass(CheckDelegation, p.Domain, "the parent zone (%s) delegates to the zone's %d name servers", res.Server, len(res.Expected))
	case dnscheck.PartlyDelegated:
		return fail(CheckDelegation, p.Domain, ProblemPartDelegated, "the parent zone (%s) lists %s, the zone has %s: set exactly the zone's name servers at the registrar (see 'platformctl dns')",
			res.Server, listOrNone(res.Parent), strings.Join(res.Expected, ", "))
	default:
		return fail(CheckDelegation, p.Domain, ProblemNotDelegated, "the parent zone (%s) lists %s, not the zone's %s: set them at the registrar (see 'platformctl dns')",
			res.Server, listOrNone(res.Parent), strings.Join(res.Expected, ", "))
	}
}

func listOrNone(ss []string) string {
	if len(ss) == 0 {
		return "no name servers"
	}
	return strings.Join(ss, ", ")
}

// hostOf returns the lower-case host name of a URL ("" when it has none).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func sprintf(format string, a ...any) string {
	if len(a) == 0 {
		return format
	}
	return fmt.Sprintf(format, a...)
}
