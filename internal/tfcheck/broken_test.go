package tfcheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtureVersions = `terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
`

// TestHarnessReportsBrokenFolders feeds the harness throwaway roots, each broken in one way,
// and asserts it reports the right folder, step, file and message: proof that a green suite
// means something.
func TestHarnessReportsBrokenFolders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real terraform/tofu binary: not in -short mode")
	}
	ctx := context.Background()
	bins, err := Resolve(ctx, os.Getenv(EnvBinary))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		files    map[string]string
		wantStep string
		wantFile string
		wantLine int
		wantMsg  string
	}{
		{
			name: "unknown argument",
			files: map[string]string{"main.tf": fixtureVersions + `
resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
  colour     = "blue"
}
`},
			wantStep: "validate", wantFile: "main.tf", wantLine: 13, wantMsg: `An argument named "colour" is not expected here`,
		},
		{
			name: "missing required argument",
			files: map[string]string{"main.tf": fixtureVersions + `
resource "aws_subnet" "this" {
  cidr_block = "10.0.0.0/24"
}
`},
			wantStep: "validate", wantFile: "main.tf", wantMsg: `The argument "vpc_id" is required`,
		},
		{
			name: "bad formatting",
			files: map[string]string{"main.tf": fixtureVersions + `
resource "aws_vpc" "this" {
    cidr_block = "10.0.0.0/16"
}
`},
			wantStep: "fmt", wantFile: "main.tf", wantMsg: "not in canonical format",
		},
		{
			name: "failing test assertion",
			files: map[string]string{
				"main.tf": fixtureVersions + `
resource "aws_vpc" "this" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = false
}
`,
				"tests/vpc.tftest.hcl": `mock_provider "aws" {}

run "dns_hostnames" {
  command = plan

  assert {
    condition     = aws_vpc.this.enable_dns_hostnames
    error_message = "The VPC must resolve DNS host names."
  }
}
`},
			wantStep: "test", wantFile: "tests/vpc.tftest.hcl", wantLine: 7, wantMsg: "The VPC must resolve DNS host names.",
		},
	}
	for _, bin := range bins {
		for _, tt := range tests {
			t.Run(bin.Name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				ws := t.TempDir()
				for name, content := range tt.files {
					write(t, ws, "terraform/broken/"+name, content)
				}
				folders, err := Discover(ws)
				if err != nil || len(folders) != 1 {
					t.Fatalf("Discover() = %v, %v; want the one broken folder", folders, err)
				}
				found := Runner{Bin: bin}.Check(ctx, ws, folders[0], Options{})
				for _, f := range found {
					t.Log(f)
				}
				assertFinding(t, found, "terraform/broken", tt.wantStep, tt.wantFile, tt.wantLine, tt.wantMsg)
			})
		}
	}
}

func TestHarnessReportsTrivyFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real trivy binary: not in -short mode")
	}
	ws := t.TempDir()
	write(t, ws, "terraform/broken/main.tf", fixtureVersions+`
resource "aws_security_group" "this" {
  name        = "open"
  description = "Deliberately open to the world."
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = aws_security_group.this.id
  description       = "SSH from anywhere."
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}
`)
	folders, err := Discover(ws)
	if err != nil {
		t.Fatal(err)
	}
	found := Trivy(context.Background(), ws, folders, filepath.Join(t.TempDir(), "cache"))
	assertFinding(t, found, "terraform/broken", "trivy", "main.tf", 19, "AWS-0107")

	// The same rule, suppressed in place with its reason, is no longer reported.
	write(t, ws, "terraform/broken/main.tf", strings.Replace(readFile(t, filepath.Join(ws, "terraform/broken/main.tf")),
		`resource "aws_vpc_security_group_ingress_rule" "ssh" {`,
		"# Accepted for this test: the rule exists to be suppressed.\n"+ignoreLine(found)+"\n"+`resource "aws_vpc_security_group_ingress_rule" "ssh" {`, 1))
	if again := Trivy(context.Background(), ws, folders, filepath.Join(t.TempDir(), "cache")); len(again) != 0 {
		t.Errorf("a finding suppressed in place is still reported: %v", again)
	}
}

// ignoreLine builds the in-place suppression for the first finding's check ID.
func ignoreLine(found []Finding) string {
	if len(found) == 0 {
		return ""
	}
	_, after, _ := strings.Cut(found[0].Message, "`#trivy:ignore:")
	id, _, _ := strings.Cut(after, "`")
	return "#trivy:ignore:" + id
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func assertFinding(t *testing.T, found []Finding, folder, step, file string, line int, msg string) {
	t.Helper()
	for _, f := range found {
		if f.Folder == folder && strings.HasPrefix(f.Step, step) && f.File == file && (line == 0 || f.Line == line) && strings.Contains(f.Message, msg) {
			return
		}
	}
	t.Errorf("no finding for %s/%s:%d (%s) containing %q; got:\n%v", folder, file, line, step, msg, found)
}

func TestHarnessReportsTFLintFinding(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real tflint binary: not in -short mode")
	}
	ws := t.TempDir()
	write(t, ws, "terraform/broken/main.tf", fixtureVersions+`
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
`)
	write(t, ws, "terraform/broken/variables.tf", `variable "cidr" {
  type = string
}
`)
	write(t, ws, "terraform/broken/outputs.tf", "")
	folders, err := Discover(ws)
	if err != nil {
		t.Fatal(err)
	}
	found := TFLint(context.Background(), ws, folders[0], filepath.Join(repoRoot(t), ".tflint.hcl"))
	assertFinding(t, found, "terraform/broken", "tflint", "variables.tf", 1, "terraform_documented_variables")
}
