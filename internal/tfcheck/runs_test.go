package tfcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ownRunMarker, in the comment right above a run block, keeps the run out of the shared-inputs check:
// later runs of its file build on the state it leaves (docs/decisions/0001-test-tooling.md).
const ownRunMarker = "tfcheck: own run"

// TestNoTwoRunsShareTheirInputs keeps the suite's cost down: a run block costs about three
// provider starts whatever it asserts, so two runs of a folder with the same inputs (runInputs)
// must be one run: with the default inputs, run "defaults" in tests/defaults.tftest.hcl.
func TestNoTwoRunsShareTheirInputs(t *testing.T) {
	t.Parallel()
	repo := repoRoot(t)
	folders, err := Discover(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range folders {
		files, _ := filepath.Glob(filepath.Join(repo, filepath.FromSlash(f.Rel), "tests", "*.tftest.hcl"))
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
					t.Errorf("%s/tests/%s: run %q has the same inputs as run %s: move its asserts there (or, for the default inputs, into run \"defaults\" of tests/defaults.tftest.hcl); a run that later runs of its file build on is marked \"# %s\" in the comment above it", f.Rel, filepath.Base(file), r.name, other, ownRunMarker)
					continue
				}
				seen[r.inputs] = filepath.Base(file) + " " + `"` + r.name + `"`
			}
		}
	}
}

type runInput struct {
	name   string
	inputs string // the file's other blocks, the applies before the run, its body without asserts or command
}

// runInputs lists the runs of one test file that the check applies to: not those that expect
// failures (each needs its own bad input) and not those marked with ownRunMarker. A run's inputs
// are the file's other blocks, the applies before it in the file (it plans against the state
// they leave) and its own body.
func runInputs(name string, src []byte) ([]runInput, error) {
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body := f.Body.(*hclsyntax.Body)
	var file []string
	for _, a := range body.Attributes {
		file = append(file, "file: "+tokens(src, a.SrcRange))
	}
	for _, b := range body.Blocks {
		if b.Type != "run" {
			file = append(file, "file: "+tokens(src, b.Range()))
		}
	}
	slices.Sort(file)
	lines := strings.Split(string(src), "\n")
	var runs []runInput
	var applied []string // the bodies of the applies so far, in order
	for _, b := range body.Blocks {
		if b.Type != "run" || len(b.Labels) != 1 {
			continue
		}
		var own []string
		for n, a := range b.Body.Attributes {
			if n != "command" {
				own = append(own, "run: "+tokens(src, a.SrcRange))
			}
		}
		for _, inner := range b.Body.Blocks {
			if inner.Type != "assert" {
				own = append(own, "run: "+tokens(src, inner.Range()))
			}
		}
		slices.Sort(own)
		inputs := strings.Join(slices.Concat(file, applied, own), "\x00")
		_, fails := b.Body.Attributes["expect_failures"]
		if !fails && !ownRun(lines, b.TypeRange.Start.Line) {
			runs = append(runs, runInput{name: b.Labels[0], inputs: inputs})
		}
		if !fails && command(src, b) != "plan" {
			applied = append(applied, "after: "+strings.Join(own, " "))
		}
	}
	return runs, nil
}

// ownRun reports whether the comment lines right above line (1-based) hold ownRunMarker at the
// start of one of them.
func ownRun(lines []string, line int) bool {
	for i := line - 2; i >= 0 && strings.HasPrefix(strings.TrimSpace(lines[i]), "#"); i-- {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), "# "+ownRunMarker) {
			return true
		}
	}
	return false
}

// command is the run's command: apply unless it says plan (terraform test's default).
func command(src []byte, b *hclsyntax.Block) string {
	if a, ok := b.Body.Attributes["command"]; ok && tokens(src, a.Expr.Range()) == "plan" {
		return "plan"
	}
	return "apply"
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
	// inputsOf returns the inputs of the named runs the check applies to.
	inputsOf := func(t *testing.T, src string) map[string]string {
		t.Helper()
		runs, err := runInputs("x.tftest.hcl", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range runs {
			out[r.name] = r.inputs
		}
		return out
	}

	t.Run("asserts, command, spacing and comments do not count", func(t *testing.T) {
		got := inputsOf(t, `mock_provider "aws" {}

variables {
  a = 1
}

run "one" {
  command = plan
  assert {
    condition     = true
    error_message = "x"
  }
}

# Same inputs, other spacing, comments, asserts and command.
run "two" {
  command   =   apply # apply
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
`)
		if len(got) != 3 {
			t.Fatalf("runs checked: %v, want one, two, other_input", got)
		}
		if got["one"] != got["two"] {
			t.Errorf("runs one and two differ only in asserts, command and comments; their inputs differ:\n%q\n%q", got["one"], got["two"])
		}
		if got["one"] == got["other_input"] {
			t.Errorf("run other_input sets another variable; its inputs equal run one's")
		}
	})

	t.Run("a run after an apply plans against its state", func(t *testing.T) {
		fresh := inputsOf(t, "run \"check\" {\n  command = plan\n}\n")
		after := inputsOf(t, "run \"setup\" {\n}\n\nrun \"check\" {\n  command = plan\n}\n")
		if fresh["check"] == after["check"] {
			t.Errorf("a run after an apply has the same inputs as one in a fresh file: %q", after["check"])
		}
	})

	t.Run("file and run variables are told apart", func(t *testing.T) {
		a := inputsOf(t, "variables {\n  a = 1\n}\n\nrun \"r\" {\n  variables {\n    a = 2\n  }\n}\n")
		b := inputsOf(t, "variables {\n  a = 2\n}\n\nrun \"r\" {\n  variables {\n    a = 1\n  }\n}\n")
		if a["r"] == b["r"] {
			t.Errorf("a = 1 in the file and 2 in the run has the same inputs as the other way round: %q", a["r"])
		}
	})

	t.Run("expect_failures and the marker leave a run out", func(t *testing.T) {
		got := inputsOf(t, `run "bad_input" {
  variables {
    a = -1
  }
  expect_failures = [var.a]
}

# tfcheck: own run (the next run builds on its state)
# and a second comment line
run "setup" {
}

# this is NOT a tfcheck: own run
run "not_marked" {
}

# tfcheck: own run, but a blank line follows

run "marker_too_far" {
}
`)
		var names []string
		for n := range got {
			names = append(names, n)
		}
		slices.Sort(names)
		if want := []string{"marker_too_far", "not_marked"}; !slices.Equal(names, want) {
			t.Errorf("runs checked = %v, want %v", names, want)
		}
	})
}
