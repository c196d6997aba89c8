package docscheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Built from pieces so that this file does not trip the check it tests.
var (
	notes  = "DESIGN-" + "NOTES"
	shared = "../" + "shared"
)

// rec is the path of a decision record from the root, built so that the repository check
// does not read this file's fixtures as citations.
func rec(name string) string { return "docs/" + "decisions/" + name }

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheck(t *testing.T) {
	t.Parallel()
	record := map[string]string{rec("0013-bridge-networking.md"): "# 0013\n"}
	with := func(extra map[string]string) map[string]string {
		files := map[string]string{}
		for k, v := range record {
			files[k] = v
		}
		for k, v := range extra {
			files[k] = v
		}
		return files
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // "path:line: <substring of the message>", in order
	}{
		{
			name: "citations of records that exist",
			files: with(map[string]string{
				"internal/x/x.go":     "package x\n\n// Bridge mode (" + rec("0013-bridge-networking.md") + ").\n",
				"terraform/a/main.tf": "# dynamic port (" + rec("0013-bridge-networking.md") + ")\n",
				"docs/ecs.md":         "Bridge ([ADR 0013](decisions/0013-bridge-networking.md#context)).\n",
				rec("0014-next.md"):   "See [0013](0013-bridge-networking.md) and [root](/" + rec("0013-bridge-networking.md") + ").\n",
				"README.md":           "[bridge](" + rec("0013-bridge-networking.md") + "), [aws](https://example.com/0001-x.md)\n",
			}),
		},
		{
			name: "the notes cited from Go, HCL and markdown",
			files: with(map[string]string{
				"internal/x/x.go":     "package x\n\n// Bridge mode (" + notes + " D4).\n",
				"terraform/a/main.tf": "# line one\n# (" + notes + "\n# facts)\n",
				"docs/a.md":           "see `" + strings.ToLower(notes) + ".md`\n",
			}),
			want: []string{
				"docs/a.md:1: mentions",
				"internal/x/x.go:3: mentions",
				"terraform/a/main.tf:2: mentions",
			},
		},
		{
			name: "the sibling directory outside .ci/run",
			files: with(map[string]string{
				rec("0001-test-tooling.md"): "Only `.ci/run` refers to `" + shared + "`.\n",
				".ci/run":                   "#!/bin/sh\nbash " + shared + "/offline-aws-provider/install.sh # " + notes + "\n",
				"scripts/x.sh":              "cp " + shared + "-config/x . # another directory\n",
			}),
			want: []string{rec("0001-test-tooling.md") + ":1: mentions \"" + shared + "\""},
		},
		{
			name: ".ci/run may name both",
			files: with(map[string]string{
				".ci/run": "# " + notes + " and " + shared + "\n",
			}),
		},
		{
			name: "ignored folders and binary files are not read",
			files: with(map[string]string{
				".git/COMMIT_EDITMSG":                    notes + "\n",
				"terraform/a/.terraform/modules/x.tf":    notes + "\n",
				"build/notes.txt":                        notes + "\n",
				"platform.tfvars":                        "# " + notes + "\n",
				"internal/x/testdata/blob.bin":           "\x00\x01" + notes,
				"terraform/a/tests/build/not-ignored.md": "fine\n",
			}),
		},
		{
			name: "links and paths to records that do not exist",
			files: with(map[string]string{
				"docs/a.md":          "[wrong dir](" + rec("0013-bridge-networking.md") + ") and [gone](decisions/0099-gone.md)\n",
				rec("0014-next.md"):  "\n[up](../0013-bridge-networking.md)\n",
				"internal/x/x.go":    "package x\n\n// " + rec("0013-bridge.md") + "\n",
				"README.md":          "[outside](../" + rec("0013-bridge-networking.md") + ")\n",
				"scripts/missing.sh": "# see " + rec("0042-never-written.md") + " and " + rec("0042-*.md") + "\n",
			}),
			want: []string{
				"README.md:1: links to ../" + rec("0013-bridge-networking.md"),
				"docs/a.md:1: links to " + rec("0013-bridge-networking.md") + ", which resolves to docs/" + rec(""),
				"docs/a.md:1: links to decisions/0099-gone.md, which resolves to " + rec("0099-gone.md"),
				rec("0014-next.md") + ":2: links to ../0013-bridge-networking.md, which resolves to docs/0013-bridge-networking.md",
				"internal/x/x.go:3: cites " + rec("0013-bridge.md") + ", which does not exist",
				"scripts/missing.sh:1: cites " + rec("0042-never-written.md") + ", which does not exist",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			findings, err := Check(writeTree(t, tc.files))
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			got := make([]string, len(findings))
			for i, f := range findings {
				got[i] = f.String()
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w[:strings.Index(w, ": ")+2]) || !strings.Contains(got[i], w[strings.Index(w, ": ")+2:]) {
					t.Errorf("finding %d = %q, want %q", i, got[i], w)
				}
			}
		})
	}
}

// TestRepository runs the check on this repository: no file but .ci/run cites anything
// outside the clone, and every cited decision record exists.
func TestRepository(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found at %s: %v", root, err)
	}
	findings, err := Check(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}
