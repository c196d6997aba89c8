//go:build unix

package tfrun

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests press Ctrl-C the way a terminal does: the test starts a stand-in
// for platformctl (this test binary, in interruptCaller mode) as the leader of
// its own process group, like a shell's foreground job, and sends SIGINT to
// that whole group with kill(-pgid). The stand-in runs a stand-in for
// Terraform (this binary again, in fakeTerraform mode) through Exec.Run. The
// fake counts the interrupts it gets and, like Terraform, writes its state
// after the first and exits at once on the second.

const (
	modeEnv    = "TFRUN_TEST_MODE"
	workEnv    = "TFRUN_TEST_DIR"
	slowEnv    = "TFRUN_TEST_SLOW_STATE"
	modeCaller = "interruptCaller"
	modeFake   = "fakeTerraform"
)

func TestMain(m *testing.M) {
	switch os.Getenv(modeEnv) {
	case modeCaller:
		os.Exit(interruptCaller())
	case modeFake:
		os.Exit(fakeTerraform())
	}
	os.Exit(m.Run())
}

// interruptCaller does what cmd/platformctl does around one Terraform run.
func interruptCaller() int {
	ctx, stop := NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	self, err := os.Executable()
	if err != nil {
		return 100
	}
	err = Exec{Bin: self, Env: []string{modeEnv + "=" + modeFake}}.Run(ctx, os.Getenv(workEnv), nil, os.Stdout, os.Stderr)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return 101
	}
	return 0
}

// fakeTerraform behaves like Terraform on interrupts: the first starts a
// graceful stop that ends with the state written; the second exits at once.
func fakeTerraform() int {
	dir := os.Getenv(workEnv)
	ints := make(chan os.Signal, 8)
	signal.Notify(ints, os.Interrupt)
	log := func(line string) {
		f, err := os.OpenFile(filepath.Join(dir, "log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err == nil {
			_, _ = f.WriteString(line + "\n")
			_ = f.Close()
		}
	}
	log("ready")
	<-ints
	log("interrupt")
	slow, _ := time.ParseDuration(os.Getenv(slowEnv))
	select {
	case <-ints:
		log("interrupt")
		log("forced: Two interrupts received. Exiting immediately.")
		return 2
	case <-time.After(slow):
	}
	if err := os.WriteFile(filepath.Join(dir, "state"), []byte("saved"), 0o600); err != nil {
		return 3
	}
	log("state written")
	// Any interrupt still arriving now would be a second one.
	select {
	case <-ints:
		log("interrupt")
	case <-time.After(300 * time.Millisecond):
	}
	return 1
}

func TestCtrlCReachesTerraformOnce(t *testing.T) {
	tests := []struct {
		name      string
		slowState time.Duration // how long the fake takes to write its state
		presses   int           // Ctrl-C presses
		wantLog   []string
		wantState bool
		wantExit  int
	}{
		{
			name:      "one Ctrl-C: one interrupt, state written",
			slowState: 500 * time.Millisecond,
			presses:   1,
			wantLog:   []string{"ready", "interrupt", "state written"},
			wantState: true,
			wantExit:  1,
		},
		{
			name:      "second Ctrl-C forces",
			slowState: time.Minute,
			presses:   2,
			wantLog:   []string{"ready", "interrupt", "interrupt", "forced: Two interrupts received. Exiting immediately."},
			wantExit:  2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			self, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			caller := exec.Command(self)
			caller.Env = append(os.Environ(), modeEnv+"="+modeCaller, workEnv+"="+dir, slowEnv+"="+tt.slowState.String())
			caller.Stderr = &stderr
			caller.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the terminal's foreground job
			if err := caller.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- caller.Wait() }()
			t.Cleanup(func() {
				_ = syscall.Kill(-caller.Process.Pid, syscall.SIGKILL)
			})

			waitForLog(t, dir, 1)
			for i := 1; i <= tt.presses; i++ {
				// Ctrl-C: SIGINT to every process of the foreground group.
				if err := syscall.Kill(-caller.Process.Pid, syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
				if i < tt.presses {
					waitForLog(t, dir, 1+i) // the fake saw this interrupt
				}
			}
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("platformctl did not return after %d Ctrl-C; log:\n%s", tt.presses, readLog(dir))
			}
			var exit *exec.ExitError
			if code := 0; !errors.As(err, &exit) || exit.ExitCode() != tt.wantExit {
				if exit != nil {
					code = exit.ExitCode()
				}
				t.Errorf("exit code = %d (%v), want %d (Terraform's own)", code, err, tt.wantExit)
			}
			if got := readLog(dir); got != strings.Join(tt.wantLog, "\n")+"\n" {
				t.Errorf("Terraform's log:\n%s\nwant:\n%s", got, strings.Join(tt.wantLog, "\n"))
			}
			_, statErr := os.Stat(filepath.Join(dir, "state"))
			if gotState := statErr == nil; gotState != tt.wantState {
				t.Errorf("state written = %v, want %v", gotState, tt.wantState)
			}
			if !strings.Contains(stderr.String(), "waiting for Terraform to stop cleanly") {
				t.Errorf("stderr = %q, want the line telling the user to wait", stderr.String())
			}
		})
	}
}

func readLog(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "log"))
	return string(b)
}

// waitForLog waits until the fake has logged n lines.
func waitForLog(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(readLog(dir), "\n") < n {
		if time.Now().After(deadline) {
			t.Fatalf("the fake Terraform logged %q, want %d line(s)", readLog(dir), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestForceInterruptsOnlyFromNotifyContext(t *testing.T) {
	if ch := ForceInterrupts(context.Background()); ch != nil {
		t.Errorf("ForceInterrupts(Background) = %v, want nil", ch)
	}
	ctx, stop := NotifyContext(context.Background(), syscall.SIGUSR1)
	defer stop()
	if ForceInterrupts(ctx) == nil {
		t.Fatal("ForceInterrupts of a NotifyContext context is nil")
	}
	stop()
	if ctx.Err() == nil {
		t.Error("stop did not cancel the context")
	}
}
