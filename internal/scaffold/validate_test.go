package scaffold

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hari328/platform/internal/tfcheck"
)

// TestScaffoldedExampleValidates writes an app folder from the real example, with module
// sources pointing back at this checkout (a relative path instead of the git URL, which needs
// the network), and runs `init` and `validate` on it with each CLI of PLATFORM_TF. It runs
// when the offline AWS provider is configured (as in `make test`) and the example exists.
func TestScaffoldedExampleValidates(t *testing.T) {
	example, err := filepath.Abs(filepath.Join("..", "..", "terraform", "examples", "tenant-app"))
	if err != nil {
		t.Fatal(err)
	}
	if tf, _ := filepath.Glob(filepath.Join(example, "*.tf")); len(tf) == 0 {
		t.Skipf("skipped: %s has no .tf files yet", example)
	}
	if !tfcheck.OfflineProvider() {
		t.Skip("skipped: TF_CLI_CONFIG_FILE does not point at the offline AWS provider (export TF_CLI_CONFIG_FILE=/root/.cache/offline-aws/terraformrc)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bins, err := tfcheck.Resolve(ctx, os.Getenv(tfcheck.EnvBinary))
	if err != nil {
		t.Skipf("skipped: %v", err)
	}
	modules, err := filepath.Abs(filepath.Join("..", "..", "terraform", "modules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bin := range bins {
		t.Run(bin.Name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "orders", "terraform")
			rel, err := filepath.Rel(dest, modules)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := New(Options{ExampleDir: example, DestDir: dest, Name: "orders", Host: "shop", ModuleSource: filepath.ToSlash(rel) + "/" + ModulePlaceholder}); err != nil {
				t.Fatalf("New: %v", err)
			}
			for _, args := range [][]string{{"init", "-input=false", "-backend=false", "-no-color"}, {"validate", "-no-color"}} {
				cmd := exec.CommandContext(ctx, bin.Path, args...)
				cmd.Dir = dest
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				if err := cmd.Run(); err != nil {
					t.Fatalf("%s %v in the scaffolded folder: %v\n%s", bin.Name, args, err, out.String())
				}
			}
		})
	}
}
