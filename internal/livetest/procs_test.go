package livetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// identity is a uid:gid pair as a task definition's `user` declares it.
type identity struct{ uid, gid uint32 }

func (i identity) String() string { return fmt.Sprintf("%d:%d", i.uid, i.gid) }

// parseUser reads an ECS container definition's "user" field ("uid:gid" or "uid").
func parseUser(s string) (identity, error) {
	u, g, ok := strings.Cut(s, ":")
	if !ok {
		g = u
	}
	uid, err1 := strconv.ParseUint(u, 10, 32)
	gid, err2 := strconv.ParseUint(g, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return identity{}, fmt.Errorf("parse user %q: %w: a task definition user must be numeric uid:gid", s, err)
	}
	return identity{uint32(uid), uint32(gid)}, nil
}

// syncBuffer is a goroutine-safe output sink for a child process.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is one running child process.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	err  error
}

// Exited reports whether the process has ended (and how).
func (p *proc) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// tail returns the last lines of the process's output, for failure messages.
func (p *proc) tail(n int) string {
	lines := strings.Split(strings.TrimRight(p.out.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runner starts processes as given users in their own process groups and stops every one of
// them in t.Cleanup, also when the test fails or panics.
type runner struct {
	t    *testing.T
	root bool // running as root: processes get the declared user; otherwise the current one
}

func newRunner(t *testing.T) *runner {
	r := &runner{t: t, root: os.Geteuid() == 0}
	if !r.root {
		t.Logf("not running as root (euid %d): every process runs as the current user, so file ownership between containers is NOT tested; run the suite as root (CI does) to test it", os.Geteuid())
	}
	return r
}

// start runs bin with args and env as user, logging its output when the test fails.
func (r *runner) start(name string, user identity, env []string, bin string, args ...string) *proc {
	r.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}, env...)
	cmd.Dir = "/"
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if r.root {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: user.uid, Gid: user.gid, Groups: []uint32{}}
	}
	if err := cmd.Start(); err != nil {
		r.t.Fatalf("start %s (%s): %v", name, bin, err)
	}
	p := &proc{name: name, cmd: cmd, out: out, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	r.t.Cleanup(func() {
		stopGroup(p)
		if r.t.Failed() {
			r.t.Logf("--- output of %s (as %s), last lines:\n%s", name, user, p.tail(25))
		}
	})
	return p
}

// stopGroup ends a process group: SIGTERM, then SIGKILL after 5 seconds.
func stopGroup(p *proc) {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
}

// freePort returns a free TCP port on 127.0.0.1.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free loopback port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitFor polls cond every 500ms until it returns nil or ctx ends; it returns cond's last error.
func waitFor(ctx context.Context, cond func() error) error {
	var err error
	for {
		if err = cond(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// workDir makes a directory every declared user can traverse (t.TempDir is 0700 and owned by
// the test's user) and removes it at the end.
func workDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "livetest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mkdirOwned creates dir with mode, owned by user when running as root.
func (r *runner) mkdirOwned(dir string, mode os.FileMode, user identity) {
	r.t.Helper()
	if err := os.MkdirAll(dir, mode); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		r.t.Fatal(err)
	}
	if r.root {
		if err := os.Chown(dir, int(user.uid), int(user.gid)); err != nil {
			r.t.Fatal(err)
		}
	}
}

// writeFile writes a file readable by every declared user (config files are baked in or
// delivered world-readable in the task definitions).
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// installBinary makes bin executable by every declared user: the tools cache lives under the
// invoking user's home, which other users usually cannot traverse. It hard-links when it can
// and copies otherwise.
func installBinary(t *testing.T, bin, dir string) string {
	t.Helper()
	dst := filepath.Join(dir, filepath.Base(bin))
	real, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatalf("resolve %s: %v", bin, err)
	}
	if err := os.Link(real, dst); err == nil {
		_ = os.Chmod(dst, 0o755)
		return dst
	}
	in, err := os.Open(real)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}
