package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixture = "testdata/repo/tf/examples/tenant-app"

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewRewritesTheFixture(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "terraform")
	res, err := New(Options{ExampleDir: fixture, DestDir: dest, Name: "orders", Host: "shop"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	main := read(t, filepath.Join(dest, "main.tf"))
	for _, want := range []string{
		`source = "git::https://github.com/hari328/platform.git//terraform/modules/platform?ref=main"`,
		`source = "git::https://github.com/hari328/platform.git//terraform/modules/ecs-service?ref=main"`,
		`host     = "shop" # -> shop.<domain>`,
		`name     = var.name`,
		`source = "./modules/helper"`,
		"# A fixture shaped like", // comments survive
	} {
		if !strings.Contains(main, want) {
			t.Errorf("main.tf lacks %q:\n%s", want, main)
		}
	}
	if strings.Contains(main, "../../modules") {
		t.Errorf("main.tf still points at the platform repo's folders:\n%s", main)
	}
	vars := read(t, filepath.Join(dest, "variables.tf"))
	if !strings.Contains(vars, `default     = "orders"`) || strings.Contains(vars, `"hello"`) {
		t.Errorf("variable name default not rewritten:\n%s", vars)
	}
	if _, err := os.Stat(filepath.Join(dest, "tests")); !os.IsNotExist(err) {
		t.Errorf("the example's tests assert its own name and host: they must not be copied (%v)", err)
	}
	if tfvars := read(t, filepath.Join(dest, "terraform.tfvars")); !strings.Contains(tfvars, "image =") {
		t.Errorf("the app's own terraform.tfvars must be copied as is:\n%s", tfvars)
	}
	if _, err := os.Stat(filepath.Join(dest, "modules", "helper", "main.tf")); err != nil {
		t.Errorf("helper module inside the example not copied: %v", err)
	}
	if backend := read(t, filepath.Join(dest, "backend.tf")); !strings.Contains(backend, "apps/orders/terraform.tfstate") {
		t.Errorf("backend comment still names the example's state key:\n%s", backend)
	}
	if len(res.Modules) != 2 || len(res.Files) != 6 {
		t.Errorf("result = %+v, want 2 modules and 6 files (README, backend, main, terraform.tfvars, variables, helper)", res)
	}
}

func TestNewLiteralNameAndLocal(t *testing.T) {
	example := t.TempDir()
	os.WriteFile(filepath.Join(example, "main.tf"), []byte(`locals {
  host = "hello" // served at hello.<domain>, not at helloworld
}

module "app" {
  source = "../modules/ecs-service"
  name   = "hello"
  host   = local.host
}
`), 0o644)
	dest := filepath.Join(t.TempDir(), "tf")
	if _, err := New(Options{ExampleDir: example, DestDir: dest, Name: "orders", Host: "shop", ModuleSource: "git::ssh://git@example.com/p.git//m/<m>?ref=v1.2.0"}); err != nil {
		t.Fatalf("New: %v", err)
	}
	main := read(t, filepath.Join(dest, "main.tf"))
	for _, want := range []string{`host = "shop" // served at shop.<domain>, not at helloworld`, `name   = "orders"`, `source = "git::ssh://git@example.com/p.git//m/ecs-service?ref=v1.2.0"`} {
		if !strings.Contains(main, want) {
			t.Errorf("main.tf lacks %q:\n%s", want, main)
		}
	}
}

func TestNewRefusesAndWritesNothing(t *testing.T) {
	tests := []struct {
		name    string
		opt     func(dest string) Options
		prepare func(t *testing.T, dest string)
		wantErr string
	}{
		{"bad name", func(d string) Options { return Options{ExampleDir: fixture, DestDir: d, Name: "Orders", Host: "shop"} }, nil, `invalid app name "Orders"`},
		{"name too short", func(d string) Options { return Options{ExampleDir: fixture, DestDir: d, Name: "o", Host: "shop"} }, nil, "invalid app name"},
		{"host with a dot", func(d string) Options {
			return Options{ExampleDir: fixture, DestDir: d, Name: "orders", Host: "shop.eu"}
		}, nil, `invalid --host "shop.eu"`},
		{"host ending in hyphen", func(d string) Options { return Options{ExampleDir: fixture, DestDir: d, Name: "orders", Host: "shop-"} }, nil, "invalid --host"},
		{"module source without placeholder", func(d string) Options {
			return Options{ExampleDir: fixture, DestDir: d, Name: "orders", Host: "shop", ModuleSource: "git::https://x/y.git"}
		}, nil, "must contain <m>"},
		{"missing example", func(d string) Options {
			return Options{ExampleDir: "testdata/nowhere", DestDir: d, Name: "orders", Host: "shop"}
		}, nil, "pass the platform repository with --repo"},
		{"existing folder", func(d string) Options { return Options{ExampleDir: fixture, DestDir: d, Name: "orders", Host: "shop"} },
			func(t *testing.T, d string) {
				os.MkdirAll(d, 0o755)
				os.WriteFile(filepath.Join(d, "main.tf"), []byte("# mine\n"), 0o644)
			}, "refusing to overwrite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "terraform")
			if tt.prepare != nil {
				tt.prepare(t, dest)
			}
			_, err := New(tt.opt(dest))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error must be one line: %q", err)
			}
			if tt.prepare == nil {
				if _, statErr := os.Stat(dest); !os.IsNotExist(statErr) {
					t.Errorf("a refused scaffold left %s behind", dest)
				}
			} else if got := read(t, filepath.Join(dest, "main.tf")); got != "# mine\n" {
				t.Errorf("existing file was overwritten: %q", got)
			}
		})
	}
}

