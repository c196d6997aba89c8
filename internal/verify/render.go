package verify

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes one line per result: RESULT, CHECK, TARGET, DETAIL.
func WriteTable(w io.Writer, rs []Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RESULT\tCHECK\tTARGET\tDETAIL")
	for _, r := range rs {
		state := "ok"
		if !r.OK {
			state = "FAIL"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", state, r.Check, r.Target, strings.Join(strings.Fields(r.Detail), " "))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write verify table: %w", err)
	}
	return nil
}
