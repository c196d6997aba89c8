package contract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const repoRoot = "../.."

func TestRepositoryContractAgrees(t *testing.T) {
	if err := Check(repoRoot); err != nil {
		t.Fatal(err)
	}
}

func TestSeedNamesAreInTheContract(t *testing.T) {
	want := []string{
		"/infra/vpc-id", "/infra/cluster-arn", "/infra/alb-arn", "/infra/alb-listener-arn",
		"/infra/private-subnet-ids", "/infra/public-subnet-ids", "/infra/efs-id",
	}
	names := Names()
	for _, n := range want {
		found := false
		for _, m := range names {
			found = found || m == n
		}
		if !found {
			t.Errorf("seed parameter %s missing from Names()", n)
		}
	}
	if got := SeedNames(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("SeedNames() = %v, want %v", got, want)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, Prefix) {
			t.Errorf("%s does not start with %s", n, Prefix)
		}
	}
}

func TestIsStringList(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{PrivateSubnetIDs, true},
		{PublicSubnetIDs, true},
		{AllowedEmails, true},
		{VPCID, false},
		{SSOBaseURL, false},
	}
	for _, tt := range tests {
		if got := IsStringList(tt.name); got != tt.want {
			t.Errorf("IsStringList(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestLiteralsFindsNamesAnywhere checks that a name is found whatever expression holds it.
func TestLiteralsFindsNamesAnywhere(t *testing.T) {
	dir := t.TempDir()
	src := `
locals {
  m = { "/infra/a" = { value = "x" } }
  l = ["/infra/b", upper("/infra/c")]
  t = var.x ? "/infra/d" : "other"
}
resource "aws_ssm_parameter" "p" {
  name = "/infra/e"
  # "/infra/comment" is not code
}
data "x" "y" {
  for_each = toset(["/infra/f"])
  name = "/not/infra"
}
`
	writeFile(t, filepath.Join(dir, "main.tf"), src)
	got, err := Literals(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "/infra/a,/infra/b,/infra/c,/infra/d,/infra/e,/infra/f"
	if strings.Join(got, ",") != want {
		t.Errorf("Literals() = %v, want %s", got, want)
	}
}

// TestCheckFailsOnABrokenCopy proves the check can fail: a copy of the repository's two
// folders with one name broken on one side must be reported, naming the name.
func TestCheckFailsOnABrokenCopy(t *testing.T) {
	tests := []struct {
		name     string
		dir      string // folder to break
		old, new string // replacement applied to every .tf file of dir
		addFile  string // or: a file added to dir
		wantErr  []string
	}{
		{
			name: "unchanged copy agrees",
		},
		{
			name:    "reader misspells a name",
			dir:     ReaderDir,
			old:     `"/infra/efs-id"`,
			new:     `"/infra/efs_id"`,
			wantErr: []string{"not read by terraform/modules/platform: /infra/efs-id", "/infra/efs_id"},
		},
		{
			name:    "writer drops a name",
			dir:     WriterDir,
			old:     `"/infra/alb-zone-id"`,
			new:     `"/elsewhere/alb-zone-id"`,
			wantErr: []string{"not written by terraform/base-infra: /infra/alb-zone-id"},
		},
		{
			name:    "writer adds a name nobody knows",
			dir:     WriterDir,
			addFile: `resource "aws_ssm_parameter" "extra" { name = "/infra/new-thing" }`,
			wantErr: []string{"not read by terraform/modules/platform: /infra/new-thing", "not declared in internal/contract: /infra/new-thing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{WriterDir, ReaderDir} {
				copyTF(t, filepath.Join(repoRoot, d), filepath.Join(root, d))
			}
			switch {
			case tt.addFile != "":
				writeFile(t, filepath.Join(root, tt.dir, "extra.tf"), tt.addFile)
			case tt.dir != "":
				replaceInTF(t, filepath.Join(root, tt.dir), tt.old, tt.new)
			}
			err := Check(root)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Check() = nil, want an error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Check() error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLiteralsErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"empty folder", nil, "no .tf files"},
		{"syntax error", map[string]string{"main.tf": "locals {"}, "parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				writeFile(t, filepath.Join(dir, name), src)
			}
			_, err := Literals(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Literals() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func copyTF(t *testing.T, from, to string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tf files in %s (err %v)", from, err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(to, filepath.Base(f)), string(src))
	}
}

func replaceInTF(t *testing.T, dir, old, new string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	replaced := false
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), old) {
			replaced = true
			writeFile(t, f, strings.ReplaceAll(string(src), old, new))
		}
	}
	if !replaced {
		t.Fatalf("%s not found in %s", old, dir)
	}
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
