package jsonout

import (
	"bytes"
	"errors"
	"testing"
)

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWrite(t *testing.T) {
	t.Parallel()
	type row struct {
		Name  string   `json:"name"`
		Hosts []string `json:"hosts"`
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil slice is an empty list", []row(nil), "[]\n"},
		{"empty slice", []row{}, "[]\n"},
		{"indented object", row{Name: "a", Hosts: []string{"x"}}, "{\n  \"name\": \"a\",\n  \"hosts\": [\n    \"x\"\n  ]\n}\n"},
		{"map", map[string]int{"b": 2, "a": 1}, "{\n  \"a\": 1,\n  \"b\": 2\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := Write(&b, tt.v); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("Write(%#v) = %q, want %q", tt.v, b.String(), tt.want)
			}
		})
	}
	if err := Write(failingWriter{}, []int{1}); err == nil || err.Error() != "write JSON: disk full" {
		t.Errorf("Write to a failing writer: %v, want \"write JSON: disk full\"", err)
	}
}
