// Package layers knows the platform's Terraform layers, their dependency
// order, and how a command line selects some of them.
package layers

import (
	"fmt"
	"slices"
	"strings"
)

// Layer is one Terraform root folder = one state = one deploy unit.
type Layer struct {
	// Name is the folder name under terraform/ and the state key prefix.
	Name string
	// LocalState is true for bootstrap: its first apply runs with local
	// state (the bucket does not exist yet), which platformctl then migrates
	// into that bucket (internal/cli/bootstrap.go).
	LocalState bool
}

// Names of the layers.
const (
	Bootstrap  = "bootstrap"
	BaseInfra  = "base-infra"
	Monitoring = "monitoring"
)

// All lists every layer in dependency order: each needs the ones before it.
var All = []Layer{
	{Name: Bootstrap, LocalState: true},
	{Name: BaseInfra},
	{Name: Monitoring},
}

// Dir is the layer's folder relative to the repository root.
func (l Layer) Dir() string { return "terraform/" + l.Name }

// StateKey is the layer's key in the state bucket (docs/contract.md).
func (l Layer) StateKey() string { return l.Name + "/terraform.tfstate" }

// Names returns the names of ls.
func Names(ls []Layer) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Name
	}
	return out
}

// Get returns the layer called name.
func Get(name string) (Layer, bool) {
	for _, l := range All {
		if l.Name == name {
			return l, true
		}
	}
	return Layer{}, false
}

// Select returns the named layers in dependency order (whatever order they
// were named in), without duplicates. No names selects every layer. An
// unknown name is an error naming the valid ones.
func Select(names []string) ([]Layer, error) {
	if len(names) == 0 {
		return slices.Clone(All), nil
	}
	for _, n := range names {
		if _, ok := Get(n); !ok {
			return nil, fmt.Errorf("unknown layer %q: use one or more of %s", n, strings.Join(Names(All), ", "))
		}
	}
	var out []Layer
	for _, l := range All {
		if slices.Contains(names, l.Name) {
			out = append(out, l)
		}
	}
	return out, nil
}

// SelectForDestroy returns the named layers in reverse dependency order.
// No names selects every layer but bootstrap: `down` never destroys the
// state bucket (docs/runbook.md says how to remove it by hand).
func SelectForDestroy(names []string) ([]Layer, error) {
	ls, err := Select(names)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		ls = slices.DeleteFunc(ls, func(l Layer) bool { return l.LocalState })
	} else if slices.ContainsFunc(ls, func(l Layer) bool { return l.LocalState }) {
		return nil, fmt.Errorf("down never destroys the %s layer (it holds every layer's state): empty the bucket and follow docs/runbook.md to remove it by hand", Bootstrap)
	}
	slices.Reverse(ls)
	return ls, nil
}
