package lambdazip

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestBuildArgs(t *testing.T) {
	got := BuildArgs("./cmd/presignup", "/tmp/x/bootstrap")
	want := []string{"build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc", "-ldflags", "-s -w -buildid=", "-o", "/tmp/x/bootstrap", "./cmd/presignup"}
	if !slices.Equal(got, want) {
		t.Errorf("BuildArgs() = %q, want %q", got, want)
	}
}

func TestBuildEnv(t *testing.T) {
	got := BuildEnv([]string{"HOME=/root", "GOOS=darwin", "GOARCH=amd64", "CGO_ENABLED=1", "GOFLAGS=-mod=mod"})
	want := []string{"HOME=/root", "GOFLAGS=-mod=mod", "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0"}
	if !slices.Equal(got, want) {
		t.Errorf("BuildEnv() = %q, want %q", got, want)
	}
}

func TestWriteZip(t *testing.T) {
	data := []byte("#!/bin/sh\necho hello\n")
	var a, b bytes.Buffer
	if err := WriteZip(&a, BinaryName, data); err != nil {
		t.Fatal(err)
	}
	if err := WriteZip(&b, BinaryName, data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two zips of the same content differ")
	}

	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 {
		t.Fatalf("zip has %d entries, want 1", len(zr.File))
	}
	f := zr.File[0]
	if f.Name != BinaryName {
		t.Errorf("entry name = %q, want %q", f.Name, BinaryName)
	}
	if got := f.Mode().Perm(); got != 0o755 {
		t.Errorf("entry mode = %v, want 0755", got)
	}
	if !f.Modified.Equal(zipTime) {
		t.Errorf("entry time = %v, want %v", f.Modified, zipTime)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("entry content = %q, want %q", got, data)
	}
}

const helloMain = `package main

import "fmt"

func main() { fmt.Println("hello from lambda") }
`

// TestBuildIsReproducible builds the same small module from two different
// folders and compares the zips' hashes: -trimpath, -buildid= and the fixed zip
// metadata must make them equal.
func TestBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go binary for linux/arm64")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	var results []Result
	for _, name := range []string{"first", "second-with-a-longer-path"} {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/hello\n\ngo 1.26\n")
		writeFile(t, filepath.Join(dir, "main.go"), helloMain)
		var stderr bytes.Buffer
		res, err := Build(context.Background(), Options{Package: ".", Out: "build/hello.zip", Dir: dir, Go: goCmd}, &stderr)
		if err != nil {
			t.Fatalf("Build() error = %v\n%s", err, stderr.String())
		}
		results = append(results, res)
	}
	if results[0].SHA256Hex != results[1].SHA256Hex {
		t.Fatalf("two builds differ: %s vs %s", results[0].SHA256Hex, results[1].SHA256Hex)
	}

	res := results[0]
	raw, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:]) != res.SHA256Hex || base64.StdEncoding.EncodeToString(sum[:]) != res.SHA256Base64 || int64(len(raw)) != res.Size {
		t.Errorf("Result %+v does not describe the file written", res)
	}
	checkArm64Bootstrap(t, raw)
}

func checkArm64Bootstrap(t *testing.T, zipBytes []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipBytes), int64(len(zipBytes)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	bin, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF binary: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap machine = %v, want %v", ef.Machine, elf.EM_AARCH64)
	}
	if ef.Section(".symtab") != nil {
		t.Error("bootstrap has a symbol table; -s -w should strip it")
	}
	if _, err := ef.DynamicSymbols(); err == nil {
		t.Error("bootstrap is dynamically linked; CGO_ENABLED=0 should make it static")
	}
}

func TestBuildFailureSaysWhatToDo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/broken\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() { undefined() }\n")
	var stderr bytes.Buffer
	_, err := Build(context.Background(), Options{Package: ".", Out: "x.zip", Dir: dir}, &stderr)
	if err == nil {
		t.Fatal("Build() of a broken package succeeded")
	}
	if _, statErr := os.Stat(filepath.Join(dir, "x.zip")); !os.IsNotExist(statErr) {
		t.Error("a failed build left a zip behind")
	}
	if !bytes.Contains(stderr.Bytes(), []byte("undefined")) {
		t.Errorf("the compiler's message did not reach stderr: %q", stderr.String())
	}
}

func TestBuildNeedsPackageAndOut(t *testing.T) {
	if _, err := Build(context.Background(), Options{Out: "x.zip"}, io.Discard); err == nil {
		t.Error("Build() without a package succeeded")
	}
	if _, err := Build(context.Background(), Options{Package: "."}, io.Discard); err == nil {
		t.Error("Build() without an output succeeded")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
