package verify

import (
	"encoding/json"
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

// WriteJSON writes the results as one JSON list ([] when there are none, never null).
func WriteJSON(w io.Writer, rs []Result) error {
	if rs == nil {
		rs = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rs); err != nil {
		return fmt.Errorf("write verify json: %w", err)
	}
	return nil
}
