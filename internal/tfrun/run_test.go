package tfrun

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestExecStreamsOutputAndRunsInDir(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	err := Exec{Bin: "sh", Env: []string{"TF_IN_AUTOMATION=1"}}.Run(context.Background(), dir, []string{"-c", "pwd; echo $TF_IN_AUTOMATION; echo oops >&2"}, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, dir+"\n") || !strings.Contains(got, "1\n") {
		t.Errorf("stdout = %q, want the folder and TF_IN_AUTOMATION=1", got)
	}
	if errb.String() != "oops\n" {
		t.Errorf("stderr = %q", errb.String())
	}
}

// Cancelling the context interrupts Terraform (it can then release its
// state lock) instead of killing it.
func TestExecInterruptsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Exec{Bin: "sh"}.Run(ctx, t.TempDir(), []string{"-c", "trap 'echo interrupted; exit 7' INT; echo ready; while :; do sleep 0.05; done"}, out, out)
	}()
	for !strings.Contains(out.String(), "ready") {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 7 {
			t.Fatalf("err = %v, want exit status 7 from the INT trap", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the process did not stop after the interrupt")
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
