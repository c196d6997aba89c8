// Package lambdazip builds a Go Lambda function for the provided.al2023 runtime on
// arm64 and packs it into a reproducible zip: the same source and Go version give
// the same bytes, so Terraform's filebase64sha256 of the zip changes only when the
// code does (docs/decisions/0012-aws-provider-only.md).
package lambdazip

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// BinaryName is the executable the provided.al2023 runtime starts.
const BinaryName = "bootstrap"

// zipTime is the modification time written for every entry: the earliest time a
// zip (MS-DOS) timestamp can hold, so no build date leaks into the archive.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// Target environment: Lambda's provided.al2023 runtime on Graviton.
var targetEnv = map[string]string{
	"GOOS":        "linux",
	"GOARCH":      "arm64",
	"CGO_ENABLED": "0",
}

// Options says what to build and where.
type Options struct {
	Package string // Go package to build, e.g. ./cmd/presignup
	Out     string // zip file to write; parent folders are created
	Dir     string // working directory for `go build` (the module); "" = current
	Go      string // go command; "" = "go"
}

// Result describes the zip written.
type Result struct {
	Path         string
	SHA256Hex    string
	SHA256Base64 string // what Terraform's filebase64sha256 returns
	Size         int64
}

// BuildArgs is the `go build` argument list producing binOut from pkg:
// no paths, VCS stamps or build ids in the binary, symbols stripped, and the
// lambda.norpc tag (the provided runtimes need no RPC mode).
func BuildArgs(pkg, binOut string) []string {
	return []string{
		"build",
		"-trimpath",
		"-buildvcs=false",
		"-tags", "lambda.norpc",
		"-ldflags", "-s -w -buildid=",
		"-o", binOut,
		pkg,
	}
}

// BuildEnv is base (usually os.Environ()) with the target platform forced.
func BuildEnv(base []string) []string {
	env := make([]string, 0, len(base)+len(targetEnv))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if _, forced := targetEnv[k]; !forced {
			env = append(env, kv)
		}
	}
	for _, k := range []string{"GOOS", "GOARCH", "CGO_ENABLED"} {
		env = append(env, k+"="+targetEnv[k])
	}
	return env
}

// Build compiles opts.Package and writes the zip to opts.Out. The go command's
// own output goes to stderr.
func Build(ctx context.Context, opts Options, stderr io.Writer) (Result, error) {
	if opts.Package == "" || opts.Out == "" {
		return Result{}, fmt.Errorf("build lambda zip: a package and an output path are required; pass -pkg and -out")
	}
	goCmd := opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	tmp, err := os.MkdirTemp("", "lambdazip-")
	if err != nil {
		return Result{}, fmt.Errorf("create build folder: %w", err)
	}
	defer os.RemoveAll(tmp)

	bin := filepath.Join(tmp, BinaryName)
	cmd := exec.CommandContext(ctx, goCmd, BuildArgs(opts.Package, bin)...)
	cmd.Dir = opts.Dir
	cmd.Env = BuildEnv(os.Environ())
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return Result{}, fmt.Errorf("go build %s for linux/arm64: %w; fix the compile errors above, or run `go build %s` to see them", opts.Package, err, opts.Package)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return Result{}, fmt.Errorf("read built binary: %w", err)
	}

	var buf bytes.Buffer
	if err := WriteZip(&buf, BinaryName, data); err != nil {
		return Result{}, err
	}
	out := opts.Out
	if opts.Dir != "" && !filepath.IsAbs(out) {
		out = filepath.Join(opts.Dir, out)
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return Result{}, err
	}
	sum := sha256.Sum256(buf.Bytes())
	return Result{
		Path:         out,
		SHA256Hex:    hex.EncodeToString(sum[:]),
		SHA256Base64: base64.StdEncoding.EncodeToString(sum[:]),
		Size:         int64(buf.Len()),
	}, nil
}

// WriteZip writes a zip holding one executable file name with content data,
// with a fixed timestamp and mode 0755, so equal content gives equal bytes.
func WriteZip(w io.Writer, name string, data []byte) error {
	zw := zip.NewWriter(w)
	hdr := &zip.FileHeader{
		Name:     name,
		Method:   zip.Deflate,
		Modified: zipTime,
	}
	hdr.SetMode(0o755) // Lambda runs bootstrap only if it is executable
	f, err := zw.CreateHeader(hdr)
	if err != nil {
		return fmt.Errorf("add %s to zip: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("compress %s: %w", name, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish zip: %w", err)
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so a reader (Terraform) never sees half a zip.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // no-op after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("set mode of %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}
