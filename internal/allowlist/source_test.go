package allowlist

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// fakeSSM answers GetParameter with whatever value/err hold at the time of the call.
type fakeSSM struct {
	value *string
	err   error
	calls int
	names []string
}

func (f *fakeSSM) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.calls++
	f.names = append(f.names, aws.ToString(in.Name))
	if f.err != nil {
		return nil, f.err
	}
	return &ssm.GetParameterOutput{Parameter: &types.Parameter{
		Name:  in.Name,
		Type:  types.ParameterTypeStringList,
		Value: f.value,
	}}, nil
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestSourceLoad(t *testing.T) {
	tests := []struct {
		name      string
		value     *string
		err       error
		wantLen   int
		wantErrIs error
		wantErr   bool
	}{
		{name: "list", value: aws.String("a@example.com,b@example.com"), wantLen: 2},
		{name: "empty value", value: aws.String(""), wantErr: true, wantErrIs: ErrEmpty},
		{name: "only separators", value: aws.String(" , "), wantErr: true, wantErrIs: ErrEmpty},
		{name: "no value in the response", value: nil, wantErr: true},
		{name: "unreadable", err: &types.ParameterNotFound{Message: aws.String("not found")}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSSM{value: tt.value, err: tt.err}
			s := NewSource(f, DefaultParameterName)
			l, err := s.Load(context.Background())
			if (err != nil) != tt.wantErr {
				t.Fatalf("Load() error = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErrIs != nil && !errors.Is(err, tt.wantErrIs) {
				t.Errorf("Load() error = %v, want errors.Is %v", err, tt.wantErrIs)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("Load() error = %v, want it to wrap the SSM error", err)
			}
			if l.Len() != tt.wantLen {
				t.Errorf("Load() list has %d entries, want %d", l.Len(), tt.wantLen)
			}
			if len(f.names) != 1 || f.names[0] != DefaultParameterName {
				t.Errorf("GetParameter names = %q, want one call for %q", f.names, DefaultParameterName)
			}
		})
	}
}

func TestSourceReadsAtMostOncePerInterval(t *testing.T) {
	f := &fakeSSM{value: aws.String("a@example.com")}
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := newSource(f, "/p", clock.now)
	ctx := context.Background()

	steps := []struct {
		advance   time.Duration
		setValue  *string
		setErr    error
		wantCalls int
		wantA     bool
		wantB     bool
		wantErr   bool
	}{
		{advance: 0, wantCalls: 1, wantA: true},
		{advance: 59 * time.Second, setValue: aws.String("b@example.com"), wantCalls: 1, wantA: true}, // cached
		{advance: time.Second, wantCalls: 2, wantB: true},                                             // 60 s: re-read
		{advance: time.Minute, setErr: errors.New("throttled"), wantCalls: 3, wantErr: true},          // failure
		{advance: time.Second, setErr: nil, wantCalls: 3, wantErr: true},                              // failure remembered briefly
		{advance: time.Second, wantCalls: 4, wantB: true},                                             // recovered after RetryInterval
		{advance: -time.Hour, wantCalls: 5, wantB: true},                                              // clock went back: re-read
	}
	for i, st := range steps {
		clock.advance(st.advance)
		if st.setValue != nil {
			f.value = st.setValue
		}
		f.err = st.setErr
		l, err := s.Load(ctx)
		if (err != nil) != st.wantErr {
			t.Fatalf("step %d: Load() error = %v, wantErr %v", i, err, st.wantErr)
		}
		if f.calls != st.wantCalls {
			t.Errorf("step %d: %d GetParameter calls, want %d", i, f.calls, st.wantCalls)
		}
		if got := l.Contains("a@example.com"); got != st.wantA {
			t.Errorf("step %d: Contains(a) = %v, want %v", i, got, st.wantA)
		}
		if got := l.Contains("b@example.com"); got != st.wantB {
			t.Errorf("step %d: Contains(b) = %v, want %v", i, got, st.wantB)
		}
	}
}
