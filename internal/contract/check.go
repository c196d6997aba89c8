package contract

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Folders of the repository holding the writer and the reader of the contract.
const (
	WriterDir = "terraform/base-infra"
	ReaderDir = "terraform/modules/platform"
)

// Literals returns, sorted and de-duplicated, every string literal starting with Prefix in
// the *.tf files of dir (not its sub-folders). It walks every expression of every file, so a
// name is found wherever it sits: an attribute, a map key, a list, a function argument.
func Literals(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read %s: no .tf files: run from the repository root or pass the right folder", dir)
	}
	var names []string
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parse %s: %w: fix the syntax (terraform validate shows it)", path, diags)
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			return nil, fmt.Errorf("parse %s: not native HCL syntax", path)
		}
		hclsyntax.VisitAll(body, func(node hclsyntax.Node) hcl.Diagnostics {
			lit, ok := node.(*hclsyntax.LiteralValueExpr)
			if !ok || lit.Val.Type() != cty.String || !lit.Val.IsKnown() || lit.Val.IsNull() {
				return nil
			}
			if s := lit.Val.AsString(); strings.HasPrefix(s, Prefix) {
				names = append(names, s)
			}
			return nil
		})
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Compare returns nil when writer, reader and constants hold the same names, and otherwise an
// error naming every name one side lacks.
func Compare(writer, reader, constants []string) error {
	sides := []struct {
		name  string
		names []string
	}{
		{"written by " + WriterDir, writer},
		{"read by " + ReaderDir, reader},
		{"declared in internal/contract", constants},
	}
	all := map[string]bool{}
	for _, side := range sides {
		for _, n := range side.names {
			all[n] = true
		}
	}
	var problems []string
	for _, side := range sides {
		var missing []string
		for n := range all {
			if !slices.Contains(side.names, n) {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			problems = append(problems, fmt.Sprintf("not %s: %s", side.name, strings.Join(missing, ", ")))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("contract parameters disagree: %s: make base-infra, modules/platform, internal/contract and docs/contract.md list the same names",
			strings.Join(problems, "; "))
	}
	return nil
}

// Check parses the writer and the reader under the repository root and compares them with
// Names.
func Check(root string) error {
	writer, err := Literals(filepath.Join(root, WriterDir))
	if err != nil {
		return fmt.Errorf("collect writer names: %w", err)
	}
	reader, err := Literals(filepath.Join(root, ReaderDir))
	if err != nil {
		return fmt.Errorf("collect reader names: %w", err)
	}
	return Compare(writer, reader, Names())
}
