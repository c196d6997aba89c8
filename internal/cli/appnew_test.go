package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withExample copies the scaffold package's fixture into the test repository as
// terraform/examples/tenant-app.
func withExample(t *testing.T, te *testEnv) {
	t.Helper()
	src := filepath.Join("..", "scaffold", "testdata", "repo", "tf", "examples", "tenant-app")
	dst := filepath.Join(te.repo, "terraform", "examples", "tenant-app")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(dst, rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAppNew(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withExample(t, te)
	dest := filepath.Join(t.TempDir(), "orders", "terraform")
	if code := te.run("app", "new", "orders", "--host", "shop", "--dir", dest); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	if !strings.Contains(te.stdout.String(), filepath.Join(dest, "main.tf")) {
		t.Errorf("stdout = %q, want the files written", te.stdout.String())
	}
	for _, want := range []string{"wrote app orders (host shop)", "key=apps/orders/terraform.tfstate"} {
		if !strings.Contains(te.stderr.String(), want) {
			t.Errorf("stderr = %q, want %q", te.stderr.String(), want)
		}
	}
	main, err := os.ReadFile(filepath.Join(dest, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(main), "git::https://github.com/hari328/platform.git//terraform/modules/ecs-service?ref=main") {
		t.Errorf("main.tf has no git module source:\n%s", main)
	}
	if calls := te.aws.Calls(); len(calls) != 0 {
		t.Errorf("app new called AWS: %v", calls)
	}
}

func TestAppNewDefaultDir(t *testing.T) {
	t.Parallel()
	te := newTestEnv(t)
	withExample(t, te)
	if code := te.run("app", "new", "orders", "--host", "shop", "--module-source", "git::https://example.com/fork.git//terraform/modules/<m>?ref=v2"); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, te.stderr.String())
	}
	main, err := os.ReadFile(filepath.Join(filepath.Dir(te.repo), "orders", "terraform", "main.tf"))
	if err != nil {
		t.Fatalf("default --dir is ../NAME/terraform beside the repository: %v", err)
	}
	if !strings.Contains(string(main), "git::https://example.com/fork.git//terraform/modules/ecs-service?ref=v2") {
		t.Errorf("--module-source not used:\n%s", main)
	}
}

func TestAppNewBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"no sub-command", []string{"app"}, ExitUsage, "app needs the sub-command new"},
		{"no name", []string{"app", "new", "--host", "shop"}, ExitUsage, "exactly one NAME"},
		{"no host", []string{"app", "new", "orders"}, ExitUsage, "app new needs --host"},
		{"bad name", []string{"app", "new", "Orders_1", "--host", "shop"}, ExitUsage, `invalid app name "Orders_1"`},
		{"bad host", []string{"app", "new", "orders", "--host", "shop.eu"}, ExitUsage, `invalid --host "shop.eu"`},
		{"bad module source", []string{"app", "new", "orders", "--host", "shop", "--module-source", "git::https://x/y.git"}, ExitUsage, "must contain <m>"},
		{"existing folder", []string{"app", "new", "orders", "--host", "shop", "--dir", "."}, ExitFailed, "refusing to overwrite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			withExample(t, te)
			if code := te.run(tt.args...); code != tt.wantCode {
				t.Errorf("exit %d, want %d", code, tt.wantCode)
			}
			if msg := te.stderr.String(); !strings.Contains(msg, tt.want) || strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr = %q, want one line containing %q", msg, tt.want)
			}
		})
	}
}
