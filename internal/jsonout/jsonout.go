// Package jsonout is the one JSON writer of every platformctl command with
// --json: two-space indented, one document, ending in a newline, and a nil
// slice written as [] (a script reading a list must never get null).
package jsonout

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
)

// Write encodes v on w. A nil slice (v itself) is written as []; the
// commands' report types set their list fields to empty slices for the same
// reason (the --json null test in internal/cli walks every command).
func Write(w io.Writer, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = reflect.MakeSlice(rv.Type(), 0, 0).Interface()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
