package tfcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ownRunMarker, on the line above a run block, keeps the run out of the shared-inputs check:
// later runs of its file build on the state it leaves (docs/decisions/0001-test-tooling.md).
const ownRunMarker = "tfcheck: own run"

// TestNoTwoRunsShareTheirInputs keeps the suite's cost down: a run block costs about three
// provider starts whatever it asserts, so two runs of a folder with the same inputs (the same
// file-level blocks, the same run body once its asserts and command are left out) must be one
// run: with the default inputs, run "defaults" in tests/defaults.tftest.hcl.
func TestNoTwoRunsShareTheirInputs(t *testing.T) {
	t.Parallel()
	folders, err := Discover(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range folders {
		files, _ := filepath.Glob(filepath.Join(repoRoot(t), filepath.FromSlash(f.Rel), "tests", "*.tftest.hcl"))
		seen := map[string]string{}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			runs, err := runInputs(filepath.Base(file), src)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range runs {
				if other, ok := seen[r.inputs]; ok {
					t.Errorf("%s/tests/%s: run %q has the same inputs as run %s: move its asserts there (or, for the default inputs, into run \"defaults\" of tests/defaults.tftest.hcl)", f.Rel, filepath.Base(file), r.name, other)
					continue
				}
				seen[r.inputs] = filepath.Base(file) + " " + `"` + r.name + `"`
			}
		}
	}
}

type runInput struct {
	name   string
	inputs string // the file's other blocks and the run's body, without asserts or command
}

// runInputs lists the runs of one test file that the check applies to: not those that expect
// failures (each needs its own bad input) and not those marked with ownRunMarker.
func runInputs(name string, src []byte) ([]runInput, error) {
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body := f.Body.(*hclsyntax.Body)
	var preamble []string
	for _, a := range body.Attributes {
		preamble = append(preamble, tokens(src, a.SrcRange))
	}
	for _, b := range body.Blocks {
		if b.Type != "run" {
			preamble = append(preamble, tokens(src, b.Range()))
		}
	}
	lines := bytes.Split(src, []byte("\n"))
	var runs []runInput
	for _, b := range body.Blocks {
		if b.Type != "run" || len(b.Labels) != 1 {
			continue
		}
		if line := b.TypeRange.Start.Line - 2; line >= 0 && bytes.Contains(lines[line], []byte(ownRunMarker)) {
			continue
		}
		if _, ok := b.Body.Attributes["expect_failures"]; ok {
			continue
		}
		parts := append([]string{}, preamble...)
		for n, a := range b.Body.Attributes {
			if n != "command" {
				parts = append(parts, tokens(src, a.SrcRange))
			}
		}
		for _, inner := range b.Body.Blocks {
			if inner.Type != "assert" {
				parts = append(parts, tokens(src, inner.Range()))
			}
		}
		slices.Sort(parts)
		runs = append(runs, runInput{name: b.Labels[0], inputs: strings.Join(parts, "\x00")})
	}
	return runs, nil
}

// tokens is the source of rng as HCL tokens, without comments and line breaks: the same
// configuration written with other spacing or comments gives the same string.
func tokens(src []byte, rng hcl.Range) string {
	toks, _ := hclsyntax.LexConfig(src[rng.Start.Byte:rng.End.Byte], rng.Filename, rng.Start)
	var out []string
	for _, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenComment, hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		}
		out = append(out, string(tok.Bytes))
	}
	return strings.Join(out, " ")
}

func TestRunInputs(t *testing.T) {
	t.Parallel()
	src := []byte(`mock_provider "aws" {}

variables {
  a = 1
}

run "one" {
  command = apply
  assert {
    condition     = true
    error_message = "x"
  }
}

# Same inputs, other spacing, comments, asserts and command.
run "two" {
  command = plan # plan
  assert {
    condition     = false
    error_message = "y"
  }
}

run "other_input" {
  variables {
    a = 2
  }
}

run "bad_input" {
  variables {
    a = -1
  }
  expect_failures = [var.a]
}

# tfcheck: own run (the next run builds on its state)
run "setup" {
}
`)
	runs, err := runInputs("x.tftest.hcl", src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.name)
	}
	if got, want := strings.Join(names, ","), "one,two,other_input"; got != want {
		t.Fatalf("runs checked = %s, want %s", got, want)
	}
	if runs[0].inputs != runs[1].inputs {
		t.Errorf("runs one and two differ only in asserts, command and comments; their inputs differ:\n%q\n%q", runs[0].inputs, runs[1].inputs)
	}
	if runs[0].inputs == runs[2].inputs {
		t.Errorf("run other_input sets another variable; its inputs equal run one's")
	}
}
