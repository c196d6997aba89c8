package allowlist

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// scriptedSSM answers each GetParameter with the next of its answers.
type scriptedSSM struct {
	answers []answer
	calls   int
}

type answer struct {
	value string // used when err is nil
	err   error
}

func (f *scriptedSSM) GetParameter(ctx context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	a := f.answers[min(f.calls, len(f.answers)-1)]
	f.calls++
	if a.err != nil {
		return nil, a.err
	}
	return &ssm.GetParameterOutput{Parameter: &types.Parameter{Name: in.Name, Value: aws.String(a.value)}}, nil
}

// A failed read refuses everyone (fail closed) but is retried within seconds,
// and a read stopped by its context is not remembered at all.
func TestSourceRetriesFailedReadsSoon(t *testing.T) {
	throttled := &types.InternalServerError{Message: aws.String("throttled")}
	timeout := fmt.Errorf("operation error SSM: GetParameter: %w", context.DeadlineExceeded)
	type load struct {
		after     time.Duration // clock advance before this Load
		cancelled bool          // the invocation's context is already done
		wantCalls int           // GetParameter calls so far
		wantAdmit bool          // a@example.com on the list
	}
	tests := []struct {
		name    string
		answers []answer
		loads   []load
	}{
		{
			name:    "cold-start timeout: the next invocation reads again at once",
			answers: []answer{{err: timeout}, {value: "a@example.com"}},
			loads: []load{
				{wantCalls: 1},
				{after: 10 * time.Millisecond, wantCalls: 2, wantAdmit: true},
				{after: 30 * time.Second, wantCalls: 2, wantAdmit: true},
			},
		},
		{
			name:    "cancelled invocation is not remembered",
			answers: []answer{{err: context.Canceled}, {value: "a@example.com"}},
			loads: []load{
				{cancelled: true, wantCalls: 1},
				{wantCalls: 2, wantAdmit: true},
			},
		},
		{
			name:    "SSM error: refused, retried after RetryInterval, not a minute",
			answers: []answer{{err: throttled}, {value: "a@example.com"}},
			loads: []load{
				{wantCalls: 1},
				{after: RetryInterval - time.Millisecond, wantCalls: 1},
				{after: time.Millisecond, wantCalls: 2, wantAdmit: true},
			},
		},
		{
			name:    "SSM keeps failing: at most one read per RetryInterval",
			answers: []answer{{err: throttled}},
			loads: []load{
				{wantCalls: 1},
				{after: time.Second, wantCalls: 1},
				{after: time.Second, wantCalls: 2},
				{after: time.Second, wantCalls: 2},
				{after: time.Second, wantCalls: 3},
			},
		},
		{
			name:    "an empty list is an answer: kept for RefreshInterval",
			answers: []answer{{value: ""}, {value: "a@example.com"}},
			loads: []load{
				{wantCalls: 1},
				{after: 30 * time.Second, wantCalls: 1},
				{after: 30 * time.Second, wantCalls: 2, wantAdmit: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := &scriptedSSM{answers: tt.answers}
			clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			s := newSource(f, "/p", clock.now)
			for i, l := range tt.loads {
				clock.advance(l.after)
				ctx, cancel := context.WithCancel(context.Background())
				if l.cancelled {
					cancel()
				}
				list, err := s.Load(ctx)
				cancel()
				if f.calls != l.wantCalls {
					t.Errorf("load %d: %d GetParameter calls, want %d", i, f.calls, l.wantCalls)
				}
				if got := list.Contains("a@example.com"); got != l.wantAdmit {
					t.Errorf("load %d: Contains = %v (err %v), want %v", i, got, err, l.wantAdmit)
				}
				if !l.wantAdmit && err == nil {
					t.Errorf("load %d: no error, want the read's error (fail closed)", i)
				}
				if errors.Is(err, context.Canceled) && !l.cancelled && i > 0 {
					t.Errorf("load %d: a remembered context error: %v", i, err)
				}
			}
		})
	}
}