func TestNewEmptyFolderIsAccepted(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "terraform")
	os.MkdirAll(dest, 0o755)
	if _, err := New(Options{ExampleDir: fixture, DestDir: dest, Name: "orders", Host: "shop"}); err != nil {
		t.Fatalf("New into an empty folder: %v", err)
	}
}

func TestNewUnsupportedExpression(t *testing.T) {
	example := t.TempDir()
	os.WriteFile(filepath.Join(example, "main.tf"), []byte(`module "app" {
  source = "../modules/ecs-service"
  name   = "${var.prefix}-api"
  host   = "api"
}
`), 0o644)
	dest := filepath.Join(t.TempDir(), "tf")
	_, err := New(Options{ExampleDir: example, DestDir: dest, Name: "orders", Host: "shop"})
	if err == nil || !strings.Contains(err.Error(), "cannot rewrite") {
		t.Fatalf("error = %v, want 'cannot rewrite'", err)
	}
	if _, statErr := os.Stat(dest); !os.IsNotExist(statErr) {
		t.Errorf("a failed rewrite left %s behind", dest)
	}
}

func TestSkipsWorkingData(t *testing.T) {
	example := t.TempDir()
	os.WriteFile(filepath.Join(example, "main.tf"), []byte("module \"app\" {\n  source = \"../modules/ecs-service\"\n  name = \"a1\"\n  host = \"a\"\n}\n"), 0o644)
	os.MkdirAll(filepath.Join(example, ".terraform", "modules"), 0o755)
	os.WriteFile(filepath.Join(example, ".terraform", "modules", "modules.json"), []byte("{}"), 0o644)
	for _, f := range []string{".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup", "backend_override.tf"} {
		os.WriteFile(filepath.Join(example, f), []byte("x"), 0o644)
	}
	dest := filepath.Join(t.TempDir(), "tf")
	res, err := New(Options{ExampleDir: example, DestDir: dest, Name: "orders", Host: "shop"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0] != "main.tf" {
		t.Errorf("files = %q, want only main.tf", res.Files)
	}
}

// TestRealExample runs over the repository's own example, when it exists.
func TestRealExample(t *testing.T) {
	example := filepath.Join("..", "..", "terraform", "examples", "tenant-app")
	entries, _ := filepath.Glob(filepath.Join(example, "*.tf"))
	if len(entries) == 0 {
		t.Skipf("skipped: %s has no .tf files yet", example)
	}
	dest := filepath.Join(t.TempDir(), "terraform")
	res, err := New(Options{ExampleDir: example, DestDir: dest, Name: "orders", Host: "shop"})
	if err != nil {
		t.Fatalf("New over the real example: %v", err)
	}
	found := false
	for _, m := range res.Modules {
		if strings.HasSuffix(m, "//terraform/modules/ecs-service?ref=main") {
			found = true
		}
	}
	if !found {
		t.Errorf("modules = %q, want the ecs-service module rewritten", res.Modules)
	}
	for _, f := range res.Files {
		if !strings.HasSuffix(f, ".tf") && !strings.HasSuffix(f, ".tftest.hcl") {
			continue
		}
		if body := read(t, filepath.Join(dest, f)); strings.Contains(body, "../modules/") {
			t.Errorf("%s still points into the platform repo:\n%s", f, body)
		}
	}
	if len(res.Rewrites) < 2 {
		t.Errorf("rewrites = %q, want name and host set", res.Rewrites)
	}
}
