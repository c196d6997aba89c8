package membudget

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints every task's reservation and limit, then the sum against the host.
func WriteTable(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTASK\tCONTAINER\tRESERVATION MiB\tLIMIT MiB\tCOPIES\tDEPLOY SURGE\t")
	for _, t := range r.Tasks {
		res, _ := t.Reservation()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", t.Source, t.Family, "(task)", res, t.Limit(), t.Copies, t.Surge)
		if t.Containers == nil {
			fmt.Fprintf(tw, "\t\t%s\t\t\t\t\t\n", "(containers known after apply)")
		}
		for _, c := range t.Containers {
			fmt.Fprintf(tw, "\t\t%s\t%s\t%s\t\t\t\n", c.Name, orDash(c.Reservation), orDash(c.Limit))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "fits"
	if !r.Fits {
		verdict = "DOES NOT FIT"
	}
	_, err := fmt.Fprintf(w, "\nsteady state %d MiB + largest rolling-deploy surge %d MiB (%s) = %d MiB of %d MiB available (%d registered - %d ECS_RESERVED_MEMORY): %s, %d MiB free\nsum of hard limits in steady state: %d MiB\n",
		r.SteadyMiB, r.SurgeMiB, orNone(r.SurgeTask), r.TotalMiB, r.AvailableMiB, r.Host.RegisteredMiB, r.Host.ReservedMiB, verdict, r.AvailableMiB-r.TotalMiB, r.TotalLimitMiB)
	if err != nil {
		return err
	}
	goal := "within"
	if !r.MonitoringWithinGoal {
		goal = "OVER"
	}
	_, err = fmt.Fprintf(w, "monitoring layer: %d MiB reserved, goal %d MiB: %s the goal; %d MiB of the host left for apps and their deploys\n",
		r.MonitoringMiB, r.MonitoringGoalMiB, goal, r.LeftForAppsMiB)
	return err
}

// WriteJSON prints the report for scripts.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func orDash(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
