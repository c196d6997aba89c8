package status

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteTable writes the report as one table: CHECK, NAME, STATE, DETAIL.
func WriteTable(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(check, name, state, detail string) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", check, name, state, oneLine(detail))
	}
	row("CHECK", "NAME", "STATE", "DETAIL")
	for _, l := range r.Layers {
		state := "not applied"
		if l.Applied {
			state = "applied"
		}
		detail := l.Where
		if l.LastModified != nil {
			detail += ", updated " + l.LastModified.UTC().Format(time.DateTime) + " UTC"
		}
		row("layer", l.Name, state, detail)
	}
	for _, s := range r.Services {
		state := "ok"
		if !s.Healthy() {
			state = "DEGRADED"
		}
		detail := fmt.Sprintf("desired %d, running %d, pending %d, last deployment %s", s.Desired, s.Running, s.Pending, s.Rollout)
		if s.RolloutReason != "" && s.Rollout != "COMPLETED" {
			detail += ": " + s.RolloutReason
		}
		row("service", s.Name, state, detail)
	}
	for _, h := range r.Hosts {
		state, detail := hostRow(h)
		row("host", h.InstanceID, state, detail)
	}
	for _, t := range r.Targets {
		detail := t.TargetGroup + " " + t.Target
		if t.Reason != "" {
			detail += " " + t.Reason
		}
		row("target", t.Host, t.State, detail)
	}
	if c := r.Certificate; c != nil {
		row("certificate", c.Domain, c.Status, strings.Join(c.SANs, ", "))
	}
	if d := r.Delegation; d != nil {
		row("delegation", d.Zone, d.State, d.Detail)
	}
	if r.URLs.Grafana != "" {
		row("url", "grafana", "-", r.URLs.Grafana)
		row("url", "prometheus", "-", r.URLs.Prometheus+" (Cognito login)")
	}
	if r.Cost.Error != "" {
		row("cost", "monthly estimate", "unknown", r.Cost.Error)
	} else {
		p := r.Cost.Profile
		row("cost", "monthly estimate", fmt.Sprintf("$%.2f", r.Cost.MonthlyUSD),
			fmt.Sprintf("nat_mode=%s, %d x %s%s, list prices: see 'platformctl cost'", p.NatMode, p.DesiredCapacity, p.InstanceType, spotSuffix(p.HostCapacity)))
	}
	for _, e := range r.Errors {
		row("error", "-", "FAILED", e)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write status table: %w", err)
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// spotSuffix marks a Spot profile in the cost row, whose host line is an estimate.
func spotSuffix(hostCapacity string) string {
	if hostCapacity == "spot" {
		return " Spot (estimate)"
	}
	return ""
}
