package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsimple"

	"github.com/hari328/platform/internal/layers"
	"github.com/hari328/platform/internal/tfrun"
)

// StateDirName is the git-ignored folder, at the repository root, where
// platformctl writes the backend settings every layer but bootstrap uses
// (backend.hcl). The bootstrap layer's own state is local only on its very
// first apply and then lives in the bucket it created, under
// bootstrap/terraform.tfstate (bootstrap.go, docs/decisions/0008-*).
const StateDirName = ".platform"

// workspace says where Terraform runs for each layer and where state lives.
//
// Normally Terraform runs in terraform/<layer> and every layer but bootstrap
// keeps its state in the S3 bucket. With PLATFORM_BACKEND=local (offline
// trials, the end-to-end test) every state stays on this machine under
// .platform/state/<layer>.tfstate, and Terraform runs from a copy of
// terraform/ in .platform/work/ whose roots get a backend_override.tf
// selecting the local backend at that path; the repository's folders are
// not touched.
type workspace struct {
	repo     string
	stateDir string
	local    bool
}

func newWorkspace(env *Env) (workspace, error) {
	w := workspace{repo: env.RepoRoot, stateDir: filepath.Join(env.RepoRoot, StateDirName)}
	switch mode := env.Getenv("PLATFORM_BACKEND"); mode {
	case "", "s3":
	case "local":
		w.local = true
	default:
		return w, usagef("PLATFORM_BACKEND=%q is not a backend: unset it (S3, the default) or set it to local", mode)
	}
	return w, nil
}

func (w workspace) tfRoot() string {
	if w.local {
		return filepath.Join(w.stateDir, "work", "terraform")
	}
	return filepath.Join(w.repo, "terraform")
}

// dir is the folder Terraform runs in for l.
func (w workspace) dir(l layers.Layer) string { return filepath.Join(w.tfRoot(), l.Name) }

// statePath is the local state file of l, or "" when its state is in S3.
func (w workspace) statePath(l layers.Layer) string {
	switch {
	case w.local:
		return filepath.Join(w.stateDir, "state", l.Name+".tfstate")
	case l.LocalState:
		return filepath.Join(w.dir(l), "terraform.tfstate")
	}
	return ""
}

func (w workspace) backendFile() string { return filepath.Join(w.stateDir, "backend.hcl") }

// prepare creates .platform/ and, in local mode, the working copy.
func (w workspace) prepare() error {
	if err := os.MkdirAll(w.stateDir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w: check the permissions of the repository folder", w.stateDir, err)
	}
	if !w.local {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(w.stateDir, "state"), 0o700); err != nil {
		return fmt.Errorf("create local state folder: %w", err)
	}
	if err := syncTree(filepath.Join(w.repo, "terraform"), w.tfRoot()); err != nil {
		return fmt.Errorf("copy terraform/ to %s: %w: delete that folder and re-run", w.tfRoot(), err)
	}
	// Layers may refer to files beside terraform/ (build/presignup.zip).
	build := filepath.Join(w.stateDir, "work", "build")
	if _, err := os.Lstat(build); errors.Is(err, fs.ErrNotExist) {
		if err := os.Symlink(filepath.Join(w.repo, "build"), build); err != nil {
			return fmt.Errorf("link build/ into the working copy: %w", err)
		}
	}
	for _, l := range layers.All {
		override := filepath.Join(w.dir(l), "backend_override.tf")
		content := fmt.Sprintf("# Written by platformctl (PLATFORM_BACKEND=local): state stays on this machine.\nterraform {\n  backend \"local\" {\n    path = %q\n  }\n}\n", w.statePath(l))
		if err := os.WriteFile(override, []byte(content), 0o600); err != nil {
			return fmt.Errorf("write %s: %w", override, err)
		}
	}
	return nil
}

// syncTree copies the files of src into dst, replacing what dst had except
// Terraform's working folders (.terraform), so providers stay installed.
func syncTree(src, dst string) error {
	if err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), ".terraform") {
			return os.Remove(p)
		}
		return nil
	}); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		// A developer's own backend override or state never goes into the copy.
		if strings.HasPrefix(d.Name(), ".terraform") || strings.Contains(d.Name(), ".tfstate") || d.Name() == "backend_override.tf" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

// backendSettings is .platform/backend.hcl: the S3 backend settings from the
// bootstrap outputs. It is also a valid file for `terraform init
// -backend-config=../../.platform/backend.hcl` by hand.
type backendSettings struct {
	Bucket      string   `hcl:"bucket"`
	Region      string   `hcl:"region"`
	UseLockfile bool     `hcl:"use_lockfile,optional"`
	Encrypt     bool     `hcl:"encrypt,optional"`
	Remain      hcl.Body `hcl:",remain"`
}

func (w workspace) writeBackend(b tfrun.Backend) error {
	content := fmt.Sprintf(`# Written by platformctl bootstrap from the bootstrap layer's outputs.
# Every layer's state: bucket + key "<layer>/terraform.tfstate" (docs/contract.md).
bucket       = %q
region       = %q
use_lockfile = true
encrypt      = true
`, b.Bucket, b.Region)
	tmp := w.backendFile() + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return fmt.Errorf("write backend settings: %w", err)
	}
	if err := os.Rename(tmp, w.backendFile()); err != nil {
		return fmt.Errorf("write backend settings: %w", err)
	}
	return nil
}

// readBackend returns the backend settings, ok=false when bootstrap has not
// written them yet.
func (w workspace) readBackend() (tfrun.Backend, bool, error) {
	var s backendSettings
	if _, err := os.Stat(w.backendFile()); errors.Is(err, fs.ErrNotExist) {
		return tfrun.Backend{}, false, nil
	}
	if err := hclsimple.DecodeFile(w.backendFile(), nil, &s); err != nil {
		return tfrun.Backend{}, false, fmt.Errorf("read %s: %v: delete it and run 'platformctl bootstrap'", w.backendFile(), err)
	}
	if s.Bucket == "" || s.Region == "" {
		return tfrun.Backend{}, false, fmt.Errorf("read %s: bucket or region is empty: delete it and run 'platformctl bootstrap'", w.backendFile())
	}
	return tfrun.Backend{Bucket: s.Bucket, Region: s.Region}, true, nil
}
