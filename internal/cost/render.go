package cost

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Report is what `platformctl cost` prints: the estimate and, with --compare, the other
// profiles.
type Report struct {
	Estimate
	Compare []Alternative `json:"compare,omitempty"`
}

// WriteTable writes the report as aligned columns.
func WriteTable(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Monthly estimate: nat_mode=%s, instance_type=%s, host_capacity=%s, hosts=%d (%s list prices, %.0f h/month)\n\n",
		r.Profile.NatMode, r.Profile.InstanceType, r.Profile.normalized().HostCapacity, r.Profile.DesiredCapacity, r.Region, r.HoursPerMonth)
	fmt.Fprintln(tw, "GROUP\tITEM\tUSAGE\tRATE\tUSD/MONTH")
	for _, l := range r.Lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\n", l.Group, l.Item, l.Usage, l.Rate, l.Monthly)
	}
	fmt.Fprintf(tw, "TOTAL\t\t\t\t%.2f\n", r.Total)
	for _, n := range r.Notes {
		fmt.Fprintf(tw, "\nNote: %s\n", n)
	}
	if len(r.Compare) > 0 {
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "NAT_MODE\tINSTANCE_TYPE\tHOST_CAPACITY\tHOST_MEMORY\tUSD/MONTH\tVS_CURRENT")
		for _, a := range r.Compare {
			mark := fmt.Sprintf("%+.2f", a.Delta)
			if a.Current {
				mark = "current"
			}
			hc := a.Profile.HostCapacity
			if hc == "spot" {
				hc = "spot (estimate)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%g GiB\t%.2f\t%s\n", a.Profile.NatMode, a.Profile.InstanceType, hc, a.MemoryGiB, a.Total, mark)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write cost table: %w", err)
	}
	return nil
}
